"""Site only: pages that cost a reader on prepaid data less.

Figures load when the reader scrolls near them (``loading="lazy"``), so
opening a chapter fetches its text, not every drawing in it.  The landing
page keeps its covers eager: they are the first thing on the screen.
Sphinx writes SVG ``<img>`` itself (no docutils ``image_loading``), hence the
attribute is added to the rendered body here.
"""

from __future__ import annotations

import re

IMG = re.compile(r"<img (?![^>]*\bloading=)")


def lazy_images(body: str) -> str:
    return IMG.sub('<img loading="lazy" decoding="async" ', body)


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name == "html" and pagename != app.config.root_doc and "body" in context:
        context["body"] = lazy_images(context["body"])


def setup(app):
    app.connect("html-page-context", on_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
