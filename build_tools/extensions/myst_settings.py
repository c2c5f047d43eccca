"""MyST builds the docutils default settings once, not once per parse.

myst-parser 5.2.0 starts every render with ``options.get("document", make_document())``: the
default argument is evaluated even when Sphinx passes its own document, and ``make_document``
builds docutils' default settings through ``optparse`` (about 1 ms each time) only to throw the
new document away. Sphinx parses every translated message on its own, so a language with 4,449
messages paid that cost 4,449 times per reading of the whole language, and each edited chapter
paid it once per message.

Here the settings are built once per parser class and every new document gets its own deep copy
(0.1 ms): the same values, and no document shares a mutable setting with another.
"""

from __future__ import annotations

import copy
import functools

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from myst_parser.mdit_to_docutils import base


@functools.cache
def _defaults(parser_cls):
    return get_default_settings(parser_cls)


def make_document(source_path="notset", parser_cls=RSTParser):
    """``myst_parser.mdit_to_docutils.base.make_document`` with the default settings cached."""
    return new_document(source_path, settings=copy.deepcopy(_defaults(parser_cls)))


def setup(app):
    # MyST looks the function up in its module at each call: replacing it there is enough.
    base.make_document = make_document
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
