"""Site only: pages that cost a reader on prepaid data less.

Figures load when the reader scrolls near them (``loading="lazy"``), so
opening a chapter fetches its text, not every drawing in it.  The landing
page keeps its covers eager: they are the first thing on the screen.
Sphinx writes SVG ``<img>`` itself (no docutils ``image_loading``), hence the
attribute is added to the rendered body here.

The search index is written back as UTF-8 (``compact_search_index``): Sphinx
escapes every non-ASCII letter, so each Arabic letter cost six bytes instead
of two (the Arabic index: 540 KB, 279 KB after).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

IMG = re.compile(r"<img (?![^>]*\bloading=)")


def lazy_images(body: str) -> str:
    return IMG.sub('<img loading="lazy" decoding="async" ', body)


@functools.cache
def preload_fonts(lang: str) -> tuple[str, ...]:
    """The web fonts every page shows at once: the text family's regular and
    bold.  Asked for with the HTML, they arrive before the first paint, so the
    text does not reflow when they swap in (Lighthouse measured a layout shift
    of 0.34 on the English landing page without them)."""
    from build_tools.assets import font_files, fonts_for  # noqa: PLC0415

    family = fonts_for(lang)[-1]  # Almarai for Arabic script, Atkinson Hyperlegible otherwise
    return tuple(
        f"{path.stem}.woff2"
        for fam, weight, style, path in font_files(lang)
        if fam == family and style == "normal" and weight in (400, 700)
    )


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html":
        return
    context["dt_preload_fonts"] = preload_fonts(app.config.language or "en")
    if pagename != app.config.root_doc and "body" in context:
        context["body"] = lazy_images(context["body"])


SEARCH_PREFIX, SEARCH_SUFFIX = "Search.setIndex(", ")"


def compact_search_index(text: str) -> str:
    """The same index, with letters as UTF-8 instead of ``\\uXXXX`` escapes (same
    keys, order and separators as Sphinx; Sphinx reads it back for incremental builds)."""
    if not (text.startswith(SEARCH_PREFIX) and text.endswith(SEARCH_SUFFIX)):
        return text
    data = json.loads(text[len(SEARCH_PREFIX) : -len(SEARCH_SUFFIX)])
    return (
        SEARCH_PREFIX
        + json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        + SEARCH_SUFFIX
    )


def on_build_finished(app, exception) -> None:
    if exception or app.builder.name != "html":
        return
    path = Path(app.outdir) / "searchindex.js"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        compact = compact_search_index(text)
        if compact != text:
            path.write_text(compact, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", on_page_context)
    # Before extensions/offline.py lists the site's files with their sizes.
    app.connect("build-finished", on_build_finished, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
