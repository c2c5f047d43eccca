"""Localised figures: the words of every SVG diagram in the catalogues.

- ``messages``: the ``<title>``, ``<desc>`` and labels of one SVG, each with a
  context "<file>#<id>" so a translator sees which figure and element a message
  belongs to.  A label written as several ``<text>`` lines (same x, anchor and
  style, one below the other) is one message: the translation is wrapped again.
- ``pot``: one template per toolkit, ``<toolkit>/figures.pot`` (``make gettext``).
- ``localise``: the SVG of one language.  Labels are drawn as shaped outlines (each glyph once,
  placed with ``<use>``) in the script's font (``svgtext``), wrapped and if need be shrunk to
  the width of the box they sit in (measured with the font, never clipped).  A figure whose
  root has ``data-mirror-rtl="true"`` (its meaning follows the reading
  direction: a continuum, a ladder, a timeline) is mirrored in right-to-left
  languages; others (grids with labelled axes, maps) keep their geometry.
"""

from __future__ import annotations

import gettext as gettext_mod
import math
from dataclasses import dataclass
from pathlib import Path

import polib
from lxml import etree

from . import svgtext

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "http://www.w3.org/1999/xlink"
MIRROR_FLAG = "data-mirror-rtl"
PAD = 8.0


@dataclass
class Label:
    key: str  # element id, or text-N (N counts <text> elements from 1)
    elements: list  # the <text> lines, in order
    text: str

    @property
    def first(self):
        return self.elements[0]


INHERITED = ("text-anchor", "font-size", "font-weight", "fill")


def _get(el, name: str, default=None):
    """An attribute, inherited from the enclosing groups as SVG presentation attributes are."""
    while el is not None:
        if el.get(name) is not None:
            return el.get(name)
        el = el.getparent() if name in INHERITED else None
    return default


def _num(el, name: str, default: float = 0.0) -> float:
    try:
        return float(_get(el, name, default))
    except (TypeError, ValueError):
        return default


def _style(el) -> tuple:
    return (el.get("x"), *(_get(el, name) for name in INHERITED), el.get("transform"))


def labels(root) -> list[Label]:
    """The labels of a figure: consecutive ``<text>`` lines of one style form one label."""
    out: list[Label] = []
    for n, el in enumerate(root.iter(f"{SVG}text"), start=1):
        words = " ".join("".join(el.itertext()).split())
        prev = out[-1].elements[-1] if out else None
        size = _num(el, "font-size", 16)
        if (
            prev is not None
            and prev.getparent() is el.getparent()
            and prev.getnext() is el
            and _style(prev) == _style(el)
            and 0 < _num(el, "y") - _num(prev, "y") <= 1.7 * size
        ):
            out[-1].elements.append(el)
            out[-1].text += " " + words
        else:
            out.append(Label(el.get("id") or f"text-{n}", [el], words))
    return out


def messages(svg_path: Path, rel: str) -> list[tuple[str, str]]:
    """(msgctxt, msgid) of one figure: title, description, then labels."""
    root = etree.parse(str(svg_path)).getroot()
    out = []
    for tag in ("title", "desc"):
        el = root.find(f"{SVG}{tag}")
        if el is not None and (el.text or "").strip():
            out.append((f"{rel}#{el.get('id') or tag}", " ".join(el.text.split())))
    out += [(f"{rel}#{label.key}", label.text) for label in labels(root) if label.text]
    return out


def pot(source_dir: Path, slug: str) -> polib.POFile:
    """The figures template of one toolkit."""
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "MIME-Version": "1.0",
        "Content-Transfer-Encoding": "8bit",
    }
    for svg in sorted((source_dir / slug / "images").glob("*.svg")):
        rel = f"{slug}/images/{svg.name}"
        for ctx, msgid in messages(svg, rel):
            catalogue.append(
                polib.POEntry(
                    msgctxt=ctx, msgid=msgid, msgstr="", occurrences=[(f"source/{rel}", "")]
                )
            )
    return catalogue


def pgettext_for(mo_dir: Path, lang: str, slug: str):
    """pgettext of a toolkit's compiled figures catalogue (identity when missing)."""
    try:
        return gettext_mod.translation(
            f"{slug}/figures", localedir=str(mo_dir), languages=[lang]
        ).pgettext
    except OSError:
        return lambda _ctx, message: message


# --------------------------------------------------------------------------- geometry


def _shapes(root, view_w: float, view_h: float):
    """(kind, element) of every rect, circle and ellipse smaller than the drawing (boxes labels sit
    in)."""
    for el in root.iter(f"{SVG}rect", f"{SVG}circle", f"{SVG}ellipse"):
        if (
            el.tag == f"{SVG}rect"
            and _num(el, "width") * _num(el, "height") >= 0.8 * view_w * view_h
        ):
            continue
        yield el


def _chord(el, x: float, y: float) -> tuple[float, float] | None:
    """Horizontal extent (left, right) of a shape at height *y*, if (x, y) is inside it."""
    if el.tag == f"{SVG}rect":
        rx, ry, rw, rh = (_num(el, k) for k in ("x", "y", "width", "height"))
        return (rx, rx + rw) if rx <= x <= rx + rw and ry <= y <= ry + rh else None
    cx, cy = _num(el, "cx"), _num(el, "cy")
    a = _num(el, "r") if el.tag == f"{SVG}circle" else _num(el, "rx")
    b = _num(el, "r") if el.tag == f"{SVG}circle" else _num(el, "ry")
    if not a or not b or ((x - cx) / a) ** 2 + ((y - cy) / b) ** 2 > 1:
        return None
    half = a * math.sqrt(max(0.0, 1 - ((y - cy) / b) ** 2))
    return cx - half, cx + half


def _column(el, x: float, y: float) -> tuple[float, float] | None:
    """Vertical extent (top, bottom) of a shape at *x*, if (x, y) is inside it."""
    if _chord(el, x, y) is None:
        return None
    if el.tag == f"{SVG}rect":
        return _num(el, "y"), _num(el, "y") + _num(el, "height")
    cx, cy = _num(el, "cx"), _num(el, "cy")
    a = _num(el, "r") if el.tag == f"{SVG}circle" else _num(el, "rx")
    b = _num(el, "r") if el.tag == f"{SVG}circle" else _num(el, "ry")
    half = b * math.sqrt(max(0.0, 1 - ((x - cx) / a) ** 2))
    return cy - half, cy + half


def _area(el) -> float:
    if el.tag == f"{SVG}rect":
        return _num(el, "width") * _num(el, "height")
    if el.tag == f"{SVG}circle":
        return math.pi * _num(el, "r") ** 2
    return math.pi * _num(el, "rx") * _num(el, "ry")


def box_of(root, label: Label, view_w: float, view_h: float):
    """The innermost (smallest) shape the label's anchor (first line) sits in,
    or None.  By area, not by the chord at the baseline: a box drawn on a ring
    (the fundraising cycle) has a wider chord than the ring near its top."""
    el = label.first
    x, y = _num(el, "x"), _num(el, "y")
    inside = [s for s in _shapes(root, view_w, view_h) if _chord(s, x, y)]
    return min(inside, key=_area) if inside else None


def available_width(root, label: Label, view_w: float, view_h: float) -> tuple[float, bool]:
    """Width a label may take at its anchor, and whether it sits in a box."""
    el = label.first
    x, y = _num(el, "x"), _num(el, "y")
    anchor = _get(el, "text-anchor", "start")
    box = box_of(root, label, view_w, view_h)
    if box is not None:
        left, right = _chord(box, x, y)
        in_box = True
    else:
        left, right, in_box = 0.0, view_w, False
    room = {"start": right - x, "end": x - left, "middle": 2 * min(x - left, right - x)}[
        anchor
    ] - PAD
    if not in_box:
        # Free text: keep near the English width, so a label does not run over its neighbours.
        size, bold = _num(el, "font-size", 16), _get(el, "font-weight") in ("bold", "700")
        english = max(
            svgtext.width(" ".join("".join(e.itertext()).split()), size, bold)
            for e in label.elements
        )
        room = min(room, max(english * 1.25, english + 40))
    return max(room, 20.0), in_box


# --------------------------------------------------------------------------- localise


def localise(svg_bytes: bytes, rel: str, pgettext, rtl: bool) -> bytes:
    """The SVG of one language (see the module's docstring)."""
    root = etree.fromstring(svg_bytes)
    view = [float(v) for v in root.get("viewBox", "0 0 800 400").split()]
    view_w, view_h = view[2], view[3]
    mirror = rtl and root.get(MIRROR_FLAG) == "true"
    for tag in ("title", "desc"):
        el = root.find(f"{SVG}{tag}")
        if el is not None and (el.text or "").strip():
            el.text = pgettext(f"{rel}#{el.get('id') or tag}", " ".join(el.text.split()))
    sheet = svgtext.GlyphSheet("glyph-")
    for label in labels(root):
        _draw_label(
            root,
            label,
            pgettext(f"{rel}#{label.key}", label.text),
            rtl,
            mirror,
            view_w,
            view_h,
            sheet,
        )
    if mirror:
        _mirror_drawing(root, view_w)
    if rtl:
        root.set("direction", "rtl")
    if sheet.paths:
        _write_glyphs(root, sheet)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _write_glyphs(root, sheet: svgtext.GlyphSheet) -> None:
    """The glyphs the labels use, each once, in ``<defs>`` after the title and description."""
    defs = etree.Element(f"{SVG}defs", {"data-glyphs": "labels"})
    for gid, d in sheet.paths.items():
        etree.SubElement(defs, f"{SVG}path", {"id": gid, "d": d})
    after = [el for el in root if el.tag in (f"{SVG}title", f"{SVG}desc")]
    if after:
        after[-1].addnext(defs)
    else:
        root.insert(0, defs)
    # xlink:href (not SVG 2's plain href) for older EPUB reading systems; one declaration on the
    # root.
    etree.cleanup_namespaces(root, top_nsmap={"xlink": XLINK})


def _draw_label(
    root,
    label: Label,
    text: str,
    rtl: bool,
    mirror: bool,
    view_w: float,
    view_h: float,
    sheet: svgtext.GlyphSheet,
) -> None:
    el = label.first
    size = _num(el, "font-size", 16)
    bold = _get(el, "font-weight") in ("bold", "700")
    width, in_box = available_width(root, label, view_w, view_h)
    n = len(label.elements)
    step = (_num(label.elements[1], "y") - _num(el, "y")) if n > 1 else size * 1.25
    x, y0 = _num(el, "x"), _num(el, "y")
    # In a box the label may take one more line than in English, as long as the
    # lines stay inside the box's height too (fundraising-fr.pdf p13: a third
    # line drawn below a two-line box).
    column = _column(box_of(root, label, view_w, view_h), x, y0) if in_box else None
    max_height = column[1] - column[0] - PAD if column else None
    lines, new_size = svgtext.fit(
        text,
        width,
        size,
        n + 1 if in_box else n,
        bold=bold,
        rtl=rtl,
        min_size=11,
        max_height=max_height,
        leading=step / size,
    )
    step *= new_size / size
    if column and (len(lines) != n or new_size != size):
        # Centre the block where the English block was centred.
        centre_shift = (y0 + _num(label.elements[-1], "y")) / 2 - sum(column) / 2
        y0 = sum(column) / 2 + centre_shift * new_size / size - (len(lines) - 1) * step / 2
    # Visual anchoring: the English left edge stays the left edge unless the figure is mirrored.
    anchor = {"start": "left", "end": "right"}.get(_get(el, "text-anchor", "start"), "middle")
    transform = el.get("transform", "")
    if mirror:
        # The whole drawing is mirrored (``_mirror_drawing``).  Flipping the words
        # back around their own anchor, in their own coordinates, keeps them
        # readable wherever they sit; the anchor changes sides with the box.
        anchor = {"left": "right", "right": "left"}.get(anchor, anchor)
        transform = f"{transform} matrix(-1 0 0 1 {2 * x:g} 0)".strip()
    group = etree.Element(
        f"{SVG}g", {"fill": _get(el, "fill", "#000000"), "data-label": label.key, "data-text": text}
    )
    if transform:
        group.set("transform", transform)
    ink = None
    for i, line in enumerate(lines):
        transform, uses, box = svgtext.line_uses(
            line, x, y0 + i * step, new_size, sheet, bold, rtl, anchor
        )
        if uses:
            placed = etree.SubElement(group, f"{SVG}g", {"transform": transform})
            for gid, ux, uy in uses:
                attrs = {f"{{{XLINK}}}href": f"#{gid}", "x": ux}
                if uy != "0":
                    attrs["y"] = uy
                etree.SubElement(placed, f"{SVG}use", attrs)
        if box:
            ink = (
                box
                if ink is None
                else (
                    min(ink[0], box[0]),
                    min(ink[1], box[1]),
                    max(ink[2], box[2]),
                    max(ink[3], box[3]),
                )
            )
    if ink:
        if mirror:  # in the figure's unmirrored coordinates, as the source's boxes
            ink = (2 * x - ink[2], ink[1], 2 * x - ink[0], ink[3])
        group.set("data-ink", " ".join(f"{v:.1f}" for v in ink))
    el.addprevious(group)
    for old in label.elements:
        old.getparent().remove(old)


def _mirror_drawing(root, view_w: float) -> None:
    """Mirror everything drawn (not title, desc, defs) around the vertical axis."""
    group = etree.SubElement(
        root, f"{SVG}g", {"transform": f"matrix(-1 0 0 1 {view_w:g} 0)", "data-mirrored": "rtl"}
    )
    for child in list(root):
        if child is group or child.tag in (f"{SVG}title", f"{SVG}desc", f"{SVG}defs"):
            continue
        group.append(child)
