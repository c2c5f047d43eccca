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


def _catalogue(mo_dir: Path, lang: str):
    return catalogues.translations(mo_dir, lang, "ui")


def pdf_pages(path: Path) -> int | None:
    from pypdf import PdfReader  # noqa: PLC0415

    try:
        return len(PdfReader(str(path)).pages)
    except Exception:  # noqa: BLE001 - a damaged file gets no page count, the build reports it elsewhere
        return None


def facts(path: Path, lang: str, mo_dir: Path) -> str:
    """ "PDF · English · 84 pages · 2.1 MB" in the page's language."""
    from .extensions.toolkit_meta import language_name  # noqa: PLC0415

    t = _catalogue(mo_dir, lang)
    _, ngettext = t.gettext, t.ngettext
    locale = lang.replace("-", "_")
    size = format_decimal(round(path.stat().st_size / 1_048_576, 1), format="0.0", locale=locale)
    book_lang = path.stem.split("-")[1] if "-" in path.stem else lang
    parts = [FORMATS.get(path.suffix, path.suffix.lstrip(".").upper()), language_name(book_lang)]
    pages = pdf_pages(path) if path.suffix == ".pdf" else None
    if pages:
        parts.append(ngettext("%(count)s page", "%(count)s pages", pages) % {"count": pages})
    parts.append(_("%(size)s MB") % {"size": size})
    return " · ".join(parts)


def pack_pages(pack: Path) -> dict[str, int]:
    """Worksheet pack: {named destination (the worksheet's HTML id): page number from 1}."""
    from pypdf import PdfReader  # noqa: PLC0415

    try:
        reader = PdfReader(str(pack))
        return {
            str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()
        }
    except Exception:  # noqa: BLE001 - no page numbers: the links open the pack at its start
        return {}


def fill_page(page: Path, downloads: Path, lang: str, mo_dir: Path, packs: dict) -> bool:
    """Write the facts into one page's placeholders and worksheet links; True when the page changed.
    The page may be hard-linked to the published edition: it is replaced, never written in place."""
    text = page.read_text(encoding="utf-8")
    if "download-facts" not in text and "worksheet-print-link" not in text:
        return False

    def one(m: re.Match) -> str:
        name = html.unescape(m.group(1))
        target = downloads / Path(name).name
        said = facts(target, lang, mo_dir) if target.is_file() else ""
        return f'<span class="download-facts" data-file="{m.group(1)}">{html.escape(said)}</span>'

    def sheet(m: re.Match) -> str:
        name = Path(html.unescape(m.group(2))).name
        if name not in packs:
            packs[name] = pack_pages(downloads / name) if (downloads / name).is_file() else {}
        number = packs[name].get(html.unescape(m.group(4)))
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
    packs: dict[str, dict[str, int]] = {}
    for lang_dir in sorted(p for p in site.iterdir() if p.is_dir() and p.name != "downloads"):
        for page in sorted(lang_dir.rglob("*.html")):
            if fill_page(page, downloads, lang_dir.name, mo_dir, packs):
                changed.append(page)
    return changed
