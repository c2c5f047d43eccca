"""References between toolkits: the ``{toolkit}`` role and book citations.

``{toolkit}`fundraising-grants``` is a reference to a section of another
toolkit.  On the site it is an ordinary link.  Inside one toolkit's EPUB or PDF
the target is not in the book, so the link goes to the published site and the
text becomes a citation a reader can follow on paper: the section title, then
the toolkit title and section number.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.roles import XRefRole
from sphinx.util import logging

from . import _

logger = logging.getLogger(__name__)


class ToolkitRole(XRefRole):
    """A ``ref`` that must lead into another toolkit."""

    def run(self):
        result, messages = super().run()
        for node in result:
            if isinstance(node, addnodes.pending_xref):
                node["refdomain"], node["reftype"] = "std", "ref"
                node["dt_toolkit_ref"] = True
        return result, messages


def check_toolkit_refs(app, doctree) -> None:
    """Warn (file:line) when a {toolkit} reference stays inside its own toolkit."""
    docname = app.env.current_document.docname
    own = docname.split("/", 1)[0]
    for node in doctree.findall(addnodes.pending_xref):
        if not node.get("dt_toolkit_ref"):
            continue
        target = node["reftarget"]
        if target.split("-", 1)[0] == own:
            logger.warning(
                "{toolkit}`%s` points into the same toolkit; use {ref}`%s` instead",
                target,
                target,
                location=node,
                type="toolkits",
                subtype="toolkit_ref",
            )


def section_number(env, docname: str, anchor: str) -> str:
    numbers = env.toc_secnumbers.get(docname, {})
    num = numbers.get(f"#{anchor}") or numbers.get("")
    return ".".join(map(str, num)) if num else ""


def cite_outside_links(app, doctree, docname) -> None:
    """In a book builder, rewrite links that leave the book as citations."""
    builder = app.builder
    if not hasattr(builder, "book_docs"):
        return
    base = app.config.dt_meta["base_url"]
    env = app.env
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not uri.startswith(base):
            continue
        path, _sep, anchor = uri[len(base) :].partition("#")
        target_doc = path.split("/", 1)[1].removesuffix(".html") if "/" in path else path
        slug = target_doc.split("/", 1)[0]
        ref["internal"] = False
        ref["classes"].append("leaves-book")
        if "used-in" in ref.parent.get("classes", ()):
            continue  # a "Used in" list already names the toolkit
        if f"{slug}/index" not in env.titles:
            continue
        book_title = env.titles[f"{slug}/index"].astext()
        number = section_number(env, target_doc, anchor)
        if number:
            cite = str(_("%(book)s, section %(number)s")) % {"book": book_title, "number": number}
        elif book_title.casefold() in ref.astext().casefold():
            # The link text already names the book: "Community Outreach (Community Outreach)".
            continue
        else:
            cite = book_title
        citation = nodes.inline("", f" ({cite})", classes=["citation-note"])
        ref.parent.insert(ref.parent.index(ref) + 1, citation)


_FIRST_WORD = re.compile(r"\s+(\w+)\b")


def fold_repeated_word(app, doctree, docname) -> None:
    """ "The {ref}`net-ws-exit` checklist" reads "The Exit and closure checklist
    checklist" once the title is filled in, and in print the page reference
    lands between the two ("checklist (page 85) checklist").  Drop the word
    that repeats the last word of a reference's resolved text, in every format
    and language, so prose and page reference read as one phrase."""
    for ref in list(doctree.findall(nodes.reference)):
        # Only a title filled in by {ref}/{numref}: a glossary term is the
        # author's or translator's own words ("Koox heshiis mashruuc" then
        # "mashruuc kasta" is correct Somali), and on the site a term carries a
        # tooltip, so folding it would make the formats disagree.
        if not any(
            {"std-ref", "std-numref"} & set(n.get("classes", ())) for n in ref.findall(nodes.inline)
        ):
            continue
        words = ref.astext().split()
        parent = ref.parent
        if not words or parent is None:
            continue
        index = parent.index(ref)
        nxt = parent[index + 1] if index + 1 < len(parent) else None
        if not isinstance(nxt, nodes.Text):
            continue
        match = _FIRST_WORD.match(str(nxt))
        if match and match.group(1).casefold() == words[-1].strip(".,;:").casefold():
            parent.replace(nxt, nodes.Text(str(nxt)[match.end() :]))


def setup(app):
    app.add_role("toolkit", ToolkitRole(innernodeclass=nodes.inline, warn_dangling=True))
    app.connect("doctree-read", check_toolkit_refs)
    app.connect("doctree-resolved", fold_repeated_word)
    app.connect("doctree-resolved", cite_outside_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
