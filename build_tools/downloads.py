"""Download links that say what they are: format, language, pages and size;
and "print this worksheet" links that open the worksheet pack at its page.

The site is written before its PDFs exist, so the landing page carries an
empty ``<span class="download-facts" data-file="…">`` beside each EPUB and PDF
link (``extensions/landing.py``) and ``fill`` writes the facts into it after
every job of a build is staged, from the staged files themselves (``build.py:
_publish``, before the files are hashed).  The words come from ui.po; the
result depends only on the files, so the same input gives the same bytes.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from babel.numbers import format_decimal

from .l10n import catalogues

PLACEHOLDER = re.compile(r'<span class="download-facts" data-file="([^"<>]+)">[^<]*</span>')
# extensions/worksheets.py: a worksheet's "print this worksheet" link, to the pack, then to its
# page.
WORKSHEET_LINK = re.compile(
    r'(<a class="worksheet-print-link" href=")([^"#]+)(?:#page=\d+)?(" data-worksheet="([^"<>]+)">)'
)
FORMATS = {".epub": "EPUB", ".pdf": "PDF"}


def pdf_pages(path: Path) -> int | None:
    """The page count of a PDF. pikepdf (qpdf) reads only what it needs: pypdf parsed every
    object stream of each PDF, 2-3 s a book, for each of the 24 PDFs after every build."""
    import pikepdf  # noqa: PLC0415

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # noqa: BLE001 - a damaged file gets no page count, the build reports it elsewhere
        return None


def facts(path: Path, lang: str, read: Reads) -> str:
    """ "PDF · English · 84 pages · 2.1 MB" in the page's language, from what this pass read."""
    from .extensions.toolkit_meta import language_name  # noqa: PLC0415

    t = read.ui(lang)
    _, ngettext = t.gettext, t.ngettext
    locale = lang.replace("-", "_")
    size = format_decimal(round(path.stat().st_size / 1_048_576, 1), format="0.0", locale=locale)
    book_lang = path.stem.split("-")[1] if "-" in path.stem else lang
    parts = [FORMATS.get(path.suffix, path.suffix.lstrip(".").upper()), language_name(book_lang)]
    count = None
    if path.suffix == ".pdf":
        if path not in read.pages:
            read.pages[path] = pdf_pages(path)
        count = read.pages[path]
    if count:
        parts.append(ngettext("%(count)s page", "%(count)s pages", count) % {"count": count})
    parts.append(_("%(size)s MB") % {"size": size})
    return " · ".join(parts)


def pack_pages(pack: Path) -> dict[str, int]:
    """Worksheet pack: {named destination (the worksheet's HTML id): page number from 1}."""
    import pikepdf  # noqa: PLC0415

    try:
        with pikepdf.open(pack) as pdf:
            number = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
            dests = {}
            names = pdf.Root.get("/Names")
            if names is not None and "/Dests" in names:  # PDF 1.2 and later: a name tree
                dests.update((str(k), v) for k, v in pikepdf.NameTree(names.Dests).items())
            if "/Dests" in pdf.Root:  # PDF 1.1: a dictionary
                dests.update((str(k), v) for k, v in pdf.Root.Dests.items())
            found = {}
            for name, dest in dests.items():
                if isinstance(dest, pikepdf.Dictionary):  # {/D [page /XYZ …]}
                    dest = dest.D
                page = number.get(dest[0].objgen) if len(dest) else None
                if page:
                    found[name.lstrip("/")] = page
            return found
    except Exception:  # noqa: BLE001 - no page numbers: the links open the pack at its start
        return {}


class Reads:
    """What one pass over the pages read, so each PDF and each language's ``ui.mo`` is read once
    (a PDF is offered on several pages)."""

    def __init__(self, mo_dir: Path) -> None:
        self.mo_dir = mo_dir
        self.pages: dict[Path, int | None] = {}  # page counts, by path
        self.packs: dict[str, dict[str, int]] = {}  # worksheet pack name -> its pack_pages
        self._ui: dict[str, object] = {}  # language -> its interface translations

    def ui(self, lang: str):
        if lang not in self._ui:
            self._ui[lang] = catalogues.translations(self.mo_dir, lang, "ui")
        return self._ui[lang]


def fill_page(page: Path, downloads: Path, lang: str, read: Reads) -> bool:
    """Write the facts into one page's placeholders and worksheet links; True when the page changed.
    The page may be hard-linked to the published edition: it is replaced, never written in place."""
    text = page.read_text(encoding="utf-8")
    if "download-facts" not in text and "worksheet-print-link" not in text:
        return False

    def one(m: re.Match) -> str:
        name = html.unescape(m.group(1))
        target = downloads / Path(name).name
        said = facts(target, lang, read) if target.is_file() else ""
        return f'<span class="download-facts" data-file="{m.group(1)}">{html.escape(said)}</span>'

    def sheet(m: re.Match) -> str:
        name = Path(html.unescape(m.group(2))).name
        if name not in read.packs:
            read.packs[name] = pack_pages(downloads / name) if (downloads / name).is_file() else {}
        number = read.packs[name].get(html.unescape(m.group(4)))
        return f"{m.group(1)}{m.group(2)}{f'#page={number}' if number else ''}{m.group(3)}"

    new = WORKSHEET_LINK.sub(sheet, PLACEHOLDER.sub(one, text))
    if new == text:
        return False
    tmp = page.with_name(f".{page.name}.tmp{os.getpid()}")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(page)
    return True


def fill(site: Path, mo_dir: Path) -> list[Path]:
    """Every page of every language under *site* (``<site>/<lang>/…``); the pages changed."""
    changed = []
    downloads = site / "downloads"
    read = Reads(mo_dir)
    for lang_dir in sorted(p for p in site.iterdir() if p.is_dir() and p.name != "downloads"):
        for page in sorted(lang_dir.rglob("*.html")):
            if fill_page(page, downloads, lang_dir.name, read):
                changed.append(page)
    return changed
