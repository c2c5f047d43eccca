"""Every word a reader sees is in the reader's language (issue 14).

One build of the fixture project with a fully translated French and Arabic
(``fixtures/l10n/locales``), checked as a reader would meet it: the site's and
the EPUB's chrome, the PDF's pages, the figures, the covers (rendered), the
sidebar and the plural forms.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import polib
import pytest
from pypdf import PdfReader

from build_tools.l10n import workflow

LANGS = ("fr", "ar")


@pytest.fixture
def translated(l10n_edition):
    """The fixture built in English, French and Arabic (every format a reader gets): conftest's
    ``l10n_edition``, built once per session (the shard test reads it too). Read only."""
    return l10n_edition[0]


def english_ui_patterns(project, lang: str) -> list[tuple[str, re.Pattern]]:
    """Each English interface message (singular and plural) as a whole-word
    pattern, placeholders as wildcards; messages the language keeps identical
    on purpose ("Navigation" in French) are left out."""
    pot = polib.pofile(str(workflow.extract_ui(project, project.work_dir / "pot-test")))
    po = {
        e.msgid: e for e in polib.pofile(str(project.locale_dir / lang / "LC_MESSAGES" / "ui.po"))
    }
    out = []
    for entry in pot:
        kept = po.get(entry.msgid)
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if kept is not None and msgid in ({kept.msgstr} | set(kept.msgstr_plural.values())):
                continue
            parts = [re.escape(p) for p in re.split(r"%\(\w+\)s|%s", msgid)]
            if not re.search(r"[^\W\d_]", "".join(re.split(r"%\(\w+\)s|%s", msgid))):
                # only placeholders and punctuation ("%(publisher)s, %(date)s"): no English word
                continue
            out.append((msgid, re.compile(r"(?<!\w)" + ".+?".join(parts) + r"(?!\w)")))
    return out


def english_in(texts, patterns) -> list[tuple[str, str]]:
    return [(msgid, t) for t in texts for msgid, pat in patterns if pat.search(t)]


CHROME = (
    "//header",
    "//footer",
    "//nav",
    "//search",
    "//div[contains(@class,'related')]",
    "//a[contains(@class,'skip-link')]",
    "//span[contains(@class,'caption-number')]",
    "//p[contains(@class,'worksheet-meta')]/strong",
    "//p[contains(@class,'admonition-title')]",
)


def chrome_texts(tree) -> list[str]:
    texts = []
    for xpath in CHROME:
        for el in tree.xpath(xpath):
            texts += [" ".join(t.split()) for t in el.itertext() if t.strip()]
    for attr in ("aria-label", "value", "alt"):
        texts += [v for v in tree.xpath(f"//@{attr}") if v.strip()]
    return texts


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_interface_word_in_the_translated_site(translated, lang):
    patterns = english_ui_patterns(translated, lang)
    site = translated.build_dir / "site" / lang
    found = []
    for page in sorted(site.rglob("*.html")):
        if page.name in ("search.html", "genindex.html"):
            continue  # Sphinx's own pages, translated by Sphinx's catalogue
        found += [
            (page.name, *hit)
            for hit in english_in(chrome_texts(lxml.html.parse(str(page))), patterns)
        ]
    assert not found, f"English interface words in the {lang} site: {found[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_interface_word_in_the_translated_epub(translated, lang):
    patterns = english_ui_patterns(translated, lang)
    found = []
    with zipfile.ZipFile(
        translated.build_dir / "site" / "downloads" / f"alpha-{lang}.epub"
    ) as epub:
        for name in epub.namelist():
            if name.endswith(".xhtml"):
                tree = lxml.etree.fromstring(epub.read(name), lxml.etree.XMLParser(recover=True))
                texts = [" ".join(t.split()) for t in tree.itertext() if t.strip()]
                texts += [v for v in tree.xpath("//@aria-label | //@alt") if v.strip()]
                found += [(name, *hit) for hit in english_in(texts, patterns)]
    assert not found, f"English interface words in the {lang} EPUB: {found[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_interface_word_in_the_translated_pdf(translated, lang):
    patterns = english_ui_patterns(translated, lang)
    reader = PdfReader(translated.build_dir / "site" / "downloads" / f"alpha-{lang}.pdf")
    lines = [line for page in reader.pages for line in (page.extract_text() or "").splitlines()]
    found = english_in(lines, patterns)
    assert not found, f"English interface words in the {lang} PDF: {found[:10]}"


def test_worksheet_time_and_who_are_document_messages(translated):
    pot = translated.work_dir / "gettext-check"
    pot_file = (
        workflow.gettext(type(translated)(root=translated.root, build_dir=pot.parent / "gt"))
        / "alpha"
        / "worksheets.pot"
    )
    msgids = {e.msgid for e in polib.pofile(str(pot_file))}
    assert {"10 minutes", "the board"} <= msgids
    html = (translated.build_dir / "site" / "ar" / "alpha" / "worksheets.html").read_text(
        encoding="utf-8"
    )
    meta = (
        lxml.html.fromstring(html).xpath("//p[contains(@class,'worksheet-meta')]")[0].text_content()
    )
    assert "10 دقائق" in meta and "مجلس الإدارة" in meta and "minutes" not in meta


def test_plural_forms_say_1_ligne_and_3_lignes(translated):
    tree = lxml.html.parse(str(translated.build_dir / "site" / "fr" / "alpha" / "worksheets.html"))
    labels = set(tree.xpath("//span[contains(@class,'fill')]/@aria-label"))
    assert labels == {"Espace pour écrire, 1 ligne", "Espace pour écrire, 3 lignes"}
    ar = lxml.html.parse(str(translated.build_dir / "site" / "ar" / "alpha" / "worksheets.html"))
    assert "مساحة للكتابة، 3 أسطر" in ar.xpath("//span[contains(@class,'fill')]/@aria-label")


def test_caption_prefix_is_the_languages(translated):
    for lang, prefix in (("fr", "Fig. 1.1"), ("ar", "الشكل 1.1")):
        tree = lxml.html.parse(
            str(translated.build_dir / "site" / lang / "alpha" / "01-first.html")
        )
        assert [
            " ".join(t.split()) for t in tree.xpath("//span[@class='caption-number']/text()")
        ] == [prefix]


def test_arabic_sidebar_lists_each_entry_once(translated):
    for page in ("alpha/index.html", "alpha/01-first.html", "_shared/glossary.html"):
        tree = lxml.html.parse(str(translated.build_dir / "site" / "ar" / page))
        hrefs = tree.xpath("//nav[contains(@class,'globaltoc')]//a/@href")
        assert hrefs and len(hrefs) == len(set(hrefs)), f"{page}: {hrefs}"


def _figure(translated, lang: str):
    return lxml.etree.parse(
        str(translated.build_dir / "site" / lang / "_images" / "box.svg")
    ).getroot()


def test_figure_labels_are_translated_in_french_and_arabic(translated):
    for lang, label, title in (
        ("fr", "Première étape du plan", "Boîte"),
        ("ar", "الخطوة الأولى من الخطة", "صندوق"),
    ):
        svg = _figure(translated, lang)
        assert svg.xpath("//*[local-name()='g'][@data-text=$t]", t=label), lang
        assert svg.xpath("string(//*[local-name()='title'])") == title
        assert not svg.xpath("//*[local-name()='text']"), "every label is drawn as shaped outlines"
    with zipfile.ZipFile(translated.build_dir / "site" / "downloads" / "alpha-ar.epub") as epub:
        name = next(n for n in epub.namelist() if n.endswith("box.svg"))
        assert "الخطوة الأولى من الخطة".encode() in epub.read(name)


def test_flagged_figure_is_mirrored_in_arabic_only(translated):
    assert _figure(translated, "ar").xpath("//*[@data-mirrored='rtl']")
    assert not _figure(translated, "fr").xpath("//*[@data-mirrored='rtl']")


def _ink_boxes(svg_path: Path):
    root = lxml.etree.parse(str(svg_path)).getroot()
    return [tuple(map(float, v.split())) for v in root.xpath("//@data-ink")]


def test_every_cover_line_lies_inside_the_cover(translated):
    for lang in ("en", *LANGS):
        boxes = _ink_boxes(
            translated.build_dir / "site" / lang / "_static" / "covers" / "alpha.svg"
        )
        assert len(boxes) >= 4
        for x0, y0, x1, y1 in boxes:
            assert 40 <= x0 and x1 <= 560 and 40 <= y0 and y1 <= 880, (lang, (x0, y0, x1, y1))


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler's pdftoppm")
def test_rendered_arabic_cover_ink_matches_the_layout_and_stays_inside(translated, tmp_path):
    """Render page 1 of the Arabic PDF and find the white text's ink: it must
    lie inside the page, right-aligned where the layout says."""
    from PIL import Image

    pdf = translated.build_dir / "site" / "downloads" / "alpha-ar.pdf"
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "50", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    w, h = image.size
    # White text on the coloured cover; the outermost pixels are the page's edge, not ink.
    ink = [(x, y) for y in range(3, h - 3) for x in range(3, w - 3) if image.getpixel((x, y)) > 235]
    assert ink, "no text drawn on the cover"
    xs = [x for x, _ in ink]
    boxes = _ink_boxes(translated.build_dir / "site" / "ar" / "_static" / "covers" / "alpha.svg")
    scale = w / 600  # the cover fills the page width (object-fit: cover crops top and bottom)
    assert min(xs) > 0.05 * w and max(xs) < 0.95 * w
    assert abs(max(xs) - max(b[2] for b in boxes) * scale) <= 3, "text is right-aligned as laid out"


def test_update_po_writes_each_toolkits_figure_catalogue_with_context(mini):
    workflow.update_po(mini, ["fr"])
    po = polib.pofile(str(mini.locale_dir / "fr" / "LC_MESSAGES" / "alpha" / "figures.po"))
    assert {(e.msgctxt, e.msgid) for e in po} == {
        ("alpha/images/box.svg#t", "Box"),
        ("alpha/images/box.svg#text-1", "First step of the plan"),
    }
    ui = polib.pofile(str(mini.locale_dir / "fr" / "LC_MESSAGES" / "ui.po"))
    plural = next(e for e in ui if e.msgid == "Space to write, %(n)s line")
    assert plural.msgid_plural == "Space to write, %(n)s lines" and len(plural.msgstr_plural) == 3


def test_every_interface_message_the_build_looks_up_is_extracted_for_translators(mini, monkeypatch):
    """Print labels, imprint, cover line and pack title are looked up outside
    Sphinx.  A lookup the extractor cannot see is marked obsolete by update-po,
    and every translated book then prints it in English (edition 2's imprint
    and cover edition line did)."""
    from build_tools import build
    from build_tools.l10n import catalogues

    looked_up: set[str] = set()

    def recording(_mo_dir, _lang, domain):
        def ui(msgid):
            if domain == "ui":  # titles come from the documents' own catalogues
                looked_up.add(msgid)
            return msgid

        return ui

    monkeypatch.setattr(catalogues, "translator", recording)
    slug = mini.toolkits[0].slug
    meta = build._meta_for(mini, "fr", slug)
    build.print_labels(mini, "fr", meta, ratio=0.5)
    from build_tools import print_shop

    print_shop.pack_title(meta["title"], catalogues.translator(None, "fr", "ui"))
    extracted = {
        e.msgid for e in polib.pofile(str(workflow.extract_ui(mini, mini.work_dir / "pot-test")))
    }
    missing = sorted(m for m in looked_up - extracted if re.search(r"[^\W\d_]", m))
    assert looked_up and not missing, (
        f"looked up but not in ui.pot (extend l10n.workflow.UI_MARKERS): {missing}"
    )
