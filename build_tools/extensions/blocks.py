"""Named blocks of the toolkits: case studies, key points, country rules.

- ``case-study``: prints "Fictional case study" itself, so no case study can
  ship unlabelled.
- ``key-points``: the summary that closes every numbered section.
- ``rules-at-a-glance``: a country's rules; cites registered sources
  (``:sources: id, id``, see ``facts.py``) and prints them with the date of
  the latest check; refuses to build without a source because rules change.
  The free-text ``:source:`` + ``:as-of:`` of edition 1 is still accepted
  until every box is migrated (``make check-facts`` lists them).
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import _, facts, node_location

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
    option_spec = {
        "sources": directives.unchanged_required,
        "source": directives.unchanged_required,
        "as-of": directives.unchanged_required,
        "name": directives.unchanged,
    }

    def run(self):
        ids = [i.strip() for i in self.options.get("sources", "").split(",") if i.strip()]
        if not ids:
            self._require_old_style()
        node = nodes.admonition("", classes=["rules-at-a-glance"])
        node.source, node.line = node_location(self)
        node += _title(self, self.arguments[0])
        node += _label(_("Rules at a glance"), "case-label")
        self.add_name(node)
        node += self.parse_content_to_nodes()
        node += self._sources_footer(ids) if ids else self._old_footer()
        node["fact_ids"] = ids  # for the toolkit's cited-sources list
        return [node]

    def _require_old_style(self) -> None:
        # Edition 1's free text, allowed only for the boxes listed in
        # tests/old-style-rules-boxes.txt.
        missing = [o for o in ("source", "as-of") if not self.options.get(o)]
        if missing:
            raise self.error(
                f"rules-at-a-glance '{self.arguments[0]}' cites no source; "
                "add ':sources: <id>, <id>' with ids "
                "from source/*/sources.yaml (rules change: readers need the source and its date)"
            )

    def _sources_footer(self, ids: list[str]) -> list[nodes.paragraph]:
        """Each source (publisher, linked title, date), then the latest check and the warning."""
        reg = facts.registry(self.env)
        facts.note_registries(self.env)
        lang = self.config.language or "en"
        found = []
        for sid in ids:
            if sid in reg.sources:
                found.append(reg.sources[sid])
            else:
                logger.warning(
                    "rules-at-a-glance :sources: " + reg.unknown_message(sid),
                    location=self.get_location(),
                    type="toolkits",
                    subtype="fact",
                )
        listing = nodes.paragraph("", "", classes=["rules-source"])
        listing["translatable"] = False
        listing += nodes.strong("", str(_("Sources:")))
        pattern = str(_("%(publisher)s, %(title)s, %(date)s"))
        for i, src in enumerate(found):
            listing += nodes.Text("; " if i else " ")
            before, _sep, after = pattern.partition("%(title)s")
            fill = {"publisher": src.publisher, "date": facts.format_source_date(src.date, lang)}
            listing += nodes.Text(before % fill)
            listing += facts.source_link(src, src.title)
            listing += nodes.Text(after % fill)
        listing += nodes.Text(".")
        checked = max((s.checked_date for s in found if s.checked_date), default=None)
        foot = nodes.paragraph("", "", classes=["rules-source", "rules-checked"])
        foot["translatable"] = False
        if checked:
            foot += nodes.strong("", str(_("Checked:")))
            foot += nodes.Text(" " + facts.format_source_date(checked.isoformat(), lang) + ". ")
        foot += nodes.Text(str(_("Check the current rule before you act.")))
        return [listing, foot]

    def _old_footer(self) -> nodes.paragraph:
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
        return foot


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
            while (
                where.parent is not None and not where.line
            ):  # a Markdown image has no line of its own
                where = where.parent
            logger.warning(
                "image %s has no alt text; add ':alt: <what the picture shows>' to the figure, "
                "or for a Markdown image write it in the brackets: ![what the picture shows](%s)",
                image.get("uri"),
                image.get("uri"),
                location=where,
                type="toolkits",
                subtype="alt",
            )


def setup(app):
    app.setup_extension("build_tools.extensions.facts")
    app.connect("doctree-read", require_alt_text)
    app.connect("doctree-read", register_titles)
    app.add_directive("case-study", CaseStudy)
    app.add_directive("key-points", KeyPoints)
    app.add_directive("rules-at-a-glance", RulesAtAGlance)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
