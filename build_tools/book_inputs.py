"""What one toolkit's book (its EPUB and its print HTML) is made from, as one digest.

The site run reads every document of a language; each book run then writes one toolkit from
that environment.  A book's bytes depend on its own files, the shared files, the language's
catalogues, static files and fonts, the styles and build code, and on what the other
toolkits' documents put into the environment (titles and labels its cross-references show,
glossary "Used in" lines, section and figure numbers).  So the digest takes every source file
except the other toolkits' Markdown, every compiled catalogue except the other toolkits'
(``catalogue_digest``), plus the environment's cross-document data, which holds what the other
toolkits' translations put there (their translated titles and labels); a paragraph or a
translated message edited in one toolkit changes none of these for the other toolkits, and
their book runs are skipped (``build.build_language``).

Conservative by construction: every environment attribute counts unless listed in
``NOT_OUTPUT`` (bookkeeping that never reaches a page), and a value that cannot be written
down reproducibly makes the digest ``None``: the book is then built.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from pathlib import Path

from .digests import tree_digest

# Environment attributes that are bookkeeping of the reading itself (mtimes, paths, objects of
# this run), not content that a page shows.  Source files are digested separately.
NOT_OUTPUT = {
    "all_docs",
    "dependencies",
    "config",
    "config_status",
    "config_status_extra",
    "project",
    "domains",
    "events",
    "current_document",
    "ref_context",
    "settings",
}
# Per-document metadata that only the document itself can show (MyST's reading-time counts).
OWN_METADATA = {"wordcount"}


class Unknown(Exception):
    """A value whose text is not reproducible (e.g. a repr with a memory address)."""


def _canon(value):
    if isinstance(value, dict):
        items = [(_canon(k), _canon(v)) for k, v in value.items()]
        return sorted(items, key=lambda kv: json.dumps(kv[0], sort_keys=True))
    if isinstance(value, set | frozenset):
        return sorted((_canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [_canon(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "pformat"):  # docutils nodes (titles, tables of contents)
        return value.pformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Field by field, not its repr: a set field (MyST's enable_extensions) prints in the
        # order of this process's string hashes, which differs from run to run.
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return [type(value).__name__, _canon(fields)]
    text = repr(value)
    if " at 0x" in text:
        raise Unknown(text[:80])
    return text


def load_environment(doctreedir: Path):
    """The environment the site run pickled (read before any book run, which may pickle it
    again)."""
    path = doctreedir / "environment.pickle"
    if not path.is_file():
        return None
    with open(path, "rb") as fh:
        return pickle.load(fh)


def environment_index(env, slug: str, slugs: list[str]) -> str | None:
    """Digest of the environment's data as toolkit *slug*'s book sees it, or None."""
    if env is None:
        return None
    others = tuple(f"{s}/" for s in slugs if s != slug)
    data = {}
    for name, value in vars(env).items():
        if name.startswith("_") or name in NOT_OUTPUT:
            continue
        if name == "domaindata":
            value = _without_builtin_labels(value, set(getattr(env, "found_docs", ())))
        if name == "metadata":
            value = {
                doc: (
                    {k: v for k, v in meta.items() if k not in OWN_METADATA}
                    if doc.startswith(others)
                    else meta
                )
                for doc, meta in value.items()
            }
        data[name] = value
    try:
        text = json.dumps(_canon(data), ensure_ascii=False)
    except Unknown:
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _without_builtin_labels(domaindata: dict, docs: set[str]) -> dict:
    """The domains' data without the labels of Sphinx's built-in pages (``genindex``,
    ``py-modindex``, ``search``: no document of ours, never linked from a book).  Their titles are
    translated with whichever catalogue the process loaded last: after a cold build of four
    languages the French environment said "Index des modules Python", after an edit "Python
    Module Index", and a one-message French edit ran every French book again."""
    std = domaindata.get("std")
    if not isinstance(std, dict):
        return domaindata
    std = dict(std)
    for key in ("labels", "anonlabels"):
        if isinstance(std.get(key), dict):
            std[key] = {k: v for k, v in std[key].items() if v and v[0] in docs}
    return {**domaindata, "std": std}


def source_digest(source_dir: Path, slug: str, slugs: list[str], env=None) -> str:
    """Digest of every source file but the other toolkits' Markdown (their images, book.toml and
    sources.yaml count: they are few and rarely change, and another book may show them), unless a
    document of this book depends on it (an ``include``, as Sphinx noted in the environment)."""
    others = {s for s in slugs if s != slug}
    needed = set()
    for doc, paths in (getattr(env, "dependencies", None) or {}).items():
        if doc.split("/", 1)[0] not in others:
            needed |= {(source_dir / p).resolve() for p in paths}
    files = sorted(
        p
        for p in source_dir.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not (
            p.suffix == ".md"
            and p.relative_to(source_dir).parts[0] in others
            and p.resolve() not in needed
        )
    )
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(source_dir).as_posix().encode() + b"\0")
        h.update(tree_digest([p]).encode())
    return h.hexdigest()


def catalogue_digest(locale: Path, slug: str, slugs: list[str]) -> str:
    """The language's compiled catalogues (*locale*: ``<work>/locale/<lang>``) except those of
    the other toolkits' documents (``LC_MESSAGES/<other toolkit>/``): what they translate
    reaches this book only through the environment (``environment_index``)."""
    messages = locale / "LC_MESSAGES"
    others = set(slugs) - {slug}
    parts = (
        sorted(p for p in messages.iterdir() if p.name not in others) if messages.is_dir() else []
    )
    return tree_digest([Path(p) for p in parts], extra=slug)
