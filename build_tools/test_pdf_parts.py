"""Unit tests of the pure steps of rendering a book in parts (``pdf_parts.py``)."""

import pikepdf

from build_tools import pdf_parts

BOOK = """<!DOCTYPE html><html lang="en" dir="ltr"><head><title>B</title></head><body>
<section class="cover-page"><img src="c.svg" alt="c"></section>
<section class="title-page"><p class="tp-series">The "Series"</p></section>
<nav class="print-toc"><ul><li><a href="#one">One</a></li><li><a href="#two">Two</a></li></ul></nav>
<div class="document"><main><div class="body"><section id="book">
<div class="toctree-wrapper compound">
<section id="one" class="chapter"><h1><span id="document-b/one"></span>One</h1>
<p>See <a class="reference internal page-ref" href="#sec">Two</a> and <a href="#here">here</a>.</p>
<p id="here">Here.</p></section>
</div><div class="toctree-wrapper compound">
<section id="two" class="chapter"><h1><span id="document-b/two"></span>Two</h1>
<section id="sec"><h2>Sec</h2>
<p><a class="reference internal page-ref" href="#one">back</a></p></section></section>
</div></section></div></main></div></body></html>"""


def test_a_book_splits_into_front_matter_and_one_part_per_chapter():
    parts = pdf_parts.split(BOOK)
    assert [p.key for p in parts] == ["front", "one", "two"]
    front, one, two = parts
    assert front.tree.find(".//div[@class='document']") is None
    assert front.tree.find(".//nav") is not None and not front.starts_right
    # A chapter part holds its chapter only, without the front matter.
    assert one.tree.find(".//section[@id='two']") is None
    assert (
        one.tree.find(".//nav") is None and one.tree.find(".//section[@class='cover-page']") is None
    )
    assert {"one", "here", "document-b/one"} <= one.ids and "sec" not in one.ids
    assert two.tree.find(".//span[@id='document-b/one']") is None
    # The other chapter's wrapper goes with it: no empty block, no page of its own.
    assert len(one.tree.xpath("//div[contains(@class, 'toctree-wrapper')]")) == 1
    assert "book-part" in one.tree.getroot().get("class")


def test_links_to_another_part_go_out_as_part_uris_and_links_inside_stay():
    front, one, two = pdf_parts.split(BOOK)
    hrefs = [a.get("href") for a in one.tree.iter("a")]
    assert hrefs == ["pdfpart:sec", "#here"]
    assert [a.get("href") for a in front.tree.iter("a")] == ["pdfpart:one", "pdfpart:two"]
    assert [pdf_parts.target(a) for a in pdf_parts.references(front)] == ["one", "two"]


def test_a_chapter_starts_on_a_right_hand_page_in_either_direction():
    parts = pdf_parts.split(BOOK)
    # Left to right: right-hand pages are odd.  Front matter of 4 pages: chapter one on 5;
    # one has 3 pages (5-7): two on 9, after a blank page 8.
    assert pdf_parts.first_pages(parts, [4, 3, 2], rtl=False) == [1, 5, 9]
    # Right to left: page 1 is a left-hand page, right-hand pages are even.
    assert pdf_parts.first_pages(parts, [4, 3, 2], rtl=True) == [1, 6, 10]
    # Unknown length: what follows is unknown.
    assert pdf_parts.first_pages(parts, [4, None, 2], rtl=False) == [1, 5, None]


def test_page_numbers_are_the_part_start_plus_the_page_within_the_part():
    parts = pdf_parts.split(BOOK)
    numbers = pdf_parts.page_numbers(
        parts, [1, 5, 9], [{}, {"one": 0, "here": 1}, {"two": 0, "sec": 1}]
    )
    assert numbers["one"] == 5 and numbers["here"] == 6 and numbers["sec"] == 10
    unknown = pdf_parts.page_numbers(parts, [1, 5, None], [{}, {"one": 0}, None])
    assert unknown["one"] == 5 and unknown["sec"] is None


def test_fill_writes_the_numbers_the_first_page_and_the_running_title():
    parts = pdf_parts.split(BOOK)
    title = pdf_parts.book_title(parts[0].tree)
    html = pdf_parts.fill(parts[1], {"sec": 10}, 5, title)
    assert 'data-page="10"' in html
    assert "@page :first { counter-reset: page 5; }" in html
    assert 'string-set: booktitle "The \\"Series\\""' in html
    unknown = pdf_parts.fill(parts[0], {"one": None, "two": 9}, 1, title)
    assert f'data-page="{pdf_parts.PLACEHOLDER}"' in unknown and 'data-page="9"' in unknown
    assert "counter-reset" not in unknown  # the front matter starts the count itself
    # Filling again replaces, never adds.
    again = pdf_parts.fill(parts[1], {"sec": 11}, 7, title)
    assert again.count("counter-reset") == 1 and 'data-page="11"' in again


def test_widths_and_unicode_maps_survive_a_round_trip():
    w = {3: 280.0, 4: 280.0, 5: 648.5, 9: 500.0}
    array = pdf_parts._width_array(w)
    assert list(array[:2]) == [3, pikepdf.Array([280, 280, 648.5])]
    assert pdf_parts._widths(array) == w
    assert pdf_parts._widths(pikepdf.Array([10, 12, 600])) == {10: 600, 11: 600, 12: 600}
    mapping = {i: f"{0x41 + i:04x}" for i in range(150)}
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, pdf_parts._cmap(mapping))
    assert stream.read_bytes().count(b"beginbfchar") == 2
    assert pdf_parts._to_unicode(stream) == mapping
