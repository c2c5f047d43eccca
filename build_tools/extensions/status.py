"""Site only: the translation status page, with the figures of ``make stats``.

A table per language (translated, fuzzy and untranslated messages and words
per part) and a bar chart drawn by ``build_tools.assets.status_svg`` at build
time.  The page is read again on every build, since catalogues are not
Sphinx sources.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..l10n.progress import rows
from . import _
from .toolkit_meta import language_name, project_for


class TranslationStatus(SphinxDirective):
    def run(self):
        project = project_for(self.env.srcdir)
        langs = [lang for lang in project.languages if lang != "en"]
        threshold = float(project.series.get("translation_threshold", 0.9))
        out = []
        para = nodes.paragraph(
            "",
            str(
                _(
                    "A language is ready for release when "
                    "%(percent)s%% of its messages are translated."
                )
            )
            % {"percent": int(threshold * 100)},
        )
        para["translatable"] = False
        out.append(para)
        by_lang: dict[str, list] = {}
        for lang, part, c in rows(project, langs):
            by_lang.setdefault(lang, []).append((part, c))
        for lang, parts in by_lang.items():
            section = nodes.section(ids=[f"status-{lang}"])
            section += nodes.title("", f"{language_name(lang)} ({lang})")
            section += status_chart(
                lang=lang,
                alt=str(_("Bar chart: share of translated messages per part, for %(lang)s"))
                % {"lang": lang},
            )
            table = nodes.table(classes=["status-table"])
            group = nodes.tgroup(cols=6)
            table += group
            for _i in range(6):
                group += nodes.colspec(colwidth=1)
            head = nodes.thead()
            row = nodes.row()
            for label in (
                _("Part"),
                _("Translated"),
                _("Fuzzy"),
                _("Untranslated"),
                _("Words"),
                _("Done"),
            ):
                row += nodes.entry("", nodes.paragraph("", str(label)))
            head += row
            group += head
            body = nodes.tbody()
            for part, c in parts:
                row = nodes.row()
                for value in (
                    part,
                    c.translated,
                    c.fuzzy,
                    c.untranslated,
                    f"{c.words_translated}/{c.words_total}",
                    f"{c.ratio:.0%}" if c.total else "-",
                ):
                    row += nodes.entry("", nodes.paragraph("", str(value)))
                body += row
            group += body
            section += table
            out.append(section)
        for n in out:
            for sub in n.findall(nodes.TextElement):
                sub["translatable"] = False
        return out


class status_chart(nodes.General, nodes.Element):
    """The chart is a file made at build time, not a source image Sphinx could collect."""


def visit_chart_html(self, node):
    from html import escape

    prefix = "" if "/" not in self.builder.current_docname else "../"
    self.body.append(
        f'<img class="status-chart" src="{prefix}_static/status/{escape(node["lang"])}.svg" '
        f'alt="{escape(node["alt"])}"/>'
    )
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def always_outdated(app, env, added, changed, removed):
    """The status page is read again by every site build (its figures come from the build).
    Not by a book build: the page is in no book, and a book build that reads a document saves
    the shared environment with its own settings (extensions/books.py)."""
    if getattr(app.builder, "book_root", None) or "status" not in env.found_docs:
        return []
    return ["status"]


def setup(app):
    app.add_node(
        status_chart,
        html=(visit_chart_html, None),
        text=(skip, None),
        latex=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("translation-status", TranslationStatus)
    app.connect("env-get-outdated", always_outdated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
