"""{term} references find their glossary entry, whatever the case, by headword or alias, in the
source and in a translation, on the site and in the EPUB; the EPUB's contents name real files."""

from __future__ import annotations

import posixpath
import shutil
import zipfile

import polib
import pytest
from lxml import etree, html

from build_tools import artefacts
from build_tools.build import BuildError, Options, run

from .conftest import FIXTURES

# Headword, case changed, alias (explicit text), alias with its own capitals.
PARAGRAPH = (
    "Terms in any case: {term}`Network`, {term}`TRUST`, {term}`groups <networking group>` "
    "and {term}`Networking Group`."
)
# A translation keeps each target as it is (l10n.message_checks.structure) and translates the text.
FRENCH = (
    "Termes en toute casse : {term}`Réseau <Network>`, {term}`confiance <TRUST>`, "
    "{term}`groupes <networking group>` et {term}`Networking Group`."
)
# The entry each link must land on (its headword in English and in French) and the anchor it uses.
EXPECTED = [
    ("term-network", "Network", "Réseau"),
    ("term-trust", "Trust", "Confiance"),
    ("term-networking-group", "Network", "Réseau"),
    ("term-networking-group", "Network", "Réseau"),
]
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def with_aliases(tmp_path_factory):
    """The fixture with an alias for "Network", a paragraph of term references in every case and
    its French translation, built strictly (an unresolved reference warns: the build fails)."""
    from .conftest import copy_fixture

    project = copy_fixture("mini", tmp_path_factory.mktemp("terms"))
    glossary = project.source_dir / "_shared" / "glossary.yaml"
    glossary.write_text(
        glossary.read_text().replace(
            "- term: Network\n", "- term: Network\n  aliases: [Networking group]\n"
        )
    )
    chapter = project.source_dir / "alpha" / "01-first.md"
    text = chapter.read_text()
    chapter.write_text(text.replace("(alpha-details)=", PARAGRAPH + "\n\n(alpha-details)=", 1))
    shutil.copytree(FIXTURES / "l10n" / "locales" / "fr", project.locale_dir / "fr")
    po_path = project.locale_dir / "fr" / "LC_MESSAGES" / "alpha" / "01-first.po"
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgid=PARAGRAPH, msgstr=FRENCH))
    po.save(str(po_path))
    run(project, Options(strict=True, quiet=True, formats=("html", "epub")))
    return project


def _term_links(tree, ns=None) -> list[str]:
    """The targets of the term links in the paragraph that has four of them."""
    q = ".//x:p" if ns else ".//p"
    for para in tree.iterfind(q, ns):
        links = [
            a.get("href")
            for a in para.iterfind(".//x:a" if ns else ".//a", ns)
            if "std-term" in " ".join(s.get("class", "") for s in a.iter())
        ]
        if len(links) == 4:
            return links
    raise AssertionError("no paragraph with four term links")


def _check(links: list[str], page: str, glossary_of, lang: str) -> None:
    for href, (anchor, english, french) in zip(links, EXPECTED, strict=True):
        path, _sep, fragment = href.partition("#")
        assert fragment == anchor, f"{lang}: {href} should point to #{anchor}"
        glossary = glossary_of(posixpath.normpath(posixpath.join(posixpath.dirname(page), path)))
        found = glossary.xpath("//*[@id=$id]", id=fragment)
        assert found, f"{lang}: #{fragment} is not in {path}"
        # A second id (an alias) is written as an empty <span id> inside the headword's <dt>.
        entry = (
            next(e for e in found[0].iterancestors() if e.tag.endswith("dt"))
            if not found[0].tag.endswith("dt")
            else found[0]
        )
        headword = "".join(entry.itertext()).strip()
        wanted = english if lang == "en" else french
        assert headword == wanted, f"{lang}: {href} lands on {headword!r}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_term_references_resolve_on_the_site(with_aliases, lang):
    site = with_aliases.build_dir / artefacts.site(lang)
    page = "alpha/01-first.html"
    links = _term_links(html.parse(str(site / page)).getroot())
    _check(links, page, lambda rel: html.parse(str(site / rel)).getroot(), lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_term_references_resolve_in_the_epub_and_its_contents_name_real_files(with_aliases, lang):
    epub = with_aliases.build_dir / artefacts.download("alpha", lang, "epub")
    with zipfile.ZipFile(epub) as z:
        names = set(z.namelist())
        base = posixpath.dirname(next(n for n in names if n.endswith("nav.xhtml")))

        def read(rel):
            return etree.fromstring(z.read(posixpath.join(base, rel)))

        page = "alpha/01-first.xhtml"
        _check(_term_links(read(page), XHTML), page, read, lang)
        # The glossary lies outside the toolkit's folder: the contents must still name it as it is.
        nav = [a.get("href").partition("#")[0] for a in read("nav.xhtml").iterfind(".//x:a", XHTML)]
        assert "_shared/glossary.xhtml" in nav
        missing = [h for h in nav if posixpath.join(base, h) not in names]
        assert not missing, f"nav.xhtml names files that are not in the package: {missing}"


def test_unknown_term_still_stops_a_strict_build(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nA {term}`Nowhere Term` here.\n")
    with pytest.raises(BuildError, match="term not in glossary: 'nowhere term'"):
        run(mini, Options(strict=True, quiet=True, lang="en", formats=("html",)))
