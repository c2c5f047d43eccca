"""The site's weight, offline files and download facts, on the fixture project
(issue 18).  What a browser measures is in ``test_site_phone.py`` (e2e)."""

from __future__ import annotations

import json
import re
import shutil

import lxml.html
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from build_tools import assets


@pytest.fixture
def built(mini_edition):
    """The fixture, every format (site, EPUB, PDF, worksheet pack): conftest's ``mini_edition``,
    built once per session with the same options (strict, default formats). Read only."""
    return mini_edition


def _site(project):
    return project.build_dir / "site" / "en"


def _tree(path):
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_the_whole_site_is_byte_identical_between_two_clean_builds(built, mini_edition_again):
    # Two cold builds of two copies in two folders (conftest).
    first, second = _tree(built.build_dir / "site"), _tree(mini_edition_again.build_dir / "site")
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"differ between two builds: {differ[:20]}"


def test_site_fonts_are_woff2_subsets_shown_at_once_and_cover_every_character_of_every_page(built):
    site = _site(built)
    css = (site / "_static" / "fonts.css").read_text()
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    assert faces and all("font-display: swap" in f and ".woff2" in f for f in faces), css
    assert not list((site / "_static").rglob("*.ttf")), "the site ships whole TTF fonts"
    regular = TTFont(site / "_static" / "fonts" / "AtkinsonHyperlegible-Regular.woff2")
    assert regular.flavor == "woff2"
    cmap = regular.getBestCmap()
    whole = TTFont(assets.font_files("en")[0][3]).getBestCmap()
    assert len(cmap) < len(whole) / 2, "the font is not subset"
    missing = {}
    for page in sorted(site.rglob("*.html")):
        tree = lxml.html.parse(str(page))
        for node in tree.xpath("//script | //style"):
            node.drop_tree()
        for ch in set(tree.getroot().text_content()):
            if ch.isprintable() and not ch.isspace() and ord(ch) in whole and ord(ch) not in cmap:
                missing.setdefault(ch, page.name)
    assert not missing, f"characters on the site that the subset font lacks: {missing}"


def test_only_the_search_page_loads_sphinx_scripts(built):
    site = _site(built)
    for page in sorted(site.rglob("*.html")):
        scripts = [
            s.split("?")[0].rsplit("/", 1)[-1]
            for s in lxml.html.parse(str(page)).xpath("//script/@src")
        ]
        if page.name == "search.html":
            assert {"searchtools.js", "searchindex.js", "site.js"} <= set(scripts), scripts
        else:
            assert scripts == ["site.js"], f"{page.relative_to(site)} loads {scripts}"
        assert "pygments.css" not in page.read_text(encoding="utf-8")


def test_keep_this_toolkit_list_names_every_page_and_font_with_its_real_size(built):
    site = _site(built)
    listing = json.loads((site / "alpha" / "offline-files.json").read_text())
    urls = {f["url"] for f in listing["files"]}
    pages = {p.relative_to(site).as_posix() for p in (site / "alpha").rglob("*.html")}
    assert pages <= urls, f"pages missing from the list: {sorted(pages - urls)}"
    assert {
        "offline.html",
        "_static/site.css",
        "_static/fonts/AtkinsonHyperlegible-Regular.woff2",
    } <= urls
    for f in listing["files"]:
        assert f["bytes"] == (site / f["url"]).stat().st_size, f["url"]
    assert listing["bytes"] == sum(f["bytes"] for f in listing["files"])
    sw = (site / "sw.js").read_text()
    assert f'"{listing["version"]}"' in sw, "the worker and the list name different versions"
    precache = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", sw).group(1))
    assert all((site / p.split("?")[0]).is_file() for p in precache), precache
    manifest = json.loads((site / "manifest.webmanifest").read_text())
    assert manifest["lang"] == "en" and all(
        (site / icon["src"]).is_file() for icon in manifest["icons"]
    )
    # Phones install from PNG icons: 192 and 512 pixels, and one maskable (full square, no
    # transparent corner).
    from PIL import Image

    pngs = {icon["sizes"]: icon for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= set(pngs), manifest["icons"]
    for icon in manifest["icons"]:
        if icon["type"] == "image/png":
            with Image.open(site / icon["src"]) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"], icon
                corner = image.convert("RGBA").getpixel((0, 0))
                assert (corner[3] == 255) == (icon["purpose"] == "maskable"), (icon, corner)
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])


def test_download_links_say_format_language_pages_and_size(built):
    site = _site(built)
    downloads = built.build_dir / "site" / "downloads"
    tree = lxml.html.parse(str(site / "index.html"))
    spans = tree.xpath("//span[@class='download-facts']")
    assert len(spans) == 2, "one EPUB and one PDF link on the fixture's landing page"
    for span in spans:
        target = downloads / span.get("data-file")
        size = f"{target.stat().st_size / 1_048_576:.1f} MB"
        if target.suffix == ".pdf":
            pages = len(PdfReader(str(target)).pages)
            assert span.text == f"PDF · English · {pages} pages · {size}"
        else:
            assert span.text == f"EPUB · English · {size}"


def test_print_this_worksheet_opens_the_pack_at_the_worksheets_page(built):
    site = _site(built)
    pack = PdfReader(str(built.build_dir / "site" / "downloads" / "alpha-en-worksheets.pdf"))
    links = lxml.html.parse(str(site / "alpha" / "worksheets.html")).xpath(
        "//a[@class='worksheet-print-link']"
    )
    assert links, "no 'print this worksheet' link on the worksheet page"
    for link in links:
        href = link.get("href")
        assert href.startswith("../../downloads/alpha-en-worksheets.pdf#page="), href
        number = int(href.rsplit("=", 1)[1])
        title = " ".join(
            link.xpath("string(ancestor::section[1]/h1 | ancestor::section[1]/h2)")
            .replace("¶", "")
            .split()
        )
        text = " ".join((pack.pages[number - 1].extract_text() or "").split())
        assert title and title in text, f"page {number} of the pack does not show {title!r}"


def test_the_dark_accent_of_every_toolkit_colour_has_aa_contrast(built):
    def lum(hex_):
        c = [int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    for colour in ("#8a3b12", "#1d4e89", "#1f6f50", "#2f3e4e", "#000000", "#0000ff"):
        light, dark = assets.accent_colours(colour)
        assert light == colour
        for bg in assets.DARK_BACKGROUNDS:
            assert (lum(dark) + 0.05) / (lum(bg) + 0.05) >= 4.5, (colour, dark, bg)


def test_a_translated_download_fact_is_in_the_pages_language(built, tmp_path):
    from build_tools import downloads

    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "fr").mkdir()
    shutil.copy(
        built.build_dir / "site" / "downloads" / "alpha-en.epub",
        site / "downloads" / "alpha-fr.epub",
    )
    page = site / "fr" / "index.html"
    page.write_text(
        '<p><a href="../downloads/alpha-fr.epub">EPUB</a> '
        '<span class="download-facts" data-file="alpha-fr.epub"></span></p>',
        encoding="utf-8",
    )
    assert downloads.fill(site, built.work_dir / "locale") == [page]
    said = lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("string(//span)")
    assert said.startswith("EPUB · français · ") and said.endswith(" MB"), said
    assert downloads.fill(site, built.work_dir / "locale") == [], (
        "a second fill must not rewrite the page"
    )
