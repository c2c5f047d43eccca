"""Site only: the landing page's cards, one per toolkit.

Each card shows the cover, the translated title and subtitle, and links to
read online and to download the EPUB and PDF of the page's language.  The
toolkits come from the source tree, never from a typed list.  Each card takes
its toolkit's colour as the page takes it on a toolkit's pages: ``--kit`` and
``--kit-dark`` in a style attribute (no ``<style>`` element: the catalogue
safety checks refuse any on the site).
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .. import artefacts
from ..assets import accent_colours
from ..project import SOURCE_LANGUAGE
from . import _
from .toolkit_meta import book_meta_of, project_for


def artefact_name(slug: str, lang: str, ext: str) -> str:
    """A download's file name (the rule lives in build_tools.artefacts)."""
    return artefacts.file_name(slug, lang, ext)


class ToolkitCards(SphinxDirective):
    def run(self):
        return [cards_placeholder()]


class cards_placeholder(nodes.General, nodes.Element):
    pass


def fill_cards(app, doctree, docname) -> None:
    lang = app.config.language or SOURCE_LANGUAGE
    for node in list(doctree.findall(cards_placeholder)):
        grid = nodes.container(classes=["toolkit-cards"])
        for kit in project_for(app.srcdir).toolkits:
            meta = book_meta_of(app, kit.slug)
            card = nodes.container(classes=["toolkit-card"], ids=[f"card-{kit.slug}"])
            cover = nodes.image(
                uri=f"_static/covers/{kit.slug}.svg",
                alt=str(_("Cover of %(title)s")) % {"title": meta["title"]},
                classes=["cover"],
            )
            cover["candidates"] = {"*": cover["uri"]}
            card += cover
            heading = nodes.paragraph("", "", classes=["card-title"])
            heading += nodes.reference(
                "",
                meta["title"],
                refuri=app.builder.get_relative_uri(docname, f"{kit.slug}/index"),
                internal=True,
            )
            card += heading
            card += nodes.paragraph("", meta["subtitle"], classes=["card-subtitle"])
            links = nodes.bullet_list(classes=["card-links"])
            for label, target in (
                (_("Read online"), app.builder.get_relative_uri(docname, f"{kit.slug}/index")),
                (_("Download EPUB"), f"../downloads/{artefact_name(kit.slug, lang, 'epub')}"),
                (_("Download PDF"), f"../downloads/{artefact_name(kit.slug, lang, 'pdf')}"),
            ):
                item = nodes.list_item()
                para = nodes.paragraph()
                para += nodes.reference("", str(label), refuri=target, internal=False)
                if target.startswith("../downloads/"):
                    # Filled with format, language, pages and size once the file exists
                    # (build_tools/downloads.py).
                    name = html.escape(target.rsplit("/", 1)[1])
                    para += nodes.Text(" ")
                    para += nodes.raw(
                        "",
                        f'<span class="download-facts" data-file="{name}"></span>',
                        format="html",
                    )
                item += para
                links += item
            card += links
            grid += card
        node.replace_self(grid)


def colour_cards(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if "toolkit-card" not in body:
        return
    for kit in project_for(app.srcdir).toolkits:
        light, dark = accent_colours(kit.colour)
        body = body.replace(
            f'id="card-{kit.slug}"',
            f'id="card-{kit.slug}" '
            f'style="--kit: {html.escape(light)}; --kit-dark: {html.escape(dark)}"',
            1,
        )
    context["body"] = body


def setup(app):
    app.add_node(cards_placeholder)
    app.add_directive("toolkit-cards", ToolkitCards)
    app.connect("doctree-resolved", fill_cards)
    app.connect("html-page-context", colour_cards)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
