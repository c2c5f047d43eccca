"""Content rules of the real toolkits, read from the sources (fast; no build)."""

from __future__ import annotations

import re

import pytest

from build_tools.project import Project
from build_tools.readability import measure, plain_text
from build_tools.sources import read_book

PROJECT = Project()
KITS = [k.slug for k in PROJECT.toolkits]


def files(slug):
    return [p for p in sorted((PROJECT.source_dir / slug).glob("*.md")) if p.name not in ("index.md", "references.md")]


def text(slug):
    return "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT.source_dir / slug).glob("*.md"))


@pytest.mark.parametrize("slug", KITS)
def test_body_text_is_between_9000_and_18000_words(slug):
    # Edition 2 (issue 16) aims at 12,000-18,000 words per toolkit; the lower bound stays
    # at 9,000 until every toolkit has its edition 2, so one toolkit landing first does not fail.
    words = sum(measure(p)[0] for p in files(slug))
    assert 9000 <= words <= 18000, words


@pytest.mark.parametrize("slug", KITS)
def test_every_chapter_reads_at_flesch_50_or_more(slug):
    low = {p.name: round(measure(p)[1], 1) for p in files(slug) if measure(p)[1] < 50}
    assert not low, low


@pytest.mark.parametrize("slug", KITS)
def test_at_least_8_worksheets_each_with_title_and_instructions(slug):
    src = (PROJECT.source_dir / slug / "worksheets.md").read_text(encoding="utf-8")
    sheets = re.split(r"^:{4,}\{worksheet\}", src, flags=re.M)[1:]
    assert len(sheets) >= 8
    for sheet in sheets:
        title = sheet.splitlines()[0].strip()
        assert title, "a worksheet has no title"
        assert "{instructions}" in sheet, f"worksheet {title!r} has no instructions"


@pytest.mark.parametrize("slug", KITS)
def test_at_least_3_case_studies_and_3_figures_with_alt_text(slug):
    src = text(slug)
    assert len(re.findall(r"^:{3,}\{case-study\}", src, flags=re.M)) >= 3
    figures = re.findall(r"^:{3,}\{figure\}[^\n]*\n((?::[\w-]+:[^\n]*\n)*)", src, flags=re.M)
    assert len(figures) >= 3
    for options in figures:
        assert re.search(r"^:alt: \S", options, flags=re.M), f"a figure without :alt: ({options!r})"


@pytest.mark.parametrize("slug", KITS)
def test_every_numbered_section_ends_with_key_points(slug):
    for doc in read_book(PROJECT.source_dir, slug).docs:
        if doc.numbered:
            assert "{key-points}" in doc.path.read_text(encoding="utf-8"), doc.path.name


@pytest.mark.parametrize("slug", KITS)
def test_case_studies_never_name_a_real_organisation_as_theirs(slug):
    # The label is printed by the directive; the body must not claim to be real.
    for block in re.findall(r"\{case-study\}(.*?)^:::", text(slug), flags=re.S | re.M):
        assert "true story" not in block.lower() and "real organisation" not in block.lower()


def test_plain_text_strips_markup():
    assert plain_text("See {term}`alliances <alliance>` and {ref}`x`.\n(label)=\n:::{note}\n") .split() == \
        ["See", "alliances", "and", "x."]
