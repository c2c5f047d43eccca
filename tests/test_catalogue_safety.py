"""Translator catalogues are untrusted input (issue 13).

The hostile corpus (``fixtures/hostile/locales/fr``) over the fixture project:
every message marked HOSTILE-nn is reported by check-po with file:line, left
out of the compiled catalogues, and absent from the built HTML, EPUB and PDF,
which are parsed (elements, attributes, annotations), not searched as text.
The fixture language is built once per session.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import polib
import pytest
from lxml import etree, html
from pypdf import PdfReader

from build_tools.build import BuildError, Options, run
from build_tools.l10n import catalogues
from build_tools.l10n.check_command import check

from .conftest import FIXTURES, copy_fixture

HOSTILE = FIXTURES / "hostile" / "locales"
MARK = re.compile(r"HOSTILE-\d+")
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
# Elements no page of ours has; a message that brought one in would be found here.
FOREIGN_ELEMENTS = {
    "iframe",
    "object",
    "embed",
    "math",
    "svg",
    "base",
    "style",
    "frame",
    "applet",
    "maction",
}
ORPHANS = {"nope/01-ghost.po", "sphinx.po"}


def corpus() -> list[tuple[str, int, str]]:
    """(catalogue, line, marker) of every hostile message."""
    out = []
    for path in sorted(HOSTILE.rglob("*.po")):
        rel = path.relative_to(HOSTILE / "fr" / "LC_MESSAGES").as_posix()
        for entry in polib.pofile(str(path)):
            texts = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
            for marker in sorted(set(MARK.findall(texts))):
                out.append((rel, entry.linenum, marker))
    return out


def hostile_project(dest: Path):
    project = copy_fixture("mini", dest)
    shutil.copytree(HOSTILE, project.root / "locales")
    # A file outside the book that a hostile path points to.
    (project.root / "secret.txt").write_text("HOSTILE-SECRET\n")
    return project


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """The fixture's French edition built from the hostile catalogues (default mode: it
    finishes)."""
    project = hostile_project(tmp_path_factory.mktemp("hostile"))
    artefacts = run(project, Options(lang="fr", quiet=True))
    return project, artefacts


def test_the_corpus_is_large_and_every_message_is_distinct():
    markers = [m for _r, _l, m in corpus()]
    assert len(set(markers)) >= 25, markers


def test_check_po_reports_every_hostile_message_with_file_and_line(tmp_path):
    project = hostile_project(tmp_path)
    findings = [f for f in check(project, ["fr"]) if f.fatal]
    root = project.locale_dir / "fr" / "LC_MESSAGES"
    where = {(f.path.relative_to(root).as_posix(), f.line) for f in findings}
    for rel, line, marker in corpus():
        expected = (rel, 1) if rel in ORPHANS else (rel, line)
        assert expected in where, (
            f"{marker} ({rel}:{line}) not reported: {[str(f) for f in findings]}"
        )
    assert all(
        str(f).startswith(f"{root}/") and re.match(r".+\.po:\d+: error: ", str(f)) for f in findings
    )


def test_the_compiled_catalogues_use_none_of_them_and_name_each_one(tmp_path):
    project = hostile_project(tmp_path)
    out = tmp_path / "locale"
    report = catalogues.compile_language(project.locale_dir, out, "fr", project.source_dir)
    mos = list((out / "fr" / "LC_MESSAGES").rglob("*.mo"))
    assert mos and not any(b"HOSTILE" in p.read_bytes() for p in mos)
    assert not (out / "fr" / "LC_MESSAGES" / "sphinx.mo").exists()
    named = "\n".join(report.problems)
    for rel, line, marker in corpus():
        assert f"{rel}:{1 if rel in ORPHANS else line}:" in named, marker
    # The good messages beside them are used.
    ui = catalogues.translator(out, "fr", "ui")
    assert ui("Fictional case study") == "Étude de cas fictive"
    assert ui("Contents") == "Contents"
    assert catalogues.translator(out, "fr", "_shared/glossary")("Glossary") == "Glossaire"


def test_a_strict_build_refuses_the_hostile_catalogues_and_names_them(tmp_path):
    project = hostile_project(tmp_path)
    with pytest.raises(BuildError, match="catalogue problem"):
        run(project, Options(lang="fr", strict=True, quiet=True, formats=("html",)))
    assert not (project.build_dir / "site" / "fr").exists()


def _check_tree(root, where: str) -> None:
    """No foreign element, event handler, script URL or hostile text in one document."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            if el.text and MARK.search(el.text):
                raise AssertionError(f"{where}: hostile comment/PI {el.text[:60]!r}")
            continue
        name = etree.QName(el).localname.lower()
        if name == "script":
            src = el.get("src", "")
            # Sphinx's own scripts: local files, never inline code.
            assert (
                src.split("?")[0].endswith(".js")
                and not re.match(r"^\w+:|//", src)
                and not (el.text or "").strip()
            ), f"{where}: script {src!r}"
        elif name in FOREIGN_ELEMENTS:
            assert name == "svg" and where.endswith(".svg"), f"{where}: <{name}>"
        for attr, value in el.attrib.items():
            local = etree.QName(attr).localname.lower()
            assert not local.startswith("on"), f"{where}: <{name} {local}=…>"
            assert not MARK.search(value), f"{where}: <{name} {local}={value[:60]!r}>"
            if local in ("href", "src", "action", "formaction", "data"):
                assert not BAD_SCHEME.match(value), f"{where}: <{name} {local}={value[:60]!r}>"
        for text in (el.text, el.tail):
            assert not (text and MARK.search(text)), (
                f"{where}: hostile text {text[:80]!r} in <{name}>"
            )
            assert not (text and "HOSTILE-SECRET" in text), f"{where}: a file from outside the book"


def test_the_build_finishes_and_its_html_contains_none_of_it(hostile_build):
    project, artefacts = hostile_build
    assert {a.format for a in artefacts if a.language == "fr"} >= {"html", "epub", "pdf"}
    pages = list((project.build_dir / "site" / "fr").rglob("*.html"))
    assert len(pages) > 3
    for page in pages:
        _check_tree(html.parse(str(page)).getroot(), str(page))
    files = {p.name for p in (project.build_dir / "site").rglob("*") if p.is_file()}
    assert "secret.txt" not in files and "passwd" not in files


def test_the_epub_contains_none_of_it(hostile_build):
    project, _ = hostile_build
    epub = project.build_dir / "site" / "downloads" / "alpha-fr.epub"
    with zipfile.ZipFile(epub) as z:
        names = z.namelist()
        assert not [n for n in names if "secret" in n or "passwd" in n]
        for name in names:
            if name.endswith((".xhtml", ".opf", ".ncx", ".svg")):
                root = etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False))
                _check_tree(root, f"{epub.name}!{name}")


def test_the_pdf_contains_none_of_it(hostile_build):
    project, _ = hostile_build
    reader = PdfReader(project.build_dir / "site" / "downloads" / "alpha-fr.pdf")
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog
    assert "/JavaScript" not in catalog.get("/Names", {})
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert not MARK.search(text) and "HOSTILE-SECRET" not in text, (
            f"page {number}: {text[:200]!r}"
        )
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            assert action.get("/S") in (None, "/URI", "/GoTo"), f"page {number}: action {action}"
            assert not BAD_SCHEME.match(str(action.get("/URI", ""))), f"page {number}: {action}"
    meta = reader.metadata or {}
    assert not any(MARK.search(str(v)) for v in meta.values()), meta


@pytest.mark.parametrize(
    "snippet",
    [
        "<p>Premiers pas <script>alert(1)</script></p>",
        '<p><a href="JaVaScRiPt:alert(1)">x</a></p>',
        '<nav aria-label="Sommaire" onfocus="alert(1)"></nav>',
        "<p><iframe src=x></iframe></p>",
        '<p><img src="data:text/html,x"></p>',
        "<p>Site HOSTILE-21</p>",
    ],
)
def test_the_output_checker_finds_what_it_looks_for(snippet):
    """The checks above can fail: each of these pages is refused."""
    with pytest.raises(AssertionError):
        _check_tree(html.fromstring(f"<html><body>{snippet}</body></html>"), "page.html")


def test_source_paths_leaving_the_book_stop_the_build_with_file_and_line(tmp_path):
    """Images, downloads, includes (and a symbolic link) must stay in the toolkit or _shared/."""
    project = copy_fixture("mini", tmp_path)
    (project.root / "secret.txt").write_text("HOSTILE-SECRET\n")
    (project.source_dir / "stray.svg").write_text(
        (project.source_dir / "alpha/images/box.svg").read_text()
    )
    (project.source_dir / "alpha" / "images" / "link.svg").symlink_to(project.root / "secret.txt")
    chapter = project.source_dir / "alpha" / "01-first.md"
    lines = len(chapter.read_text().splitlines())
    chapter.write_text(
        chapter.read_text() + "\n"
        "Get {download}`this <../../../secret.txt>`.\n\n"  # +2
        "![stray](../stray.svg)\n\n"  # +4
        "![linked](images/link.svg)\n\n"  # +6
        "```{include} ../../secret.txt\n```\n"
    )  # +8
    with pytest.raises(BuildError) as err:
        run(project, Options(quiet=True, formats=("html",)))
    message = str(err.value)
    for offset, what in ((2, "download"), (4, "image"), (6, "image"), (8, "include")):
        assert re.search(
            rf"01-first\.md:{lines + offset}: ERROR: {what} .* leaves the book", message
        ), message
    site = project.build_dir / "site"
    assert (
        not [p for p in site.rglob("*") if p.name in ("secret.txt", "stray.svg", "link.svg")]
        if site.exists()
        else True
    )
