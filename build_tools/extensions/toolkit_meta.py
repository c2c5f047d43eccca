"""Edition metadata, language and direction for every page and package.

Title, edition, date, licence and credits come from ``source/series.toml`` and
``source/<toolkit>/book.toml`` through ``build_tools.book_meta`` (which the build
calls too, for the EPUB package and the PDF) and reach the pages and Sphinx's
EPUB settings from here.  Titles are translated through the toolkit's own
catalogue, so a French EPUB carries the French title.
"""

from __future__ import annotations

import html
from pathlib import Path

from babel import Locale
from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..assets import accent_colours
from ..book_meta import book_meta
from ..l10n.catalogues import translator
from ..project import Project
from . import _, add_ui_catalog


def project_for(srcdir) -> Project:
    """The project whose ``source/`` folder Sphinx reads."""
    return Project(root=Path(srcdir).parent)


def language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(code) or code
    except Exception:  # an unknown code still gets a switcher entry
        return code


def mo_dir(app) -> Path:
    d = Path(app.config.locale_dirs[0])
    return d if d.is_absolute() else Path(app.srcdir, d)


def book_meta_of(app, slug: str | None) -> dict:
    """The edition metadata of *slug* in this Sphinx run's language (``build_tools.book_meta``)."""
    return book_meta(project_for(app.srcdir), mo_dir(app), app.config.language or "en", slug)


def numfig_format(ui) -> dict[str, str]:
    """Caption prefixes ("Fig. 2.1", "Table 3.1") from ui.po, per language."""
    return {"figure": ui("Fig. %s"), "table": ui("Table %s")}


def on_config_inited(app, config) -> None:
    add_ui_catalog(app)
    # Same value for the site and the book builders of one language, so the
    # shared environment stays valid (numfig_format is an "env" setting).
    config.numfig_format = numfig_format(translator(mo_dir(app), app.config.language or "en", "ui"))
    slug = config.dt_book or None
    meta = book_meta_of(app, slug)
    config.dt_meta = meta
    # Only non-"env" settings change here: the book builders share the
    # environment pickled by the site build and must not invalidate it
    # (book-only "env" settings, such as epub_uid, are set by extensions/books.py).
    if slug:
        config.epub_title = meta["title"]
        config.epub_description = meta["subtitle"]
        config.epub_author = meta["author"]
        config.epub_publisher = meta["publisher"]
        config.epub_copyright = meta["rights"]
        # Stable across builds and editions of the same toolkit and language.
        config.epub_identifier = f"diaspora-toolkits-{slug}-{meta['lang']}"
        config.epub_scheme = "URN"
        config.epub_basename = f"{slug}-{meta['lang']}"
    config.html_title = meta["title"] or meta["series_name"]
    config.html_short_title = meta["title"] or meta["series_name"]


_META_CACHE: dict[tuple[str, str], dict] = {}


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    meta = app.config.dt_meta
    lang, direction = html.escape(meta["lang"]), meta["dir"]  # inserted unescaped by the template
    if app.builder.name in ("epub", "toolkit-epub"):
        context["dt_html_tag"] = (
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'lang="{lang}" xml:lang="{lang}" dir="{direction}">'
        )
    elif app.builder.name == "html":
        # site.js registers the service worker at the language's root from here.
        root = "../" * pagename.count("/") or "./"
        # data-content_root: Sphinx's search fetches each result's page from there for its summary
        # (without it, every result cost a 404 request and showed no summary).
        content_root = html.escape(context.get("content_root") or root)
        context["dt_html_tag"] = (
            f'<html lang="{lang}" dir="{direction}" data-site-root="{root}" '
            f'data-content_root="{content_root}">'
        )
        context["dt_site_root"] = root
    else:
        context["dt_html_tag"] = f'<html lang="{lang}" dir="{direction}">'
    # On the site each toolkit's pages carry that toolkit's edition.
    slug = pagename.split("/", 1)[0]
    if not meta["slug"] and slug in {k.slug for k in project_for(app.srcdir).toolkits}:
        key = (meta["lang"], slug)
        if key not in _META_CACHE:
            _META_CACHE[key] = book_meta_of(app, slug)
        meta = _META_CACHE[key]
    context["dt_meta"] = meta
    # The toolkit's colour (book.toml) as the site's accent, and its dark-mode twin.
    series_colour = project_for(app.srcdir).series.get("colour", "#2f3e4e")
    context["dt_accent"] = accent_colours(meta.get("colour") or series_colour)
    # Interface words in templates come from ui.po, not from Sphinx's catalogue
    # (which has no Somali, and other words than ours).
    context["ui"] = lambda message: str(_(message))
    depth = pagename.count("/")
    up = "../" * depth
    context["dt_home_url"] = f"{up}index.html"
    # The site keeps one folder per language with the same page names inside.
    langs = app.config.dt_languages or [lang]
    context["dt_languages"] = [
        (code, language_name(code), f"{up}../{code}/{pagename}.html") for code in langs
    ]
    part = pagename.split("/", 1)[0] if "/" in pagename else "_site"
    ratio = partial_ratio(app, part)
    context["dt_partial"] = ratio < app.config.dt_threshold
    context["dt_partial_notice"] = str(
        _(
            "Partial translation: %(percent)s%% of this edition is translated. "
            "Untranslated passages are shown in English."
        )
    ) % {"percent": int(ratio * 100)}


def partial_ratio(app, part: str) -> float:
    """Translated share of a toolkit (or "_site"); 1.0 in the source language."""
    if (app.config.language or "en") == "en":
        return 1.0
    return float(app.config.dt_completeness.get(part, 1.0))


class MarkFallbacks(SphinxTransform):
    """Passages still in English inside a translated book get the class
    ``untranslated``: CSS sets them left to right inside right-to-left pages,
    and the consistency report counts them."""

    default_priority = 901  # after sphinx.transforms.i18n.Locale

    def apply(self, **kwargs) -> None:
        # Locale marks a translated <meta> translated="True", and the HTML writer
        # prints every attribute of a meta node: invalid HTML (Nu HTML Checker).
        for meta in self.document.findall(nodes.meta):
            meta.attributes.pop("translated", None)
        if (self.config.language or "en") == "en":
            return
        for node in self.document.findall(nodes.TextElement):
            if node.get("translated") is False and node.astext().strip():
                # A translatable inline is unwrapped later by Sphinx; its wrapper keeps the mark.
                unwrapped = isinstance(node, nodes.inline) and "translatable" in node
                (node.parent if unwrapped else node)["classes"].append("untranslated")


def setup(app):
    app.add_transform(MarkFallbacks)
    # The toolkit a book builder writes (``-D dt_book=networking``; build.py passes it).
    app.add_config_value("dt_book", "", "", str)
    # Values every page shows (edition data, language list, partial-translation notice): "html",
    # so that a change writes every page again (Sphinx's .buildinfo) without reading any.
    app.add_config_value("dt_meta", {}, "html", dict)
    # Digest of build_tools and styles: when our code changes, Sphinx's
    # .buildinfo changes and every page is written again (not read again).
    app.add_config_value("dt_code_digest", "", "html", str)
    app.add_config_value("dt_languages", [], "html", list)
    app.add_config_value("dt_completeness", {}, "html", dict)
    app.add_config_value("dt_threshold", 0.9, "html", float)
    app.connect("config-inited", on_config_inited, priority=600)
    app.connect("html-page-context", on_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
