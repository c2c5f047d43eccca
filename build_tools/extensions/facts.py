"""Dated facts: the ``{fact}`` role and the source registries behind it.

``{fact}`hmrc-gift-aid-membership``` at the end of a sentence renders
"(HM Revenue & Customs, 6 April 2024)": a link to the source, its title in the
link's tooltip on the site.  Publisher, URL and dates come from the registries
(``source/*/sources.yaml``, read and validated by ``build_tools.facts`` once
per Sphinx run); the date is written for the document's language by Babel.
Translators keep the role as it is: a translated paragraph is parsed again and
the role renders in the translation's language, with the separators from
``ui.po``.  ``rules-at-a-glance`` boxes (``blocks.py``) cite the same registry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date, format_skeleton
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

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
    text = str(_("%(publisher)s, %(date)s")) % {"publisher": src.publisher,
                                                "date": format_source_date(src.date, lang)}
    node = nodes.inline("", "", classes=["fact"])
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
            logger.warning("{fact}: " + reg.unknown_message(sid), location=self.get_location(),
                           type="toolkits", subtype="fact")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        return [fact_node(src, self.config.language or "en")], []


def load_registries(app) -> None:
    """Read and validate every registry once per run; each problem names file:line."""
    reg = _REGISTRIES[str(app.srcdir)] = load_registry(Path(app.srcdir))
    for problem in reg.problems:
        logger.warning(problem.message, location=str(Path(app.srcdir, problem.path)) + f":{problem.line}",
                       type="toolkits", subtype="sources")


def setup(app):
    app.connect("builder-inited", load_registries)
    app.add_role("fact", FactRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
