"""What a page, a package or a PDF says about its edition: title, edition, date, credits, licence.

From ``source/series.toml`` and ``source/<toolkit>/book.toml``, with the reader-facing words
translated through the compiled catalogues (``ui`` and the toolkit's ``index``). A plain function
of the values it needs: the Sphinx extension (``extensions/toolkit_meta.py``) and the build
(EPUB packaging, covers, PDF labels in ``build.py``) call the same one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date

from .l10n.catalogues import translator
from .project import Project, is_rtl
from .sources import read_title


def book_meta(project: Project, mo_dir: Path, lang: str, slug: str | None) -> dict:
    """Everything a page, a package or a PDF says about its edition (*slug* None: the series)."""
    series = project.series
    # Reader-facing words of series.toml and book.toml: the series name is the
    # landing page's title (index.po); the others are extracted into ui.pot
    # (``l10n.workflow.extract_ui``).  An explicit translator, because this also runs
    # outside Sphinx (build.py), where ``_`` is not set up.
    ui = translator(mo_dir, lang, "ui")
    meta = {
        "series_name": translator(mo_dir, lang, "index")(series["name"]),
        "publisher": ui(series["publisher"]),
        "author": ui(series["author"]),
        "licence": series["licence"],
        "licence_url": series["licence_url"],
        "rights": ui(series["rights"]),
        "base_url": series["base_url"].rstrip("/") + "/",
        "keywords": list(series.get("keywords", [])),
        "lang": lang,
        "dir": "rtl" if is_rtl(lang) else "ltr",
        "title": "",
        "subtitle": "",
        "edition": "",
        "date_iso": "",
        "date_local": "",
        "credits": [],
        "isbn": "",
        "doi": "",
        "slug": slug or "",
    }
    if slug:
        kit = project.toolkit(slug)
        title, subtitle = read_title(project.source_dir, slug)
        tr = translator(mo_dir, lang, f"{slug}/index")
        date = dt.date.fromisoformat(kit.date)
        meta.update(
            title=tr(title),
            subtitle=tr(subtitle),
            edition=kit.edition,
            date_iso=kit.date,
            # The English text is British: dates as "27 November 2026".
            date_local=format_date(date, "long", locale="en_GB" if lang == "en" else lang),
            credits=[translate_credit(ui, c) for c in kit.credits],
            isbn=kit.isbn,
            doi=kit.doi,
            colour=kit.colour,
        )
    meta["footer_line"] = " · ".join(
        x
        for x in [
            meta["series_name"],
            meta["title"],
            ui("Edition %s") % meta["edition"] if meta["edition"] else "",
            meta["date_local"],
        ]
        if x
    )
    meta["credits_line"] = "; ".join(meta["credits"]) or meta["author"]
    return meta


def translate_credit(ui, credit: str) -> str:
    """A credit such as "Writing and editing: Diaspora Toolkits contributors":
    role and names are separate messages of ui.po (names are often kept)."""
    role, sep, names = credit.partition(": ")
    if not sep:
        return ui(credit)
    return f"{ui(role + ':')} {ui(names)}"
