"""End to end: the real toolkits, every language, strict, checked with real validators."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import lxml.html
import pikepdf
import pytest

from . import epubcheck_batch, parallel

pytestmark = pytest.mark.e2e


def test_every_epub_passes_epubcheck_without_errors_or_warnings(real_build):
    project, artefacts = real_build
    epubs = [Path(a.path) for a in artefacts if a.format == "epub"]
    assert len(epubs) == len(project.toolkits) * len(project.languages)
    found = []
    for epub, result in epubcheck_batch.check_all(epubs):  # one JVM for all
        if isinstance(result, Exception):
            found.append(f"{epub.name}: EPUBCheck did not run: {result!r}")
        else:
            found += [f"{epub.name}: {m}" for m in result]
    assert not found, f"{len(found)} EPUBCheck messages:\n" + "\n".join(found)


def _pdf_problems(path: str, language: str, print_html: str) -> list[str]:
    """What one PDF lacks of metadata, language, outline and embedded fonts, and bookmarks that are
    no chapter of its book (in a worker process). pikepdf (qpdf): pypdf spent ~20 s per book
    parsing WeasyPrint's object stream for the same facts."""
    from .rendered import stray_bookmarks

    stray = stray_bookmarks(Path(path), Path(print_html))
    if stray:
        return stray
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo
        if not all(str(info.get(key, "")) for key in ("/Title", "/Author", "/Subject")):
            return [f"{path}: title, author or subject missing from the metadata"]
        lang = pdf.Root.get("/Lang")
        if lang is None or str(lang) != language:
            return [f"{path}: /Lang is {lang!r}, not {language!r}"]
        with pdf.open_outline() as outline:
            titles = [
                item.title for item in outline.root
            ]  # the top level, as pypdf's reader.outline
        if len(titles) < 5:
            return [f"{path}: outline {titles}"]
        found = []
        for page in pdf.pages[:40]:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for name, font in fonts.items():
                descendants = font.get("/DescendantFonts")
                desc = (descendants[0] if descendants else font).get("/FontDescriptor")
                if desc is None:
                    continue
                if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    found.append(f"{path}: font {name} {font.get('/BaseFont')} not embedded")
        return list(dict.fromkeys(found))  # a font shared by many pages, named once


def test_every_pdf_embeds_its_fonts_and_carries_metadata_and_bookmarks(real_build):
    project, artefacts = real_build
    pdfs = [a for a in artefacts if a.format == "pdf"]
    assert pdfs
    prints = project.work_dir / "print"  # each book's prepared print HTML, its chapters
    found = parallel.map_processes(
        _pdf_problems,
        [str(a.path) for a in pdfs],
        [a.language for a in pdfs],
        [str(prints / a.language / a.toolkit / "book.print.html") for a in pdfs],
    )
    problems = [line for lines in found for line in lines]
    assert not problems, "\n".join(problems)


def _site_pages(project):
    return sorted((project.build_dir / "site").glob("*/**/*.html"))


def test_site_loads_nothing_from_other_hosts(real_build):
    project, _ = real_build
    for page in _site_pages(project):
        tree = lxml.html.parse(str(page))
        for el in tree.iter("script", "link", "img", "iframe", "source", "video", "audio"):
            for attr in ("src", "href"):
                value = el.get(attr)
                if value and el.tag != "a":
                    assert not urlparse(value).netloc, f"{page}: {el.tag} {attr}={value}"


def test_every_internal_link_and_anchor_resolves_on_the_site(real_build):
    project, _ = real_build
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            tree = lxml.html.parse(str(path))
            ids[path] = {
                el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")
            }
        return ids[path]

    broken = []
    for page in _site_pages(project):
        tree = lxml.html.parse(str(page))
        for a in tree.iter("a"):
            href = a.get("href")
            if not href or re.match(r"^[a-z]+:", href):
                continue
            url = urlparse(href)
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if not target.exists():
                broken.append(f"{page}: {href}")
                continue
            if url.fragment and target.suffix == ".html" and url.fragment not in anchors(target):
                broken.append(f"{page}: {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_real_catalogues_pass_check_po():
    from build_tools.l10n.check_command import check
    from build_tools.project import Project

    project = Project()
    langs = [lang for lang in project.languages if lang != "en"]
    errors = [str(f) for f in check(project, langs) if f.fatal]
    assert errors == [], "\n".join(errors[:20])


def test_real_glossary_is_consistent_in_sources_and_translations():
    from build_tools import glossary_tools as g
    from build_tools.project import Project

    project = Project()
    assert [str(f) for f in g.check_definitions(project) + g.check_references(project)] == []
    threshold = float(project.series["glossary_consistency_threshold"])
    for lang in project.languages[1:]:
        result = g.check_translations(project, lang)
        assert result.ratio >= threshold, f"{lang}: {result.ratio:.0%}\n" + "\n".join(
            map(str, result.offending[:10])
        )
