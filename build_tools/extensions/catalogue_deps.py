"""A document is read again when a compiled catalogue it was translated with changed.

Sphinx applies translations while it reads a document, so a changed ``.mo`` must make the
document be read again. Sphinx notes that dependency only for catalogues it finds as ``.po``
files in ``locale_dirs``; the build gives Sphinx compiled ``.mo`` files only
(``l10n/catalogues.py``: translator files are checked before Sphinx sees them), so Sphinx
never noticed a translation edit. Here a document is outdated when, since it was read:

- its own catalogue (``networking/02-types-of-collaboration.mo``) was written, appeared or
  was removed (a refused or deleted ``.po``: the document falls back to English);
- a catalogue that is no document's (``ui.mo``: words the directives write while reading)
  was written, appeared or was removed: then every document is read again.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.util.i18n import docname_to_domain


def _catalogues(app) -> dict[str, int]:
    """Every compiled catalogue of this language: domain -> mtime in microseconds (as Sphinx
    records the time a document was read)."""
    found: dict[str, int] = {}
    for base in app.config.locale_dirs:
        root = Path(app.srcdir, base) / (app.config.language or "en") / "LC_MESSAGES"
        for path in sorted(root.rglob("*.mo")) if root.is_dir() else []:
            domain = path.relative_to(root).with_suffix("").as_posix()
            found.setdefault(domain, os.stat(path).st_mtime_ns // 1_000)
    return found


def _this_run(app, env) -> tuple[dict[str, int], frozenset[str]]:
    """The language's compiled catalogues and the documents' domains, listed once per Sphinx run
    (the catalogues are compiled before Sphinx starts and do not change while it runs)."""
    if not hasattr(app, "_dt_catalogue_run"):
        domains = {docname_to_domain(d, app.config.gettext_compact) for d in env.found_docs}
        app._dt_catalogue_run = (_catalogues(app), frozenset(domains))
    return app._dt_catalogue_run


def _used(app, docname: str, catalogues: dict[str, int], docs: frozenset[str]) -> frozenset[str]:
    """The catalogues that translate *docname*: its own and every shared one (no document's)."""
    own = docname_to_domain(docname, app.config.gettext_compact)
    return frozenset(d for d in catalogues if d == own or d not in docs)


def note_catalogues(app, doctree) -> None:
    """Remember which catalogues the document just read was translated with."""
    env = app.env
    if not hasattr(env, "dt_catalogues"):
        env.dt_catalogues = {}
    env.dt_catalogues[env.docname] = _used(app, env.docname, *_this_run(app, env))


def outdated(app, env, added, changed, removed) -> list[str]:
    catalogues, docs = _this_run(app, env)
    seen = getattr(env, "dt_catalogues", {})
    stale = []
    for docname, read_at in env.all_docs.items():
        if docname in added or docname in changed or docname not in env.found_docs:
            continue
        used = _used(app, docname, catalogues, docs)
        if used != seen.get(docname, frozenset()) or any(catalogues[d] > read_at for d in used):
            stale.append(docname)
    return stale


def purge(app, env, docname) -> None:
    getattr(env, "dt_catalogues", {}).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    if not hasattr(env, "dt_catalogues"):
        env.dt_catalogues = {}
    for docname in docnames:
        if docname in getattr(other, "dt_catalogues", {}):
            env.dt_catalogues[docname] = other.dt_catalogues[docname]


def setup(app):
    app.connect("doctree-read", note_catalogues)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
