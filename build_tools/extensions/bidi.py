"""Right-to-left books: Latin runs inside Arabic text are isolated.

The Unicode bidi algorithm lays out a Latin name, a URL or "45 minutes"
inside an Arabic sentence by rules that readers do not expect (the review saw
"minutes 45" and URLs split around their slashes).  After translation, every
run of Latin text (a number may lead it) in a right-to-left document becomes a
``bdi`` node: ``<bdi dir="ltr">`` in HTML and EPUB, and Unicode isolates
(LRI … PDI) in the PDF, where WeasyPrint ignores ``unicode-bidi``
(``pdf.isolate_ltr_runs``).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..project import is_rtl

# A run: optional leading number, then Latin letters and what sits between
# them in names and addresses; it ends on a letter, digit, slash or bracket,
# so closing punctuation follows the sentence's direction.
LATIN_RUN = re.compile(
    r"(?:\d[\d.,]*\s+)?\(?[A-Za-z\u00C0-\u024F]"
    r"[A-Za-z0-9\u00C0-\u024F .,:;/\\\-_'&?=%#+@~!()]*"
    r"[A-Za-z0-9\u00C0-\u024F/)]"
    r"|\(?[A-Za-z\u00C0-\u024F]\)?"
)
SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.FixedTextElement)


class bdi(nodes.Inline, nodes.TextElement):
    """A left-to-right run inside right-to-left text."""


def split_runs(text: str) -> list[tuple[str, bool]]:
    """[(piece, is_latin_run)] covering *text*."""
    out, pos = [], 0
    for m in LATIN_RUN.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out += _balanced(m.group())
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return _merge(out)


def _unmatched(run: str) -> list[int]:
    """Positions of the brackets of *run* that have no partner inside it."""
    opened, lone = [], []
    for i, ch in enumerate(run):
        if ch == "(":
            opened.append(i)
        elif ch == ")":
            if opened:
                opened.pop()
            else:
                lone.append(i)
    return sorted(lone + opened)


def _balanced(run: str) -> list[tuple[str, bool]]:
    """A run keeps only bracket pairs it holds whole.  A bracket whose partner
    lies outside (Arabic text around "(unincorporated association)" or
    "(… CIO)") stays in the right-to-left text with its partner; split across
    an isolate, the pair was drawn as "((unincorporated association"."""
    lone = _unmatched(run)
    if not lone:
        return [(run, True)]
    out, start = [], 0
    for i in lone:
        out += split_runs(run[start:i]) if i > start else []
        out.append((run[i], False))
        start = i + 1
    return out + (split_runs(run[start:]) if start < len(run) else [])


def _merge(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Adjacent pieces of the same kind as one."""
    out: list[tuple[str, bool]] = []
    for piece, latin in pieces:
        if out and out[-1][1] == latin and not latin:
            out[-1] = (out[-1][0] + piece, False)
        else:
            out.append((piece, latin))
    return out


class IsolateLatinRuns(SphinxTransform):
    default_priority = 905  # after translation (Locale) and MarkFallbacks

    def apply(self, **kwargs) -> None:
        if not is_rtl(self.config.language or "en"):
            return
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if (
                parent is None
                or isinstance(parent, (bdi, *SKIP))
                or any(isinstance(a, SKIP) for a in _ancestors(parent))
            ):
                continue
            pieces = split_runs(str(text))
            if not any(latin for _p, latin in pieces):
                continue
            new = [bdi("", piece) if latin else nodes.Text(piece) for piece, latin in pieces]
            parent.replace(text, new)


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent


def visit_bdi_html(self, node):
    self.body.append('<bdi dir="ltr">')


def depart_bdi_html(self, node):
    self.body.append("</bdi>")


def _pass(self, node):
    pass


def setup(app):
    # "html" covers the site, EPUB and single-page builders (a handler keyed by
    # a builder's name would hide every other handler of that builder).
    app.add_node(
        bdi,
        html=(visit_bdi_html, depart_bdi_html),
        text=(_pass, _pass),
        latex=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.add_transform(IsolateLatinRuns)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
