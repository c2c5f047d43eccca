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

# The MyST syntax of the books.  ``l10n.message_checks`` parses translations with the
# same settings, so what it compares is what Sphinx will read.
MYST_EXTENSIONS = ["colon_fence", "attrs_block", "attrs_inline", "deflist"]
# No raw HTML anywhere: the sources use none, and a translation that types
# HTML gets it shown as text instead of run (issue 13).
MYST_DISABLE_SYNTAX = ["html_inline", "html_block"]


def md_parser():
    """A new MyST markdown-it parser with the books' syntax extensions: what Sphinx reads.

    Raw HTML stays enabled here: the checks that use this parser must see HTML to report it.
    Callers cache the parser (and may change its options, so each gets its own).
    """
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)


def configure(ns: dict) -> None:
    ns["root_doc"] = "index"
