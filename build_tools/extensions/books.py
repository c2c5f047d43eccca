"""Per-toolkit builders that reuse the language's shared environment.

The site build reads every toolkit of a language once.  These builders then
write one toolkit (``dt_book``) from that pickled environment without reading
anything again:

- ``toolkit-epub``: an EPUB 3 of one toolkit (packaged by ``build_tools.epub``);
- ``singlehtml`` (replaced): one HTML file of one toolkit, the input of WeasyPrint.

A reference that leads out of the book (into another toolkit) points to the
published site instead; ``crossrefs`` turns its text into a citation.
"""

from __future__ import annotations

import posixpath

from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment import CONFIG_NEW, CONFIG_OK
from sphinx.errors import ConfigError

from . import _


class BookMixin:
    """Restrict a builder to the documents of one toolkit."""

    def book_init(self) -> None:
        slug = self.config.dt_book
        if not slug:
            raise ValueError(f"the {self.name} builder needs -D dt_book=<toolkit>")
        self.book_root = f"{slug}/index"
        # A book only writes: the site build of the language has just read every document.
        # If a setting Sphinx registers as "env" differed from the site build's, Sphinx would
        # read all documents of the language again, in every book run, and save the
        # environment with this book's settings, so the next site build would read everything
        # again too (this happened: 25-30 s per translated book). Book-only "env" settings are
        # therefore set below, after the environment was loaded and compared.
        if self.env.config_status not in (CONFIG_OK, CONFIG_NEW):
            raise ConfigError(
                f"the {self.name} builder would read every document again: its configuration "
                f"differs from the site build's{self.env.config_status_extra}. Set a book-only "
                "setting in extensions/books.py (BookMixin.book_init), not with -D."
            )
        # Toctrees start from root_doc: the toolkit becomes the book's root.
        self.config.root_doc = self.book_root
        self._book_docs: set[str] | None = None

    @property
    def book_docs(self) -> set[str]:
        if self._book_docs is None:
            seen, todo = set(), [self.book_root]
            while todo:
                doc = todo.pop()
                if doc in seen:
                    continue
                seen.add(doc)
                todo.extend(self.env.toctree_includes.get(doc, ()))
            self._book_docs = seen
        return self._book_docs

    def site_uri(self, docname: str) -> str:
        meta = self.config.dt_meta
        return f"{meta['base_url']}{meta['lang']}/{docname}.html"

    def in_book(self, docname: str) -> bool:
        return docname in self.book_docs


class ToolkitEpubBuilder(BookMixin, Epub3Builder):
    name = "toolkit-epub"

    def init(self) -> None:
        super().init()
        self.book_init()
        # Book-only "env" settings (see book_init): the cover, and the NCX uid, which
        # EPUBCheck (NCX-001) wants equal to the identifier (toolkit_meta sets it per book).
        self.config.epub_cover = (f"_static/covers/{self.config.dt_book}.svg", "epub-cover.html")
        self.config.epub_uid = self.config.epub_identifier
        # The navigation document's heading and the guide's titles in the
        # book's language, from ui.po (Sphinx's strings stayed English).
        self.guide_titles = {"toc": str(_("Contents")), "cover": str(_("Cover"))}

    def get_outdated_docs(self):
        return "all documents"  # packaging needs every file of the book

    def get_toc(self) -> None:
        """Sphinx's table of contents, with its paths normalised. Sphinx joins each entry to the
        root's folder as it stands: the glossary would be "networking/../_shared/glossary.xhtml",
        which is no file of the package (spine, nav.xhtml and toc.ncx all read these paths).
        No event or setting reaches ``refnodes`` (ARCHITECTURE.md, "Sphinx internals")."""
        super().get_toc()
        for item in self.refnodes:
            uri, _sep, anchor = item["refuri"].partition("#")
            if uri.endswith("/"):  # an anchor of the root itself came out as "networking/#anchor"
                uri = self.book_root + self.out_suffix
            item["refuri"] = posixpath.normpath(uri) + (f"#{anchor}" if anchor else "")

    def write_documents(self, docnames) -> None:
        super().write_documents(set(docnames) & self.book_docs)

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname in self.env.all_docs and not self.in_book(docname):
            return self.site_uri(docname)
        return super().get_target_uri(docname, typ)

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        target = self.get_target_uri(to, typ)
        if "://" in target:
            return target
        return super().get_relative_uri(from_, to, typ)

    def build_epub(self) -> None:
        """Packaging (with fixed timestamps and accessibility metadata) is
        ``build_tools.epub``'s job; Sphinx's own zip would not be reproducible."""


class ToolkitPrintBuilder(BookMixin, SingleFileHTMLBuilder):
    # It replaces Sphinx's "singlehtml": the HTML writer numbers sections and
    # figures of a single page only for a builder of that name.
    name = "singlehtml"

    def init(self) -> None:
        super().init()
        self.book_init()

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname in self.env.all_docs and not self.in_book(docname):
            return self.site_uri(docname)
        return super().get_target_uri(docname, typ)


def share_doctrees(app, env):
    """While figures are numbered, each doctree is unpickled once.

    Sphinx's own figure numbering (``TocTreeCollector``) walks every document's doctree from the
    site's root, and ``number_figures_per_toolkit`` walks each toolkit again: two unpickles of
    every doctree, 2.4 s of a 12 s French site run after a one-message edit.  Both walks only read
    the trees, so they share them; the write phase, which changes its trees, never sees this
    (``number_figures_per_toolkit`` removes it, last of the ``env-get-updated`` handlers)."""
    loaded: dict = {}
    unpickle = env.get_doctree

    def get_doctree(docname):
        if docname not in loaded:
            loaded[docname] = unpickle(docname)
        return loaded[docname]

    env.get_doctree = get_doctree
    return []


def number_figures_per_toolkit(app, env):
    """Figures are numbered per toolkit ("Fig. 2.1" is the first figure of a
    toolkit's chapter 2).  Sphinx numbers them once from the site's root, with
    one counter for every chapter 1 of every toolkit; we number each toolkit
    from its own root, as its EPUB and PDF do."""
    try:
        return _number_figures_per_toolkit(app, env)
    finally:
        vars(env).pop("get_doctree", None)  # share_doctrees: back to reading from disk


def _number_figures_per_toolkit(app, env):
    from sphinx.environment.collectors.toctree import TocTreeCollector

    if not env.config.numfig or getattr(app.builder, "book_root", None):
        return []
    roots = sorted(d for d in env.found_docs if d.endswith("/index") and d.count("/") == 1)
    merged, saved = {}, env.config.root_doc
    old = dict(env.toc_fignumbers)
    try:
        for root in roots:
            env.config.root_doc = root
            TocTreeCollector().assign_figure_numbers(env)
            merged.update(env.toc_fignumbers)
    finally:
        env.config.root_doc = saved
    env.toc_fignumbers = merged
    return [d for d, nums in merged.items() if nums != old.get(d)]


def setup(app):
    app.connect("env-get-updated", share_doctrees, priority=100)  # before Sphinx's walk (500)
    app.connect("env-get-updated", number_figures_per_toolkit, priority=900)
    app.add_builder(ToolkitEpubBuilder)
    app.add_builder(ToolkitPrintBuilder, override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
