"""Dated facts: the ``{fact}`` role and the source registries behind it.

``{fact}`hmrc-gift-aid-membership``` at the end of a sentence renders
"(HM Revenue & Customs, 6 April 2024)": a link to the source, its title in the
link's tooltip on the site.  Publisher, URL and dates come from the registries
(``source/*/sources.yaml``, read and validated by ``build_tools.facts`` once
per Sphinx run); the date is written for the document's language by Babel.
Translators keep the role as it is: a translated paragraph is parsed again and
the role renders in the translation's language, with the separators from
``ui.po``.  ``rules-at-a-glance`` boxes (``blocks.py``) cite the same registry.

``cited-sources`` (on a toolkit's References page) lists in full every source
the toolkit cites (publisher, title, date, the address written out for paper
readers, and the day it was checked), computed from the citations when the
pages are written, so it is never out of step with the text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date, format_skeleton
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..facts import Registry, Source, load_registry, parse_source_date
from . import _

logger = logging.getLogger(__name__)

# srcdir -> registry of the current Sphinx run (filled on builder-inited).
_REGISTRIES: dict[str, Registry] = {}


def babel_locale(lang: str) -> str:
    # The English text is British: "6 April 2024" (as toolkit_meta dates the editions).
    return "en_GB" if (lang or "en") == "en" else lang


def format_source_date(text: str, lang: str) -> str:
    """A source's own date (year, month or day) as a reader of ``lang`` writes it."""
    parsed = parse_source_date(text)
    if not parsed:
        return text
    year, month, day = parsed
    locale = babel_locale(lang)
    if day:
        return format_date(dt.date(year, month, day), "long", locale=locale)
    if month:
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale)
    return format_skeleton("y", dt.date(year, 1, 1), locale=locale)


def registry(env) -> Registry:
    reg = _REGISTRIES.get(str(env.srcdir))
    if reg is None:  # a builder-inited handler did not run (e.g. a bare docutils test)
        reg = _REGISTRIES[str(env.srcdir)] = load_registry(Path(env.srcdir))
    return reg


def note_registries(env) -> None:
    """A document that cites a source is read again when a registry changes."""
    for path in registry(env).files:
        env.note_dependency(str(path))


def source_link(src: Source, text: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=src.url, reftitle=src.title, classes=["fact-link"])


def fact_node(src: Source, lang: str) -> nodes.inline:
    text = str(_("%(publisher)s, %(date)s")) % {
        "publisher": src.publisher,
        "date": format_source_date(src.date, lang),
    }
    node = nodes.inline("", "", classes=["fact"], fact_ids=[src.id])
    node += nodes.Text("(")
    node += source_link(src, text)
    node += nodes.Text(")")
    return node


class FactRole(SphinxRole):
    """``{fact}`<source id>```: a short, dated citation of a registered source."""

    def run(self):
        sid = self.text.strip()
        reg = registry(self.env)
        note_registries(self.env)
        src = reg.sources.get(sid)
        if src is None:
            logger.warning(
                "{fact}: " + reg.unknown_message(sid),
                location=self.get_location(),
                type="toolkits",
                subtype="fact",
            )
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        return [fact_node(src, self.config.language or "en")], []


class cited_sources(nodes.General, nodes.Element):
    """Placeholder for the list of the sources a toolkit cites (filled when written)."""


class CitedSources(SphinxDirective):
    """``:::{cited-sources}``: every source cited in this toolkit, in full."""

    def run(self):
        self.env.dt_cited_sources_docs = getattr(self.env, "dt_cited_sources_docs", set()) | {
            self.env.current_document.docname
        }
        note_registries(self.env)
        return [cited_sources(toolkit=self.env.current_document.docname.split("/", 1)[0])]


def collect_uses(app, doctree) -> None:
    """Which source ids each document cites ({fact} and rules boxes), for ``cited-sources``."""
    ids = set()
    for node in doctree.findall(nodes.Element):
        ids.update(node.get("fact_ids") or ())
    app.env.dt_fact_uses = getattr(app.env, "dt_fact_uses", {})
    app.env.dt_fact_uses[app.env.current_document.docname] = ids


def purge(app, env, docname) -> None:
    getattr(env, "dt_fact_uses", {}).pop(docname, None)
    getattr(env, "dt_cited_sources_docs", set()).discard(docname)


def merge(app, env, docnames, other) -> None:
    env.dt_fact_uses = getattr(env, "dt_fact_uses", {})
    env.dt_fact_uses.update(
        {d: other.dt_fact_uses[d] for d in docnames if d in getattr(other, "dt_fact_uses", {})}
    )
    env.dt_cited_sources_docs = getattr(env, "dt_cited_sources_docs", set()) | (
        getattr(other, "dt_cited_sources_docs", set()) & set(docnames)
    )


def note_changed(app, env, added, changed, removed):
    env._dt_facts_changed = bool(added or changed or removed)
    return []


def lists_outdated(app, env):
    """A References page is written again whenever any page was read again."""
    if not getattr(env, "_dt_facts_changed", False):
        return []
    return sorted(getattr(env, "dt_cited_sources_docs", set()))


def _entry(src: Source, lang: str) -> nodes.list_item:
    para = nodes.paragraph("", "")
    para += nodes.Text(f"{src.publisher}. ")
    para += nodes.emphasis("", src.title)
    para += nodes.Text(f". {format_source_date(src.date, lang)}. ")
    para += nodes.reference(src.url, src.url, refuri=src.url)
    para += nodes.Text(". ")
    if src.checked_date:
        para += nodes.Text(f"{_('Checked:')} {format_source_date(src.checked, lang)}.")
    return nodes.list_item("", para)


def fill_cited_sources(app, doctree, docname) -> None:
    placeholders = list(doctree.findall(cited_sources))
    if not placeholders:
        return
    reg = registry(app.env)
    lang = app.config.language or "en"
    uses = getattr(app.env, "dt_fact_uses", {})
    for node in placeholders:
        # The shared glossary is part of every toolkit's book.
        ids = set().union(
            *(
                ids
                for doc, ids in uses.items()
                if doc.split("/", 1)[0] in (node["toolkit"], "_shared")
            )
        )
        found = sorted(
            (reg.sources[i] for i in ids if i in reg.sources),
            key=lambda s: (s.publisher.casefold(), s.title.casefold()),
        )
        blist = nodes.bullet_list(classes=["cited-sources"])
        for src in found:
            blist += _entry(src, lang)
        node.replace_self([blist] if found else [])


def _skip(self, node):
    raise nodes.SkipNode


def load_registries(app) -> None:
    """Read and validate every registry once per run; each problem names file:line."""
    reg = _REGISTRIES[str(app.srcdir)] = load_registry(Path(app.srcdir))
    for problem in reg.problems:
        logger.warning(
            problem.message,
            location=str(Path(app.srcdir, problem.path)) + f":{problem.line}",
            type="toolkits",
            subtype="sources",
        )


def setup(app):
    app.connect("builder-inited", load_registries)
    app.add_role("fact", FactRole())
    app.add_node(cited_sources, html=(_skip, None), text=(_skip, None), latex=(_skip, None))
    app.add_directive("cited-sources", CitedSources)
    app.connect("doctree-read", collect_uses)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", note_changed)
    app.connect("env-get-updated", lists_outdated)
    app.connect("doctree-resolved", fill_cited_sources)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
