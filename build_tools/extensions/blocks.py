"""Named blocks of the toolkits: case studies, key points, country rules.

- ``case-study``: prints "Fictional case study" itself, so no case study can
  ship unlabelled.
- ``key-points``: the summary that closes every numbered section.
- ``rules-at-a-glance``: a country's rules; refuses to build without
  ``:source:`` and ``:as-of:`` because rules change.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import _, node_location

logger = logging.getLogger(__name__)


def _label(text: str, cls: str) -> nodes.paragraph:
    # Interface text from the ui catalogue, not a message of the document.
    para = nodes.paragraph("", "", nodes.Text(str(text)), classes=[cls])
    para["translatable"] = False
    return para


def _title(directive: SphinxDirective, text: str) -> nodes.title:
    textnodes, _msgs = directive.parse_inline(text, lineno=directive.lineno)
    title = nodes.title(text, "", *textnodes)
    title.source, title.line = node_location(directive)
    return title


class CaseStudy(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"name": directives.unchanged, "class": directives.class_option}

    def run(self):
        node = nodes.admonition("", classes=["case-study", *self.options.get("class", [])])
        node.source, node.line = node_location(self)
        node += _title(self, self.arguments[0])
        node += _label(_("Fictional case study"), "case-label")
        self.add_name(node)
        node += self.parse_content_to_nodes(allow_section_headings=False)
        return [node]


class FixedTitleBlock(SphinxDirective):
    """A block whose title is an interface string (from ui.po, not the document)."""

    has_content = True
    css_class = ""
    label = ""

    def run(self):
        node = nodes.admonition("", classes=[self.css_class])
        node.source, node.line = node_location(self)
        title = nodes.title("", str(self.label))
        title["translatable"] = False
        node += title
        node += self.parse_content_to_nodes()
        return [node]


class KeyPoints(FixedTitleBlock):
    css_class = "key-points"
    label = _("Key points")


class RulesAtAGlance(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"source": directives.unchanged_required, "as-of": directives.unchanged_required,
                   "name": directives.unchanged}

    def run(self):
        missing = [o for o in ("source", "as-of") if not self.options.get(o)]
        if missing:
            raise self.error(
                f"rules-at-a-glance '{self.arguments[0]}' has no :{missing[0]}: option; "
                "add ':source: <law or authority, URL>' and ':as-of: <month year>' (rules change)"
            )
        node = nodes.admonition("", classes=["rules-at-a-glance"])
        node.source, node.line = node_location(self)
        node += _title(self, self.arguments[0])
        node += _label(_("Rules at a glance"), "case-label")
        self.add_name(node)
        node += self.parse_content_to_nodes()
        foot = nodes.paragraph("", "", classes=["rules-source"])
        foot["translatable"] = False
        foot += nodes.strong("", str(_("Source:")))
        foot += nodes.Text(" ")
        src_nodes, _m = self.parse_inline(self.options["source"], lineno=self.lineno)
        foot += src_nodes
        foot += nodes.Text(" · ")
        foot += nodes.strong("", str(_("As of:")))
        foot += nodes.Text(" " + self.options["as-of"] + ". ")
        foot += nodes.Text(str(_("Check the current rule before you act.")))
        node += foot
        return [node]


def register_titles(app, doctree) -> None:
    """Let ``{ref}`` name a case study or a country box by its title."""
    std = app.env.domains.standard_domain
    docname = app.env.current_document.docname
    for node in doctree.findall(nodes.admonition):
        if not ({"case-study", "rules-at-a-glance"} & set(node["classes"])) or not node["names"]:
            continue
        title = node.next_node(nodes.title)
        for name in node["names"]:
            std.labels[name] = (docname, node["ids"][0], title.astext() if title else name)


def require_alt_text(app, doctree) -> None:
    """Every picture needs words for readers who cannot see it (file:line and the fix)."""
    for image in doctree.findall(nodes.image):
        if not (image.get("alt") or "").strip():
            where = image
            while where.parent is not None and not where.line:   # a Markdown image has no line of its own
                where = where.parent
            logger.warning("image %s has no alt text; add ':alt: <what the picture shows>' to the figure, "
                           "or for a Markdown image write it in the brackets: ![what the picture shows](%s)",
                           image.get("uri"), image.get("uri"), location=where, type="toolkits", subtype="alt")


def setup(app):
    app.connect("doctree-read", require_alt_text)
    app.connect("doctree-read", register_titles)
    app.add_directive("case-study", CaseStudy)
    app.add_directive("key-points", KeyPoints)
    app.add_directive("rules-at-a-glance", RulesAtAGlance)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
