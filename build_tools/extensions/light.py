"""Site only: pages that cost a reader on prepaid data less.

Figures load when the reader scrolls near them (``loading="lazy"``), so
opening a chapter fetches its text, not every drawing in it.  The landing
page keeps its covers eager: they are the first thing on the screen.
Sphinx writes SVG ``<img>`` itself (no docutils ``image_loading``), hence the
attribute is added to the rendered body here.
"""

from __future__ import annotations

import functools
import re

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

    family = fonts_for(lang)[-1]   # Almarai for Arabic script, Atkinson Hyperlegible otherwise
    return tuple(f"{path.stem}.woff2" for fam, weight, style, path in font_files(lang)
                 if fam == family and style == "normal" and weight in (400, 700))


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html":
        return
    context["dt_preload_fonts"] = preload_fonts(app.config.language or "en")
    if pagename != app.config.root_doc and "body" in context:
        context["body"] = lazy_images(context["body"])


def setup(app):
    app.connect("html-page-context", on_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
