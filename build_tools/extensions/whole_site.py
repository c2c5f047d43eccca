"""When a build reads any document again, it writes every page again.

A page shows other pages' words: the titles in its previous/next links, the sidebar's contents,
the worksheets list, glossary "Used in" lines, cross-references. Sphinx writes only the pages it
read (and the few its collectors name), so after an edit, or after a translation changed a title,
the other pages kept the old words, unlike a cold build. Writing a language's pages takes a few
seconds; reading them (translation is applied while reading) is what costs, and only the changed
documents are read.
"""

from __future__ import annotations

from pathlib import Path

# In the output folder while every page is being written: a build killed while writing (the
# environment is saved before pages are written) leaves it, and the next build, which may read
# nothing, writes every page again instead of only those Sphinx thinks are out of date (and
# builds a whole search index, not one of the pages it happened to write).
WRITING = ".dt-writing-every-page"


def note_reading(app, env, docnames) -> None:
    env._dt_read_any = bool(docnames)


def every_page(app, env) -> list[str]:
    marker = Path(app.builder.outdir, WRITING)
    if not (getattr(env, "_dt_read_any", False) or marker.exists()):
        return []
    env._dt_read_any = False
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    # Every page is indexed again: the old search index must not be loaded. Sphinx would prune
    # it, which keeps each word a page no longer has with an empty list of pages.
    index = getattr(app.builder, "searchindex_filename", None)
    if index:
        Path(app.builder.outdir, index).unlink(missing_ok=True)
    return sorted(env.found_docs)


def finished(app, exception) -> None:
    if exception is None:
        Path(app.builder.outdir, WRITING).unlink(missing_ok=True)


def setup(app):
    app.connect("env-before-read-docs", note_reading)
    app.connect("env-get-updated", every_page)
    app.connect("build-finished", finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
