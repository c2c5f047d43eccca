"""The shared glossary: defined once, translated once, sorted after translation.

``source/_shared/glossary.yaml`` is the single source of truth; the
``shared-glossary`` directive renders it.  We do not use Sphinx's ``glossary``
directive because it sorts before translation (sphinx-doc/sphinx#9827) and
re-registers translated terms under their translated names, which breaks
``{term}`` references in translations (sphinx-doc/sphinx#14162).  Here:

- terms are registered under their English headword and aliases, so a
  reference keeps working in every language and anchors are stable;
- headwords and definitions are ordinary translatable messages of the
  ``_shared/glossary`` catalogue, shared by all three toolkits;
- entries are sorted after translation with the Unicode Collation Algorithm;
- each entry lists where it is used, computed from the term references;
- on the site, a term reference shows its definition on hover and focus.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from pyuca import Collator
from sphinx import addnodes
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import _

logger = logging.getLogger(__name__)


@functools.cache
def _collator() -> Collator:
    """Built on first use: loading the collation table takes ~1 s, and `make` (source checks)
    imports this module on every build, a no-op included, without sorting anything."""
    return Collator()


class gterm(nodes.Part, nodes.TextElement):
    """A glossary headword (not ``nodes.term``: see the module docstring)."""


class used_in(nodes.General, nodes.Element):
    """Placeholder filled with links to the sections that use a term."""


def term_id(term: str) -> str:
    return nodes.make_id("term-" + term)


def load_entries(path: Path) -> list[dict]:
    """Entries of the glossary file with the line each starts on."""
    from build_tools.project import ConfigError  # noqa: PLC0415

    try:
        text = path.read_text(encoding="utf-8")
        # libyaml's loader where PyYAML has it: the same nodes and lines, about ten times faster
        # (the glossary is read on every build, a no-op included).
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader) or []
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = " ".join(str(getattr(exc, "problem", "") or exc).split())
        raise ConfigError(
            f"{where}: {problem} (YAML syntax); close the brackets or quotes on that line, "
            "or quote a definition that contains ': ' or starts with '['"
        ) from None
    if not isinstance(data, list):
        raise ConfigError(f"{path}:1: the glossary must be a list of entries ('- term: ...')")
    for entry, node in zip(data, root.value if root else [], strict=True):
        line = node.start_mark.line + 1
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("term"), str)
            or not entry["term"].strip()
        ):
            raise ConfigError(
                f"{path}:{line}: each entry needs a 'term:' with text, then 'definition:'"
            )
        entry["_line"] = line
    seen: dict[str, int] = {}
    for entry in data:
        key = entry["term"].strip().casefold()
        if key in seen:
            raise ConfigError(
                f"{path}:{entry['_line']}: the term {entry['term'].strip()!r} "
                "is already defined at "
                f"line {seen[key]}; merge the two entries into one"
            )
        seen[key] = entry["_line"]
    return data


class SharedGlossary(SphinxDirective):
    required_arguments = 1
    option_spec = {"class": directives.class_option}

    def run(self):
        rel, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel)
        std = self.env.domains.standard_domain
        dlist = nodes.definition_list(classes=["glossary", "shared-glossary"])
        aliases: dict[str, str] = {}
        for entry in load_entries(Path(path)):
            line = entry["_line"]
            term = entry["term"].strip()
            tid = term_id(term)
            item = nodes.definition_list_item()
            head = gterm(term, term, ids=[tid])
            head.source, head.line = path, line
            for alias in entry.get("aliases") or []:
                aid = term_id(alias)
                if aid != tid:
                    head["ids"].append(aid)
                aliases[alias.lower()] = term.lower()
            item += head
            body = nodes.definition()
            definition = " ".join(entry["definition"].split())
            # Inline MyST, so that a definition can cite a dated fact ({fact}`id`).
            inline, _msgs = self.parse_inline(definition, lineno=self.lineno)
            para = nodes.paragraph(definition, "", *inline, classes=["definition"])
            para.source, para.line = path, line + 1
            body += para
            see = entry.get("see_also") or []
            if see:
                also = nodes.paragraph("", "", classes=["see-also"])
                also["translatable"] = False
                also += nodes.strong("", str(_("See also:")))
                for i, other in enumerate(see):
                    also += nodes.Text(", " if i else " ")
                    xref = addnodes.pending_xref(
                        "",
                        nodes.inline("", other, classes=["xref", "std", "std-term"]),
                        refdomain="std",
                        reftype="term",
                        reftarget=other.lower(),
                        refexplicit=True,
                        refwarn=True,
                        refdoc=self.env.current_document.docname,
                    )
                    xref.source, xref.line = path, line
                    also += xref
                body += also
            body += used_in(key=term.lower())
            item += body
            dlist += item
            location = (self.env.current_document.docname, line)
            # Lower-cased, as the term role lower-cases its target (see setup): public API
            # instead of Sphinx's internal _note_term, same anchors.
            std.note_object("term", term.lower(), tid, location=location)
            for alias in entry.get("aliases") or []:
                std.note_object("term", alias.lower(), term_id(alias), location=location)
        self.env.dt_glossary_aliases = aliases
        return [dlist]


class SortGlossary(SphinxTransform):
    """Sort entries by the translated headword, in the reader's language."""

    default_priority = 900  # after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs) -> None:
        for dlist in self.document.findall(nodes.definition_list):
            if "shared-glossary" not in dlist["classes"]:
                continue
            items = list(dlist.children)
            display = {}
            for item in items:
                head = item.next_node(gterm)
                display[head["ids"][0]] = head.astext()
            items.sort(key=lambda it: _collator().sort_key(it.next_node(gterm).astext().casefold()))
            dlist.children = []
            dlist.extend(items)
            # see-also links read in the reader's language
            for xref in dlist.findall(addnodes.pending_xref):
                text = display.get(term_id(xref["reftarget"]))
                if text:
                    xref.children = [nodes.inline("", text, classes=["xref", "std", "std-term"])]
            env = self.env
            env.dt_glossary = {
                head["ids"][0]: {
                    "term": head.astext(),
                    "definition": item.next_node(nodes.paragraph).astext(),
                    "key": head.astext(),
                }
                for item in items
                for head in [item.next_node(gterm)]
            }
            env.dt_glossary_doc = env.current_document.docname


def collect_term_uses(app, doctree) -> None:
    env = app.env
    docname = env.current_document.docname
    uses = []
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("reftype") != "term" or "see-also" in xref.parent.get("classes", ()):
            continue
        section = next((p for p in _ancestors(xref) if isinstance(p, nodes.section)), None)
        anchor = section["ids"][0] if section is not None and section["ids"] else ""
        uses.append((xref["reftarget"].lower(), anchor))
    if not hasattr(env, "dt_term_uses"):
        env.dt_term_uses = {}
    env.dt_term_uses[docname] = uses


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def purge(app, env, docname) -> None:
    getattr(env, "dt_term_uses", {}).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    env.dt_term_uses = getattr(env, "dt_term_uses", {})
    env.dt_term_uses.update(
        {d: u for d, u in getattr(other, "dt_term_uses", {}).items() if d in docnames}
    )


def glossary_outdated(app, env):
    """Used-in lists change whenever any document changes; tooltips whenever the glossary does."""
    changed = getattr(env, "_dt_changed", set())
    doc = getattr(env, "dt_glossary_doc", None)
    if not changed or not doc:
        return []
    if doc in changed:
        return [d for d, uses in env.dt_term_uses.items() if uses]
    return [doc]


def note_changed(app, env, added, changed, removed):
    env._dt_changed = set(added) | set(changed)
    return []


def fill_used_in(app, doctree, docname) -> None:
    env = app.env
    builder = app.builder
    aliases = getattr(env, "dt_glossary_aliases", {})
    where: dict[str, dict[tuple[str, str], str]] = {}
    for doc, uses in sorted(getattr(env, "dt_term_uses", {}).items()):
        for key, anchor in uses:
            key = aliases.get(key, key)
            where.setdefault(key, {})[(doc, anchor)] = anchor
    for node in list(doctree.findall(used_in)):
        places = where.get(node["key"], {})
        if not places:
            node.replace_self([])
            continue
        para = nodes.paragraph("", "", classes=["used-in"])
        para += nodes.strong("", str(_("Used in:")))
        by_book: dict[str, list[tuple[str, str]]] = {}
        for doc, anchor in places:
            by_book.setdefault(doc.split("/", 1)[0], []).append((doc, anchor))
        for b, (slug, docs) in enumerate(
            sorted(by_book.items(), key=lambda kv: _book_order(app, kv[0]))
        ):
            para += nodes.Text("; " if b else " ")
            title = env.titles.get(f"{slug}/index")
            para += nodes.emphasis("", title.astext() if title else slug)
            labels = []
            for doc, anchor in docs:
                num = env.toc_secnumbers.get(doc, {}).get(f"#{anchor}" if anchor else "", None)
                if num is None:
                    num = env.toc_secnumbers.get(doc, {}).get("")
                text = ".".join(map(str, num)) if num else env.titles[doc].astext()
                if text not in [t for t, _u in labels]:
                    uri = builder.get_relative_uri(docname, doc) + (f"#{anchor}" if anchor else "")
                    labels.append((text, uri))
            # numbered sections first, in number order, then unnumbered pages by title
            labels.sort(
                key=lambda t: [
                    (0, int(x), "") if x.isdigit() else (1, 0, x) for x in t[0].split(".")
                ]
            )
            for i, (text, uri) in enumerate(labels):
                para += nodes.Text(", " if i else " ")
                para += nodes.reference("", text, refuri=uri, internal="://" not in uri)
        node.replace_self(para)


def _book_order(app, slug):
    from .toolkit_meta import project_for  # noqa: PLC0415

    return next((k.number for k in project_for(app.srcdir).toolkits if k.slug == slug), 99), slug


def add_tooltips(app, doctree, docname) -> None:
    """Site only: show a term's definition on hover and keyboard focus, without scripts."""
    if app.builder.name != "html":
        return
    glossary = getattr(app.env, "dt_glossary", {})
    for ref in list(doctree.findall(nodes.reference)):
        first = ref.children[0] if ref.children else None
        if not isinstance(first, nodes.Element) or "std-term" not in first.get("classes", ()):
            continue
        if "see-also" in ref.parent.get("classes", ()):
            continue
        anchor = ref.get("refuri", "").partition("#")[2] or ref.get("refid", "")
        entry = glossary.get(anchor)
        if not entry:
            continue
        ref["classes"].append("term-ref")
        tip = nodes.inline("", entry["definition"], classes=["term-tip"])
        ref.parent.insert(ref.parent.index(ref) + 1, tip)


def visit_gterm_html(self, node):
    self.body.append(self.starttag(node, "dt", ""))


def depart_gterm_html(self, node):
    self.body.append("</dt>\n")


def visit_gterm_text(self, node):
    pass


def depart_gterm_text(self, node):
    self.add_text("\n")


def setup(app):
    # A reference finds its term whatever the case ("board" -> "Board"), in the source and in
    # translations: the role lower-cases its target (not its text), and terms are registered
    # lower-cased. Sphinx's own term role matches case-insensitively only through its internal
    # StandardDomain._terms, which Sphinx says will be removed.
    app.add_role_to_domain(
        "std",
        "term",
        XRefRole(lowercase=True, innernodeclass=nodes.inline, warn_dangling=True),
        override=True,
    )
    app.add_node(
        gterm,
        html=(visit_gterm_html, depart_gterm_html),
        text=(visit_gterm_text, depart_gterm_text),
    )
    app.add_node(used_in)
    app.add_directive("shared-glossary", SharedGlossary)
    app.add_transform(SortGlossary)
    app.connect("doctree-read", collect_term_uses)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", note_changed)
    app.connect("env-get-updated", glossary_outdated)
    app.connect("doctree-resolved", fill_used_in)
    app.connect("doctree-resolved", add_tooltips)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
