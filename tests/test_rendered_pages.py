"""What a reader sees on the printed page: every PDF of the real build, rendered.

The checks live in ``tests/rendered.py``; ``test_print.py`` shows each one
failing on a small document.  Contact sheets (a grid of thumbnails per PDF) go
to ``<build dir>/visual/`` on every run, listed in the test output.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from build_tools.project import Project

from . import parallel, rendered

pytestmark = pytest.mark.e2e

SAFE_MM = 8  # text and rules keep clear of the outer 8 mm (trim tolerance of office printers)


def _titles(print_html: Path) -> tuple[set[str], set[str]]:
    """Headings and box titles of a book; the worksheet titles among them (each starts a page)."""
    tree = lxml.html.document_fromstring(
        print_html.read_text(encoding="utf-8")
    )  # no charset meta: say it
    text = lambda el: " ".join("".join(el.itertext()).split())  # noqa: E731
    titles = {
        text(h) for h in tree.xpath("//h1|//h2|//h3|//h4|//p[contains(@class,'admonition-title')]")
    }
    # A worksheet's heading is h2 when it is a chapter's section, h3 under a group ("More
    # worksheets").
    sheets = {
        text(h)
        for h in tree.xpath(
            "//section[contains(concat(' ', @class, ' '), ' worksheet ')]"
            "/*[self::h1 or self::h2 or self::h3 or self::h4]"
        )
    }
    return titles, sheets


def _page_word(work: Path, lang: str) -> str:
    css = next((work / "print" / lang).glob("*/_static/page.css"))
    return re.search(
        r'content: " \(" "(.+?)\s" target-counter', css.read_text(encoding="utf-8")
    ).group(1)


def _read(pdf: Path, worksheet_titles: set[str]) -> tuple[list[rendered.Page], set[int]]:
    """One PDF's rendered pages and forced starts (in a worker process)."""
    return rendered.read_pages(pdf), rendered.forced_starts(pdf, worksheet_titles)


@pytest.fixture(scope="session")
def books(request, tmp_path_factory):
    """``_books``, made once per test run (``parallel.once_per_run``)."""
    return parallel.once_per_run(
        tmp_path_factory, "books", lambda: _books(request.getfixturevalue("real_build"))
    )


def _books(real_build):
    """Every screen PDF and worksheet pack, read once: (name, pages, forced starts, titles, page
    word, first start). The PDFs are rendered side by side, one process per core (rendering is most
    of the time)."""
    project, _ = real_build
    out = []
    visual = Project().build_dir / "visual"
    sheets = []
    pdfs = [
        pdf
        for pdf in sorted((project.build_dir / "site" / "downloads").glob("*.pdf"))
        if not pdf.stem.endswith("-booklet")
    ]
    titles_of = {
        pdf: _titles(project.work_dir / "print" / lang / slug / "book.print.html")
        for pdf in pdfs
        for slug, lang in [pdf.stem.split("-")[:2]]
    }
    read = parallel.map_processes(_read, pdfs, [titles_of[pdf][1] for pdf in pdfs])
    for pdf, (pages, starts) in zip(pdfs, read, strict=True):
        slug, lang = pdf.stem.split("-")[:2]
        titles, _worksheet_titles = titles_of[pdf]
        front = min(starts, default=0)  # cover, title page, contents: before the first start
        if pdf.stem.endswith("-worksheets"):
            starts |= {p.index for p in pages}  # one worksheet per sheet: every page may end short
        sheets.append(rendered.contact_sheet(pages, visual / f"{pdf.stem}.png"))
        out.append((pdf.name, pages, starts, titles, _page_word(project.work_dir, lang), front))
    print("\ncontact sheets:\n" + "\n".join(f"  {s}" for s in sheets))
    return out


def test_every_page_keeps_its_ink_inside_the_safe_area(books):
    found = [
        f"{name} {msg}"
        for name, pages, *_ in books
        for msg in rendered.ink_outside(pages, SAFE_MM, skip={0})
    ]
    assert not found, "\n".join(found)


def test_no_heading_or_box_title_is_the_last_block_of_a_page(books):
    found = [
        f"{name} {msg}"
        for name, pages, _s, titles, _w, front in books
        for msg in rendered.stranded_titles(pages, titles, front)
    ]
    assert not found, "\n".join(found)


def test_no_page_is_more_than_half_empty_unless_a_chapter_or_worksheet_follows(books):
    found = [
        f"{name} {msg}"
        for name, pages, starts, *_ in books
        for msg in rendered.half_empty(pages, starts)
    ]
    assert not found, "\n".join(found)


def test_page_references_have_a_number_and_no_word_doubled_around_them(books):
    found = [
        f"{name} {msg}"
        for name, pages, _s, _t, word, _f in books
        for msg in rendered.bad_page_refs(pages, word)
    ]
    assert not found, "\n".join(found)


def test_every_folio_contents_line_and_page_reference_gives_the_right_page(real_build, books):
    """The reading PDFs render in parts (``build_tools/pdf_parts.py``), each numbered from where it
    starts, with the contents' and references' numbers written in: read them all back."""
    project, _ = real_build
    downloads = project.build_dir / "site" / "downloads"
    # The reading PDFs, <toolkit>-<lang>.pdf (worksheet packs render whole, as forms).
    books = [(name, word) for name, _p, _s, _t, word, _f in books if name.count("-") == 1]
    results = parallel.map_processes(
        rendered.wrong_page_numbers, [downloads / n for n, _ in books], [w for _, w in books]
    )
    found = [msg for problems, _ in results for msg in problems]
    assert not found, "\n".join(found)
    assert all(checked >= 50 for _, checked in results), [c for _, c in results]


def test_no_citation_repeats_its_link_text(books):
    """ "Community Outreach (Community Outreach)": a citation that says the link text again."""
    repeat = re.compile(r"(\b\w[\w’' -]{5,}) \(\1\)")
    found = [
        f"{name} page {p.index + 1}: {m.group(0)!r}"
        for name, pages, *_ in books
        for p in pages
        for m in repeat.finditer(p.body_text)
    ]
    assert not found, "\n".join(found)
