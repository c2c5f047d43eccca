"""Site only: the sidebar lists each page once.

The shared glossary belongs to every toolkit's table of contents (so the EPUB
and PDF of each toolkit carry it) and to the site's root table of contents;
Sphinx's global toctree then shows it twice on a toolkit page, once inside the
toolkit and once at the top level.  Keep the first (the toolkit's) entry.
"""

from __future__ import annotations

import lxml.html


def dedupe_toctree(html: str) -> str:
    """Remove a list item whose link target an earlier item already has."""
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    seen: set[str] = set()
    for li in list(root.iter("li")):
        link = li.find("a")
        href = link.get("href", "") if link is not None else ""
        if href in seen and not len(li.findall("ul")):
            li.getparent().remove(li)
        seen.add(href)
    return (
        "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
        if len(root)
        else html
    )


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    toctree = context.get("toctree")
    if callable(toctree):
        context["toctree"] = lambda **kw: dedupe_toctree(toctree(**kw))


def setup(app):
    app.connect("html-page-context", on_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
