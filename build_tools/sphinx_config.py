"""Settings derived from the project tree, called from ``source/conf.py``.

One Sphinx environment per language holds the landing page, every toolkit
and the shared glossary: the site builder writes all of it, and the
``toolkit-epub`` / ``singlehtml`` (ours) builders (``extensions/books.py``) write
one toolkit each from the same pickled environment, so each language is
parsed once for every format.  Language-dependent settings cannot live here
(``-D language=xx`` is applied after conf.py runs); ``toolkit_meta`` computes
them on ``config-inited``.
"""

from __future__ import annotations



def configure(ns: dict) -> None:

    ns["root_doc"] = "index"
