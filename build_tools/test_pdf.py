"""Unit tests of the print-HTML functions (pure, tree to tree)."""

import lxml.html

from build_tools import pdf


def tree(html):
    return lxml.html.document_fromstring(html).getroottree()


def test_single_page_links_keep_only_the_anchor():
    t = pdf.fix_single_page_links(
        tree('<a href="#document-net/ws#net-ws-swot">x</a><a href="#document-net/ws">y</a>')
    )
    assert [a.get("href") for a in t.iter("a")] == ["#net-ws-swot", "#document-net/ws"]


def test_chapters_move_up_one_level_and_lose_the_book_title():
    html = (
        '<div class="body"><section id="book"><h1>Book</h1><p class="subtitle">Sub</p>'
        '<section id="c1"><h2>Chapter</h2><section id="s"><h3>Sec</h3></section></section>'
        "</section></div>"
    )
    t = pdf.mark_chapters(pdf.flatten_book(tree(html)))
    assert [h.tag for h in t.iter("h1", "h2", "h3")] == ["h1", "h2"]
    assert "chapter" in t.find(".//section[@id='c1']").get("class")
    assert t.find(".//p[@class='subtitle']") is None


def test_page_references_only_on_section_links():
    html = (
        '<a class="reference internal" href="#a"><span class="std std-ref">A</span></a>'
        '<a class="reference internal" href="#t"><span class="std std-term">T</span></a>'
    )
    t = pdf.page_references(tree(html))
    assert [("page-ref" in a.get("class")) for a in t.iter("a")] == [True, False]


def test_page_css_sets_the_page_size_and_the_translated_word():
    css = pdf.page_css("A5", "الصفحة")
    assert "size: A5" in css and "الصفحة" in css


def test_the_page_number_never_starts_a_line_apart_from_its_word():
    assert '"page\u00a0" target-counter(' in pdf.page_css("A4", "page")


def test_right_to_left_books_swap_margins_and_running_heads():
    css = pdf.page_css("A4", "page", rtl=True)
    assert "@page :left { margin-left: 16mm; margin-right: 20mm" in css
    assert "page" in pdf.page_css("A4", "page") and ":left" not in pdf.page_css("A4", "page")


def test_a_short_lead_in_stays_with_its_table_or_list():
    html = (
        "<div><p><strong>Community spaces</strong></p><table><tr><td>x</td></tr></table>"
        "<p>Long paragraph.</p><p>Next.</p></div>"
    )
    t = pdf.keep_with_next(tree(html))
    assert [p.get("class") for p in t.iter("p")] == ["keep-with-next", None, None]


def test_a_label_anchor_moves_into_the_heading_it_labels():
    t = pdf.anchors_into_blocks(
        tree(
            '<section><span id="rec"></span><h2><span class="n">4.3. </span>Rec</h2>'
            '<span id="keep">x</span><p>p</p></section>'
        )
    )
    h2 = t.find(".//h2")
    assert h2[0].get("id") == "rec" and h2.text_content() == "4.3. Rec"
    assert t.find(".//span[@id='keep']").getparent().tag == "section"  # not empty: stays


def test_a_chapter_label_moves_into_the_chapter_heading():
    t = pdf.anchors_into_blocks(
        tree(
            '<div class="toctree-wrapper"><span id="document-b/one"></span>\n'
            '<section id="one" class="chapter"><h1>One</h1><p>x</p></section></div>'
        )
    )
    h1 = t.find(".//h1")
    assert h1[0].get("id") == "document-b/one" and h1.text_content() == "One"
    assert t.find(".//div").text in (None, "") and t.find(".//div")[0].tag == "section"


def _rtl_pdf_chars(paragraphs: list[str], tmp_path):
    """Render Arabic paragraphs as the PDF pipeline does (runs isolated with
    ``bidi.split_runs`` and ``isolate_ltr_runs``) and read back each character
    with its box, as a reader's viewer sees it (pypdfium2)."""
    import html as htmlmod

    import fontpkg
    import pypdfium2 as pdfium
    import weasyprint

    from build_tools.extensions.bidi import split_runs

    def para(text):
        return "".join(
            f'<bdi dir="ltr">{htmlmod.escape(p)}</bdi>' if latin else htmlmod.escape(p)
            for p, latin in split_runs(text)
        )

    faces = "".join(
        f"@font-face {{ font-family: {name}; "
        f"src: url('file://{fontpkg.path(family, 400, 'normal')}'); }}"
        for name, family in (("ar", "Almarai"), ("lat", "Atkinson Hyperlegible"))
    )
    html = (
        f'<html lang="ar" dir="rtl"><head><style>{faces} body {{ font: 14pt lat, ar; }}</style>'
        "</head><body>" + "".join(f"<p>{para(t)}</p>" for t in paragraphs) + "</body></html>"
    )
    tree = pdf.isolate_ltr_runs(lxml.html.document_fromstring(html).getroottree())
    out = tmp_path / "rtl.pdf"
    weasyprint.HTML(string=lxml.html.tostring(tree, encoding="unicode")).write_pdf(out)
    page = pdfium.PdfDocument(str(out))[0].get_textpage()
    return [(page.get_text_range(i, 1), page.get_charbox(i)) for i in range(page.count_chars())]


def test_brackets_around_latin_text_in_an_arabic_line_stand_one_on_each_side(tmp_path):
    # fundraising-ar.pdf p21 (edition 2) drew "((unincorporated association":
    # both brackets on one side of the words they enclose.
    # Latin words: their paragraph, and whether the brackets touch them.
    words = {
        "unincorporated association": (
            "جمعية غير مسجّلة (unincorporated association)، أو شركة.",
            True,
        ),
        "préfecture": ("ويُصرّح بها لدى المحافظة (préfecture).", True),
        "Latin word": ("نص (نص Latin word) نص.", False),
    }
    chars = _rtl_pdf_chars([text for text, _touch in words.values()], tmp_path)
    text = "".join(c for c, _ in chars)
    for latin in words:
        # The viewer's text order inside a mixed line is its own: find each word.
        starts = {word: text.find(word) for word in latin.split()}
        assert min(starts.values()) >= 0, (latin, text)
        run = [b for word, i in starts.items() for _c, b in chars[i : i + len(word)]]
        left, right = min(b[0] for b in run), max(b[2] for b in run)
        bottom, top = min(b[1] for b in run), max(b[3] for b in run)
        # Brackets on the same line: their middle lies within the words' height.
        brackets = [b for c, b in chars if c in "()" and bottom - 2 <= (b[1] + b[3]) / 2 <= top + 2]
        gaps_left = [left - b[2] for b in brackets if b[2] <= left + 0.5]
        gaps_right = [b[0] - right for b in brackets if b[0] >= right - 0.5]
        assert gaps_left and gaps_right, f"{latin!r}: brackets not one on each side"
        assert not words[latin][1] or max(min(gaps_left), min(gaps_right)) < 6, (
            f"{latin!r}: a bracket is not next to its words"
        )
