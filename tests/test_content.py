"""Content rules of the real toolkits, read from the sources (fast; no build)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools import facts
from build_tools.project import Project
from build_tools.readability import (
    LONG_SENTENCE_SHARE,
    long_sentences,
    measure,
    plain_text,
    sentences,
)
from build_tools.sources import read_book

PROJECT = Project()
KITS = [k.slug for k in PROJECT.toolkits]
CITATIONS = facts.find_citations(PROJECT.source_dir)
REGISTRY = facts.load_registry(PROJECT.source_dir)
OLD_STYLE_LIST = Path(__file__).parent / "old-style-rules-boxes.txt"
# Worksheets of edition 1: an edition may add worksheets, never lose one.
WORKSHEET_FLOOR = {"fundraising": 12, "networking": 17, "outreach": 15}


def files(slug):
    return [
        p
        for p in sorted((PROJECT.source_dir / slug).glob("*.md"))
        if p.name not in ("index.md", "references.md")
    ]


def text(slug):
    return "\n".join(
        p.read_text(encoding="utf-8") for p in (PROJECT.source_dir / slug).glob("*.md")
    )


@pytest.mark.parametrize("slug", KITS)
def test_body_text_is_between_12000_and_18000_words(slug):
    # Issue 16: every toolkit of edition 2 has 12,000-18,000 words of body text.
    words = sum(measure(p)[0] for p in files(slug))
    assert 12000 <= words <= 18000, words


@pytest.mark.parametrize("slug", KITS)
def test_every_chapter_reads_at_flesch_60_or_more(slug):
    low = {p.name: round(measure(p)[1], 1) for p in files(slug) if measure(p)[1] < 60}
    assert not low, low


@pytest.mark.parametrize("slug", KITS)
def test_at_most_one_percent_of_sentences_are_over_30_words(slug):
    long = {f"{p.name}:{n}": w for p in files(slug) for n, w in long_sentences(p)}
    count = sum(len(sentences(p)) for p in files(slug))
    assert len(long) <= LONG_SENTENCE_SHARE * count, long


def test_a_31_word_sentence_counts_as_long_and_two_short_ones_on_a_line_do_not(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n" + " ".join(["word"] * 31) + ".\n" + "Short one here. " * 2 + "\n",
        encoding="utf-8",
    )
    assert long_sentences(page) == [(3, 31)]
    assert [w for _n, w in sentences(page)] == [1, 31, 3, 3]


@pytest.mark.parametrize("slug", KITS)
def test_at_least_8_worksheets_each_with_title_and_instructions(slug):
    src = (PROJECT.source_dir / slug / "worksheets.md").read_text(encoding="utf-8")
    sheets = re.split(r"^:{4,}\{worksheet\}", src, flags=re.M)[1:]
    assert len(sheets) >= max(8, WORKSHEET_FLOOR.get(slug, 0)), len(sheets)
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


@pytest.mark.parametrize("slug", KITS)
def test_every_required_section_of_book_toml_is_defined(slug):
    kit = PROJECT.toolkit(slug)
    defined = {label for doc in read_book(PROJECT.source_dir, slug).docs for label in doc.labels}
    assert kit.required, f"source/{slug}/book.toml lists no required sections"
    assert not set(kit.required) - defined, sorted(set(kit.required) - defined)


def test_every_source_is_registered_with_all_fields():
    # publisher, title, https url, date, checked, primary; unique ids across the series.
    assert [str(p) for p in REGISTRY.problems] == []


def test_every_fact_cites_a_registered_source():
    unknown = [
        f"{c.path}:{c.line}: {i}" for c in CITATIONS for i in c.ids if i not in REGISTRY.sources
    ]
    assert not unknown, unknown


def old_style_allowed() -> list[str]:
    lines = [
        line
        for line in OLD_STYLE_LIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines == sorted(lines), f"{OLD_STYLE_LIST.name} is not sorted"
    return lines


def test_every_rules_box_cites_primary_registered_sources_or_is_listed_as_old_style():
    boxes = [c for c in CITATIONS if c.kind == "box"]
    old = sorted(f"{c.path}: {c.context}" for c in boxes if c.old_style)
    allowed = old_style_allowed()
    assert not set(old) - set(allowed), (
        f"write these boxes with :sources: <ids>: {sorted(set(old) - set(allowed))}"
    )
    assert not set(allowed) - set(old), (
        f"migrated (or renamed): remove from {OLD_STYLE_LIST.name}: "
        f"{sorted(set(allowed) - set(old))}"
    )
    for box in boxes:
        if box.old_style:
            continue
        assert box.ids, f"{box.path}:{box.line}: rules box '{box.context}' cites no source"
        secondary = [
            i for i in box.ids if i in REGISTRY.sources and not REGISTRY.sources[i].primary
        ]
        assert not secondary, (
            f"{box.path}:{box.line}: rules box cites secondary sources {secondary}"
        )


def test_plain_text_strips_markup():
    assert plain_text(
        "See {term}`alliances <alliance>` and {ref}`x`.\n(label)=\n:::{note}\n"
    ).split() == ["See", "alliances", "and", "x."]
