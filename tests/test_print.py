"""Print products and preflight: on the fixture project, read back with pikepdf."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from build_tools import print_shop
from build_tools.build import Options, run

MM = 72 / 25.4


def test_booklet_order_puts_first_and_last_page_on_the_first_sheet():
    assert print_shop.booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert print_shop.booklet_order(4, rtl=True) == [(0, 3), (2, 1)]


@pytest.fixture
def products(mini):
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
    assert abs((trim[0] - bleed[0]) - 3 * MM) < 0.5               # 3 mm bleed
    assert media[2] - media[0] >= bleed[2] - bleed[0]              # marks drawn in the bleed, outside the trim
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
    assert issues == [] and facts["fields"] >= 2        # the plan lines and the checklist box


def test_screen_pdf_passes_accessibility_preflight(products):
    mini, arts = products
    from pathlib import Path

    facts, issues = print_shop.preflight(Path(arts["pdf"].path), "screen")
    assert issues == [], [str(i) for i in issues]
    assert facts["lang"] == "en" and facts["variant"] == "PDF/UA-1"
    assert facts["figures"] >= 2 and facts["figures_with_alt"] == facts["figures"]   # cover and the box figure


def test_preflight_catches_an_untagged_pdf_and_a_pdf_without_bleed(products, tmp_path):
    mini, arts = products
    from pathlib import Path

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
    rules = {tinycss2.serialize(r.prelude).strip(): tinycss2.serialize(r.content)
             for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
             if r.type == "qualified-rule"}
    assert "break-inside: avoid" in rules.get("p.has-fill", "")
