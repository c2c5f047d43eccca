"""Print products and preflight: on the fixture project, read back with pikepdf."""

from __future__ import annotations

import os
import re
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from build_tools import print_shop
from build_tools.build import Options, run
from build_tools.project import REPO

from .conftest import copy_fixture

MM = 72 / 25.4


def test_booklet_order_puts_first_and_last_page_on_the_first_sheet():
    assert print_shop.booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert print_shop.booklet_order(4, rtl=True) == [(0, 3), (2, 1)]


@pytest.fixture(scope="module")
def products(tmp_path_factory):
    """The fixture's print products, built once for this module (read-only for the tests)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    mini = copy_fixture("mini", tmp_path_factory.mktemp("products"))
    arts = run(mini, Options(quiet=True, formats=("pdf", "print", "booklet", "worksheets")))
    return mini, {a.format: a for a in arts}


def test_print_shop_pdf_has_bleed_marks_boxes_intent_and_pages_in_fours(products):
    mini, arts = products
    path = arts["print"].path
    facts, issues = print_shop.preflight(Path(path), "print")
    assert issues == [], [str(i) for i in issues]
    pdf = pikepdf.open(path)
    assert len(pdf.pages) % 4 == 0
    assert "/OutputIntents" in pdf.Root
    page = pdf.pages[0]
    trim, bleed, media = (list(map(float, page[k])) for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
    assert abs((trim[0] - bleed[0]) - 3 * MM) < 0.5  # 3 mm bleed
    assert media[2] - media[0] >= bleed[2] - bleed[0]  # marks drawn in the bleed, outside the trim
    assert "PDF/X-4" in str(pdf.open_metadata())


def test_booklet_is_a4_landscape_with_two_pages_per_side(products):
    mini, arts = products
    booklet = pikepdf.open(arts["booklet"].path)
    box = [float(v) for v in booklet.pages[0].mediabox]
    assert (round(box[2]), round(box[3])) == (842, 595)
    assert len(booklet.pages) * 2 % 4 == 0


def test_worksheet_pack_has_form_fields(products):
    mini, arts = products
    from pathlib import Path

    facts, issues = print_shop.preflight(Path(arts["worksheets"].path), "forms")
    assert issues == [] and facts["fields"] >= 2  # the plan lines and the checklist box


def test_screen_pdf_passes_accessibility_preflight(products):
    mini, arts = products
    from pathlib import Path

    facts, issues = print_shop.preflight(Path(arts["pdf"].path), "screen")
    assert issues == [], [str(i) for i in issues]
    assert facts["lang"] == "en" and facts["variant"] == "PDF/UA-1"
    assert (
        facts["figures"] >= 2 and facts["figures_with_alt"] == facts["figures"]
    )  # cover and the box figure


def test_every_top_level_bookmark_of_the_pdf_and_print_products_is_a_chapter(products):
    from .rendered import stray_bookmarks

    mini, arts = products
    (prepared,) = (mini.work_dir / "print" / "en").glob("*/book.print.html")
    # The theme writes the site's contents sidebar for the site only (layout.html, sidebar2).
    assert "sphinxsidebar" not in prepared.read_text(encoding="utf-8")
    found = [
        line
        for kind in ("pdf", "print")
        for line in stray_bookmarks(Path(arts[kind].path), prepared)
    ]
    assert not found, found


def test_preflight_catches_an_untagged_pdf_and_a_pdf_without_bleed(products, tmp_path):
    mini, arts = products

    from weasyprint import HTML

    html = mini.work_dir / "print" / "en" / "alpha" / "book.print.html"
    plain = tmp_path / "plain.pdf"
    HTML(filename=str(html)).write_pdf(str(plain))
    _facts, issues = print_shop.preflight(plain, "screen")
    assert any("no tags" in str(i) for i in issues)
    _facts, issues = print_shop.preflight(plain, "print")
    assert any("bleed" in str(i) for i in issues) and any("output intent" in str(i) for i in issues)


def test_a_sentence_with_a_writing_space_is_kept_whole_in_print(products):
    # "We use photos for ___ years, then ..." split by a page break left the question on one
    # page and its end on the next (found by the cross-format check on outreach-en.pdf).
    import lxml.html
    import tinycss2

    mini, _arts = products
    page = lxml.html.parse(str(mini.work_dir / "print" / "en" / "alpha" / "book.print.html"))
    with_fill = page.xpath("//p[.//span[contains(concat(' ', @class, ' '), ' fill ')]]")
    assert with_fill and all("has-fill" in p.get("class", "").split() for p in with_fill)
    css = (mini.styles_dir / "print" / "print.css").read_text(encoding="utf-8")
    rules = {
        tinycss2.serialize(r.prelude).strip(): tinycss2.serialize(r.content)
        for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        if r.type == "qualified-rule"
    }
    assert "break-inside: avoid" in rules.get("p.has-fill", "")


# ------------------------------------------------------------- print defects (issue 15)


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_a_word_repeated_after_a_reference_is_said_once_and_the_page_follows_it(products):
    """ "The {ref}`alpha-ws-plan` plan helps" once read "The Plan (page 5) plan helps"."""
    mini, arts = products
    text = _pdf_text(arts["pdf"].path)
    assert re.search(r"The Plan \(page \d+\) helps you start", text), text


def test_worksheet_pack_cites_the_book_instead_of_an_unresolvable_page(products):
    mini, arts = products
    text = _pdf_text(arts["worksheets"].path)
    assert "See Details (Alpha Toolkit) for the background" in text, text
    assert not re.search(r"\(page(?!\s*\d)", text)


def test_worksheet_pack_is_tagged_pdf_ua_and_every_field_says_what_to_write(products):
    mini, arts = products
    facts, issues = print_shop.preflight(Path(arts["worksheets"].path), "forms")
    assert issues == [], [str(i) for i in issues]
    assert (
        facts["variant"] == "PDF/UA-1" and facts["lang"] == "en" and "Worksheets" in facts["title"]
    )
    assert facts["fields_tagged"] == facts["fields"] == 5
    pdf = pikepdf.open(arts["worksheets"].path)
    tooltips = [str(f.TU) for f in pdf.Root.AcroForm.Fields]
    assert tooltips == ["Our plan", "One idea", "Risks — Rent", "Who — Rent", "Done."]


def test_preflight_reports_an_untagged_pack_with_unnamed_fields(products, tmp_path):
    mini, arts = products
    from weasyprint import HTML

    plain = tmp_path / "pack.pdf"
    HTML(string='<html><body><input name="f1"></body></html>').write_pdf(str(plain), pdf_forms=True)
    _facts, issues = print_shop.preflight(plain, "forms")
    text = "\n".join(map(str, issues))
    assert "no tags" in text and "tooltip" in text and "PDF/UA-1" in text and "/Lang" in text


def test_a_writing_grid_gives_every_column_room_to_write(products):
    mini, arts = products
    html = (mini.work_dir / "print" / "en" / "alpha" / "book.print.html").read_text(
        encoding="utf-8"
    )
    table = lxml.html.fromstring(html).xpath("//table")[-1]
    assert "writing-grid" in table.get("class")
    import pdfplumber

    with pdfplumber.open(arts["pdf"].path) as pdf:  # the grid prints with even columns
        for page in pdf.pages:
            words = {w["text"]: w for w in page.extract_words()}
            if {"Task", "Risks", "Who"} <= words.keys():
                break
        task, risks, who = (words[k]["x0"] for k in ("Task", "Risks", "Who"))
        width = page.width - 34 * 72 / 25.4
        assert who - risks > 0.3 * width and risks - task > 0.2 * width, (task, risks, who, width)


# ------------------------------------------------------- the rendered-page checks fail when they
# should


def _render(tmp_path, body: str, css: str = ""):
    from weasyprint import CSS, HTML

    from . import rendered

    out = tmp_path / "doc.pdf"
    page = (
        "@page { size: A5; margin: 20mm 15mm; } body { font: 10.5pt sans-serif; } "
        "h2 { font-weight: bold; }"
    )
    HTML(string=f"<html lang='en'><body>{body}</body></html>").write_pdf(
        str(out), stylesheets=[CSS(string=page + css)]
    )
    return rendered.read_pages(out)


def test_rendered_check_finds_a_title_alone_at_the_foot_of_a_page(tmp_path):
    from . import rendered

    body = (
        '<div style="height: 150mm"></div><h2>Lonely title</h2><p>' + "Words here. " * 80 + "</p>"
    )
    loose = _render(tmp_path, body, "h2 { break-after: auto; } p { orphans: 1; }")
    assert rendered.stranded_titles(loose, {"Lonely title"}), [p.last_line for p in loose]
    kept = _render(tmp_path, body, "h2 { break-after: avoid; } p { orphans: 1; }")
    assert rendered.stranded_titles(kept, {"Lonely title"}) == []


def test_a_heading_followed_by_a_labelled_heading_does_not_end_a_page(tmp_path):
    """Sphinx's empty label spans between two headings broke keep-with-next (networking-fr.pdf page
    57); the print HTML moves them into the headings (pdf.anchors_into_blocks)."""
    from build_tools import pdf

    from . import rendered

    css = open(REPO / "styles" / "print" / "print.css", encoding="utf-8").read()
    titles = {"Recommendations", "Inside the sector"}
    body = (
        '<div style="height: 130mm"></div><section><span '
        'id="a"></span><h2>Recommendations</h2><section>'
        '<span id="b"></span><h3>Inside the sector</h3><ul><li><p>'
        + "word " * 80
        + "</p></li></ul></section></section>"
    )
    assert rendered.stranded_titles(_render(tmp_path, body, css), titles)
    moved = pdf.anchors_into_blocks(
        lxml.html.fragment_fromstring(body, create_parent="div").getroottree()
    )
    fixed = lxml.html.tostring(moved.getroot(), encoding="unicode")
    assert rendered.stranded_titles(_render(tmp_path, fixed, css), titles) == []


def test_rendered_check_finds_a_page_left_half_empty(tmp_path):
    from . import rendered

    rows = "".join(f"<tr><td>row {i}</td></tr>" for i in range(30))
    body = f'<p>Intro.</p><table style="break-inside: avoid">{rows}</table><p>After.</p>'
    pushed = _render(tmp_path, body)
    assert rendered.half_empty(pushed, {0}), [p.ink for p in pushed]
    flowing = _render(tmp_path, body.replace("avoid", "auto"))
    assert rendered.half_empty(flowing, {0}) == []


def test_rendered_check_finds_ink_outside_the_safe_area(tmp_path):
    from . import rendered

    wide = _render(tmp_path, '<p style="white-space: nowrap">' + "unbreakable-" * 30 + "</p>")
    assert rendered.ink_outside(wide, 8)
    assert rendered.ink_outside(_render(tmp_path, "<p>Fits.</p>"), 8) == []


def test_rendered_check_finds_page_references_without_number_or_between_doubled_words():
    from . import rendered

    page = rendered.Page(
        0,
        1,
        1,
        None,
        "the Exit checklist (page 85) checklist helps; see Basics (page for the rest",
        None,
    )
    found = rendered.bad_page_refs([page], "page")
    assert len(found) == 2 and "doubled" in found[1] and "without a number" in found[0]
    clean = rendered.Page(0, 1, 1, None, "the Exit checklist (page 85) helps", None)
    assert rendered.bad_page_refs([clean], "page") == []


def test_preflight_reports_pack_fields_out_of_reading_order(tmp_path):
    """The second field is placed above the first: the structure tree (DOM order) no longer reads
    top to bottom."""
    from weasyprint import HTML

    html = (
        '<html lang="en"><head><title>T</title></head><body><p style="margin-top: 100mm">'
        '<input name="a" title="First"></p><p style="position: absolute; top: 10mm">'
        '<input name="b" title="Second"></p></body></html>'
    )
    out = tmp_path / "pack.pdf"
    HTML(string=html).write_pdf(str(out), pdf_forms=True, pdf_variant="pdf/ua-1", pdf_tags=True)
    _facts, issues = print_shop.preflight(out, "forms")
    assert [str(i) for i in issues] == [
        "pack.pdf page 1: form fields out of reading order in the structure "
        "tree (a field above an earlier one)"
    ]
