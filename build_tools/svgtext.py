"""Text in SVG that looks the same everywhere: shaped, measured, drawn as outlines.

Covers and localised figures are SVG.  Browsers shape Arabic in SVG ``<text>``,
WeasyPrint does not (letters come out isolated), and no renderer tells us in
advance whether a line fits.  So we shape each line with HarfBuzz (``uharfbuzz``)
using the very font files the books embed (``fontpkg-*``), measure the shaped
run, wrap or shrink it to the width it has, and write the glyph outlines as
``<path>`` (fontTools pens).  The words stay in the SVG as ``<title>``/``aria-label``
for screen readers and search.

Bidirectional text is handled per word: a line is split into runs of
Arabic-script words and runs of other words (Latin, digits); an RTL line lays
its runs out right to left, each run shaped in its own direction, so "45" and
"DRC" keep their order inside Arabic.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import fontpkg
import uharfbuzz as hb
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_FAMILY, ARABIC_FAMILY = "Atkinson Hyperlegible", "Almarai"


@dataclass(frozen=True)
class Font:
    path: Path
    upem: int
    hb_font: object
    glyphs: object  # fontTools glyph set
    order: list


@functools.lru_cache(maxsize=8)
def font(family: str, bold: bool) -> Font:
    path = Path(fontpkg.path(family, 700 if bold else 400, "normal"))
    data = path.read_bytes()
    face = hb.Face(data)
    tt = TTFont(str(path))
    return Font(path, face.upem, hb.Font(face), tt.getGlyphSet(), tt.getGlyphOrder())


LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def _kind(word: str) -> str:
    return "ar" if ARABIC.search(word) else "lat" if LATIN.search(word) else "num"


def runs(text: str, rtl: bool) -> list[tuple[str, bool]]:
    """Visual-order runs (text, is_rtl), a small part of the Unicode bidi
    algorithm at word level: Arabic words form right-to-left runs; Latin words
    (with the numbers between them) form left-to-right runs; in a right-to-left
    line every number stands alone, so "الطبعة 1 · 27 نوفمبر" keeps its order."""
    # The line's own direction comes from its first strong letter (as dir="auto"),
    # so an English fallback inside an Arabic figure still reads left to right.
    first = next((_kind(w) for w in text.split() if _kind(w) != "num"), None)
    rtl = rtl if first is None else first == "ar"
    groups: list[list] = []  # [words, kind]
    words = text.split(" ")
    for i, word in enumerate(words):
        kind = _kind(word)
        if (
            rtl
            and kind == "num"
            and groups
            and groups[-1][1] == "lat"
            and any(_kind(w) == "lat" for w in words[i + 1 : i + 2])
        ):
            kind = "lat"  # a number between two Latin words: "UNU-MERIT 2 Council"
        if not rtl and kind == "num":
            kind = "lat"
        joinable = groups and groups[-1][1] == kind and not (rtl and kind == "num")
        if joinable:
            groups[-1][0].append(word)
        else:
            groups.append([[word], kind])
    out = []
    for ws, kind in groups:
        text_run = " ".join(ws)
        # Closing punctuation of a Latin or number run inside RTL text is neutral:
        # it follows the line's direction ("1." reads ".1" from the right).
        core = text_run.rstrip(".,:;!?") if rtl and kind != "ar" else text_run
        out.append([(core, kind == "ar")])
        if core != text_run:
            out[-1].append((text_run[len(core) :], True))  # no space between "1" and "."
    if rtl:
        out = [list(reversed(word)) for word in reversed(out)]
    spaced = []
    for i, word in enumerate(out):
        spaced += word
        if i < len(out) - 1:
            spaced.append((" ", False))  # the space between two runs belongs to neither
    return spaced


def _shape(text: str, f: Font, rtl: bool):
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(f.hb_font, buf, {"kern": True, "liga": True})
    return [
        (f.order[i.codepoint], p.x_advance, p.x_offset, p.y_offset)
        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


def shaped_line(text: str, size: float, bold: bool = False, rtl: bool = False):
    """[(font, glyph, x, dx, dy)] in user units from x=0, and the line's advance width."""
    placed, x = [], 0.0
    for run_text, run_rtl in runs(text, rtl):
        f = font(ARABIC_FAMILY if run_rtl else LATIN_FAMILY, bold)
        scale = size / f.upem
        for glyph, adv, dx, dy in _shape(run_text, f, run_rtl):
            placed.append((f, glyph, x, dx * scale, dy * scale))
            x += adv * scale
    return placed, x


def width(text: str, size: float, bold: bool = False, rtl: bool = False) -> float:
    """Advance width of the shaped line in user units (what a renderer lays out)."""
    return shaped_line(text, size, bold, rtl)[1]


def wrap(
    text: str, max_width: float, size: float, bold: bool = False, rtl: bool = False
) -> list[str]:
    """Greedy line breaking by measured width.  A word wider than the line
    stays alone on its line (the caller shrinks the size)."""
    lines: list[str] = []
    for word in text.split():
        if lines and width(lines[-1] + " " + word, size, bold, rtl) <= max_width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


LINE_INK = 1.2  # ink height of one line (accents to descenders), in font sizes


def block_height(n_lines: int, size: float, leading: float) -> float:
    """Ink height of *n_lines* lines *leading* font sizes apart."""
    return size * (LINE_INK + leading * (n_lines - 1))


def fit(
    text: str,
    max_width: float,
    size: float,
    max_lines: int,
    bold: bool = False,
    rtl: bool = False,
    min_size: float = 10.0,
    max_height: float | None = None,
    leading: float = 1.25,
) -> tuple[list[str], float]:
    """Lines and font size so that every line is at most *max_width* wide and
    there are at most *max_lines*, together at most *max_height* high (lines
    *leading* font sizes apart): wrap first, shrink only when wrapping is not
    enough.  Never clips; below *min_size* it keeps *min_size* and wraps more."""
    while True:
        lines = wrap(text, max_width, size, bold, rtl)
        widest = max(width(line, size, bold, rtl) for line in lines)
        tall = max_height is not None and block_height(len(lines), size, leading) > max_height
        if (len(lines) <= max_lines and widest <= max_width and not tall) or size <= min_size:
            if widest > max_width:  # one long word at the smallest size: shrink it to fit anyway
                size = size * max_width / widest
            return lines, size
        size = max(min_size, size * 0.92)


def anchor_x(x: float, line_width: float, anchor: str, rtl: bool) -> float:
    """Left edge of a line anchored at *x*.  ``start``/``end`` follow the
    reading direction, as in SVG with ``direction``: start is the right edge in RTL;
    ``left``/``right`` are visual edges whatever the direction."""
    if anchor == "middle":
        return x - line_width / 2
    if anchor in ("left", "right"):
        return x - line_width if anchor == "right" else x
    at_right = (anchor == "end") != rtl
    return x - line_width if at_right else x


def _short(v: float) -> str:
    """A coordinate to 0.01 unit: "90.05", not "90.05000000000001".  Outlined
    Arabic figures were three times heavier with float noise (issue 18), and
    0.01 unit is far below a printer's dot at any size we use."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


EM = (
    1000.0  # glyphs of a GlyphSheet are drawn on a 1000-unit em, y down, whatever the font's own em
)


def _scale(v: float) -> str:
    return f"{v:.6g}"


def _tenth(v: float) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class GlyphSheet:
    """Each glyph's outline written once (``<path id>`` in ``<defs>``) and placed
    with ``<use>``.  A localised figure repeats a few dozen glyphs hundreds of
    times: the French collaboration continuum weighed 107 KB with every glyph
    drawn in full, against 3 KB for the English ``<text>`` (issue 18)."""

    def __init__(self, prefix: str = "g"):
        self.prefix = prefix
        self.paths: dict[str, str] = {}  # id -> path data, in order of first use
        self._ids: dict[tuple[str, bool, str], str] = {}
        self._bounds: dict[str, tuple | None] = {}

    def glyph(self, f: Font, glyph: str) -> str | None:
        """The id of *glyph* of *f* (None for a glyph without ink, a space)."""
        key = (f.path.name, glyph)
        if key not in self._ids:
            k = EM / f.upem
            pen = SVGPathPen(f.glyphs, ntos=_short)
            f.glyphs[glyph].draw(TransformPen(pen, (k, 0, 0, -k, 0, 0)))
            d = pen.getCommands()
            bounds = BoundsPen(f.glyphs)
            f.glyphs[glyph].draw(TransformPen(bounds, (k, 0, 0, -k, 0, 0)))
            gid = f"{self.prefix}{len(self.paths)}" if d else None
            if gid:
                self.paths[gid] = d
                self._bounds[gid] = bounds.bounds
            self._ids[key] = gid
        return self._ids[key]

    def ink(self, gid: str) -> tuple | None:
        return self._bounds[gid]


def line_uses(
    text: str,
    x: float,
    y: float,
    size: float,
    sheet: GlyphSheet,
    bold: bool = False,
    rtl: bool = False,
    anchor: str = "start",
):
    """One shaped line as glyph references: (transform of the line, [(id, x, y)]
    in em units, ink box in user units or None).  ``<g transform>`` with one
    ``<use href="#id" x y>`` per glyph draws what ``line_path`` draws."""
    placed, advance = shaped_line(text, size, bold, rtl)
    left = anchor_x(x, advance, anchor, rtl)
    s = size / EM
    uses, box = [], None
    for f, glyph, gx, dx, dy in placed:
        gid = sheet.glyph(f, glyph)
        if gid is None:
            continue
        ux, uy = (gx + dx) / s, -dy / s
        uses.append((gid, _tenth(ux), _tenth(uy)))
        b = sheet.ink(gid)
        if b:
            b = (
                left + s * (ux + b[0]),
                y + s * (uy + b[1]),
                left + s * (ux + b[2]),
                y + s * (uy + b[3]),
            )
            box = (
                b
                if box is None
                else (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
            )
    return f"matrix({_scale(s)} 0 0 {_scale(s)} {_short(left)} {_short(y)})", uses, box


def line_path(
    text: str,
    x: float,
    y: float,
    size: float,
    bold: bool = False,
    rtl: bool = False,
    anchor: str = "start",
) -> tuple[str, tuple[float, float, float, float] | None]:
    """SVG path data of one shaped line with its baseline at *y*, and its ink box
    (x0, y0, x1, y1) in user units (None for a blank line)."""
    placed, advance = shaped_line(text, size, bold, rtl)
    left = anchor_x(x, advance, anchor, rtl)
    pieces, box = [], None
    for f, glyph, gx, dx, dy in placed:
        scale = size / f.upem
        transform = (scale, 0, 0, -scale, left + gx + dx, y - dy)
        pen = SVGPathPen(f.glyphs, ntos=_short)
        f.glyphs[glyph].draw(TransformPen(pen, transform))
        pieces.append(pen.getCommands())
        bounds = BoundsPen(f.glyphs)
        f.glyphs[glyph].draw(TransformPen(bounds, transform))
        if bounds.bounds:
            b = bounds.bounds
            box = (
                b
                if box is None
                else (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
            )
    return "".join(p for p in pieces if p), box
