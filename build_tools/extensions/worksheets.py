"""Worksheets that print as clean pages and become fillable PDF forms.

- ``worksheet``: a section of its own (so it has a heading, a table-of-contents
  entry, a PDF bookmark and a label), with time and people, on a new page in print.
- ``instructions``: the "how to use this sheet" block every worksheet needs.
- ``checklist``: list items with a box to tick.
- ``{fill}`N```: N lines of empty space to write on (the fillable worksheet
  pack turns each into a form field: ``print_shop.worksheet_pack_html``).
"""

from __future__ import annotations

import re
from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import artefacts
from . import _, ngettext, node_location
from .blocks import FixedTitleBlock


class fill(nodes.Inline, nodes.Element):
    """Space to write in: ``lines`` high."""


class Worksheet(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        "name": directives.unchanged,
        "time": directives.unchanged,
        "who": directives.unchanged,
    }

    def run(self):
        source, line = node_location(self)
        section = nodes.section("", classes=["worksheet"])
        section.source, section.line = source, line
        textnodes, _m = self.parse_inline(self.arguments[0], lineno=self.lineno)
        title = nodes.title(self.arguments[0], "", *textnodes)
        title.source, title.line = source, line
        section += title
        name = self.options.get("name")
        if name:
            self.add_name(section)
        else:
            section["ids"].append(nodes.make_id("worksheet-" + self.arguments[0]))
        meta = self.meta_line(source, line)
        if meta is not None:
            section += meta
        section += self.parse_content_to_nodes()
        mark_writing_grids(section)
        if not any("instructions" in n.get("classes", ()) for n in section.findall(nodes.Element)):
            raise self.error(
                f"worksheet '{self.arguments[0]}' has no instructions; "
                "add an ':::{instructions}' block "
                "that tells the reader how to fill it in"
            )
        return [section]

    def meta_line(self, source: str, line: int):
        """The line "Time: 45 minutes · Who: the board".  Labels come from ui.po; each
        value is a message of the toolkit's worksheets catalogue (a translatable
        inline node, so ``make gettext`` extracts it and Sphinx translates it)."""
        # Every option that prints, with its interface label.
        printed = [(_("Time:"), self.options.get("time")), (_("Who:"), self.options.get("who"))]
        facts = [(label, value) for label, value in printed if value]
        if not facts:
            return None
        meta = nodes.paragraph("", "", classes=["worksheet-meta"])
        meta.source, meta.line = source, line
        meta["translatable"] = False
        for i, (label, value) in enumerate(facts):
            if i:
                meta += nodes.Text(" · ")
            meta += nodes.strong("", str(label))
            meta += nodes.Text(" ")
            # The translatable inline sits in a span of its own: Sphinx unwraps
            # translatable inlines into the end of their parent
            # (RemoveTranslatableInline), and the span lets an English fallback
            # be isolated (bidi) inside a right-to-left line.
            message = nodes.inline(value, value, translatable=True)
            message.source, message.line = source, line
            meta += nodes.inline("", "", message, classes=["worksheet-value"])
        return meta


def _only_fill(entry: nodes.Element) -> bool:
    return not entry.astext().strip() and any(True for _n in entry.findall(fill))


def mark_writing_grids(section: nodes.section) -> None:
    """A table whose body cells after the first column are all writing space
    gets the class ``writing-grid``: print lays its columns out evenly, so a
    short header ("Risks") does not make a column too narrow to write in."""
    for table in section.findall(nodes.table):
        rows = [row for body in table.findall(nodes.tbody) for row in body.children]
        if rows and all(all(_only_fill(e) for e in row.children[1:]) for row in rows):
            table["classes"].append("writing-grid")


class Instructions(FixedTitleBlock):
    css_class = "instructions"
    label = _("How to use this worksheet")


class Checklist(SphinxDirective):
    has_content = True

    def run(self):
        content = self.parse_content_to_nodes()
        for node in content:
            if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
                node["classes"].append("checklist")
        return content


class FillRole(SphinxRole):
    def run(self):
        text = self.text.strip() or "1"
        if not re.fullmatch(r"\d{1,2}", text):
            msg = self.inliner.reporter.error(
                f"{{fill}} takes a number of lines (1-99), not {self.text!r}; write {{fill}}`3`",
                line=self.lineno,
            )
            return [], [msg]
        node = fill(lines=int(text))
        node.source, node.line = self.get_source_info()
        return [node], []


def mark_fill_paragraphs(app, doctree) -> None:
    """A sentence with a space to write in it ("We keep photos for ___ years")
    stays on one page: print CSS keeps ``p.has-fill`` whole, so the question
    and its writing space are never split by a page break."""
    for node in doctree.findall(fill):
        if isinstance(node.parent, nodes.paragraph) and "has-fill" not in node.parent["classes"]:
            node.parent["classes"].append("has-fill")


def visit_fill_html(self, node):
    lines = node["lines"]
    label = ngettext("Space to write, %(n)s line", "Space to write, %(n)s lines", lines) % {
        "n": lines
    }
    # One line is the style sheets' default (``var(--lines, 1)``): a worksheet page has
    # hundreds of one-line cells, and the attribute was a sixth of its bytes (issue 18).
    style = f' style="--lines: {lines}"' if lines != 1 else ""
    self.body.append(
        f'<span class="fill"{style} role="img" aria-label="{self.attval(label)}"></span>'
    )
    raise nodes.SkipNode


def visit_fill_text(self, node):
    self.add_text("_" * 20)
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


EMPTY_HEAD = re.compile(r'<th class="head">(?:<p></p>)?</th>')


def empty_header_cells(app, pagename, templatename, context, doctree) -> None:
    """The corner cell of a two-way grid ("| | Low interest | High interest |")
    heads nothing: write it as a data cell, not an empty header (axe and Ace
    empty-table-header), on the site and in the EPUB."""
    if "body" in context:
        context["body"] = EMPTY_HEAD.sub("<td></td>", context["body"])


def add_print_links(app, doctree, docname) -> None:
    """Site only: under each worksheet's title, a link to print it from the
    worksheet pack PDF.  The pack is made after the site, so the link names the
    worksheet and ``build_tools/downloads.py`` adds ``#page=N`` from the pack's
    named destinations once it exists (else the link opens the pack)."""
    if app.builder.name != "html":
        return
    slug = docname.split("/", 1)[0]
    lang = app.config.language or "en"
    up = "../" * docname.count("/")
    for section in doctree.findall(nodes.section):
        if "worksheet" not in section["classes"] or not section["ids"]:
            continue
        href = f"{up}../downloads/{artefacts.file_name(slug, lang, 'worksheets')}"
        link = (
            f'<p class="worksheet-print"><a class="worksheet-print-link" href="{escape(href)}" '
            f'data-worksheet="{escape(section["ids"][0])}">'
            f"{escape(str(_('Print this worksheet')))}</a></p>"
        )
        index = next(
            (i + 1 for i, child in enumerate(section.children) if isinstance(child, nodes.title)), 0
        )
        section.insert(index, nodes.raw("", link, format="html"))


def setup(app):
    app.connect("doctree-resolved", add_print_links)
    app.add_node(
        fill,
        html=(visit_fill_html, None),
        text=(visit_fill_text, None),
        latex=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("worksheet", Worksheet)
    app.add_directive("instructions", Instructions)
    app.add_directive("checklist", Checklist)
    app.add_role("fill", FillRole())
    app.connect("doctree-read", mark_fill_paragraphs)
    app.connect("html-page-context", empty_header_cells)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
