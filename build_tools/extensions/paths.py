"""Nothing outside the book is published.

Every image, figure, download, include and literal-include path is resolved
(symbolic links too) and must stay inside the folders that make up the book:
the document's toolkit folder and ``source/_shared/`` (pages at the top of
``source/`` get the top folder's own files and ``_shared/``).  Anything else
is an error with ``file:line``, and the file is left out of the output.
Translations cannot change these paths: ``l10n.message_checks.structure`` refuses them.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)
REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, data:, … : not a file of ours


def allowed(srcdir: Path, docname: str, target: Path) -> bool:
    srcdir = srcdir.resolve()
    target = target.resolve()
    shared = srcdir / "_shared"
    if target.is_relative_to(shared):
        return True
    top = docname.split("/", 1)[0] if "/" in docname else ""
    if top:
        return target.is_relative_to(srcdir / top)
    return target.parent == srcdir


def _refuse(app, docname: str, what: str, path: str, line: int | None) -> None:
    location = (docname, line) if line else docname
    logger.error(
        "%s %r leaves the book: "
        "only files in the toolkit's folder and source/_shared/ are published; "
        "move the file there and point to it with a path inside the book",
        what,
        path,
        location=location,
        type="dt",
        subtype="path",
    )


def _line_of(app, docname: str, needle: str, near: str = "") -> int | None:
    """The first source line with *needle* (and *near*, when given): nodes of
    includes and roles do not always carry a line."""
    try:
        lines = Path(app.env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((i for i, text in enumerate(lines, 1) if needle in text and near in text), None)


def check_doctree(app, doctree) -> None:
    """Images, figures, downloads and literal includes of the document just read."""
    docname = app.env.docname
    srcdir = Path(app.srcdir)
    for node in list(doctree.findall(nodes.image)):
        uri = node.get("uri", "")
        if REMOTE.match(uri):
            continue
        path = Path(app.env.relfn2path(uri.split("*", 1)[0] or ".", docname)[1])
        if not allowed(srcdir, docname, path):
            _refuse(app, docname, "image", uri, node.line or _line_of(app, docname, uri))
            node.replace_self(nodes.inline("", node.get("alt", "")))
    for node in list(doctree.findall(addnodes.download_reference)):
        target = node.get("reftarget", "")
        if REMOTE.match(target):
            continue
        if not allowed(srcdir, docname, Path(app.env.relfn2path(target, docname)[1])):
            _refuse(
                app,
                docname,
                "download",
                target,
                node.line or _line_of(app, docname, target, "download"),
            )
            node.replace_self(nodes.inline("", node.astext()))
    source = doctree.get("source", "")
    for node in list(doctree.findall(nodes.literal_block)):
        included = node.get("source", "")
        if included and included != source and not allowed(srcdir, docname, Path(included)):
            _refuse(app, docname, "literal include", included, node.line)
            node.replace_self(nodes.paragraph())


def check_include(app, relative_path, _parent_docname, content: list[str]) -> None:
    """``{include}``: refuse before the text enters the document."""
    docname = app.env.docname
    if not allowed(Path(app.srcdir), docname, Path(app.srcdir, relative_path)):
        _refuse(
            app,
            docname,
            "include",
            str(relative_path),
            _line_of(app, docname, Path(relative_path).name, "include"),
        )
        content[0] = ""


def setup(app):
    # Before Sphinx's own collectors (priority 500) register images and downloads for copying.
    app.connect("doctree-read", check_doctree, priority=100)
    app.connect("include-read", check_include)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
