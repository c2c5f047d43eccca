"""Every localised figure label stays inside its box, in every real catalogue."""

from pathlib import Path

import polib
import pytest
from lxml import etree

from build_tools import figures

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("locales/*/LC_MESSAGES/*/figures.po"))
RTL = {"ar"}


def _boxes(svg: bytes):
    """{label key: its box (left, top, right, bottom)} of the English figure."""
    root = etree.fromstring(svg)
    view = [float(v) for v in root.get("viewBox", "0 0 800 400").split()]
    out = {}
    for label in figures.labels(root):
        box = figures.box_of(root, label, view[2], view[3])
        if box is not None:
            x = figures._num(label.first, "x")
            left, right = figures._chord(box, x, figures._num(label.first, "y"))
            top, bottom = figures._column(box, x, figures._num(label.first, "y"))
            out[label.key] = (left, top, right, bottom)
    return out


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: f"{p.parts[-4]}-{p.parts[-2]}")
def test_localised_labels_stay_inside_their_boxes(po_path):
    lang, slug = po_path.parts[-4], po_path.parts[-2]
    tr = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(po_path))
        if e.msgstr and not e.fuzzy
    }
    svgs = sorted((ROOT / "source" / slug / "images").glob("*.svg"))
    assert svgs, f"no figures for {slug}"
    spills = []
    for svg in svgs:
        rel = f"{slug}/images/{svg.name}"
        source = svg.read_bytes()
        boxes = _boxes(source)
        out = etree.fromstring(
            figures.localise(source, rel, lambda c, m: tr.get((c, m), m), lang in RTL)
        )
        for group in out.iter(f"{figures.SVG}g"):
            key, ink = group.get("data-label"), group.get("data-ink")
            if key not in boxes or not ink:
                continue
            x0, y0, x1, y1 = map(float, ink.split())
            left, top, right, bottom = boxes[key]
            if x0 < left or x1 > right or y0 < top or y1 > bottom:
                spills.append(
                    f"{svg.name}#{key} {group.get('data-text')!r}: "
                    f"ink {x0:.0f},{y0:.0f}-{x1:.0f},{y1:.0f}"
                    f" outside box {left:.0f},{top:.0f}-{right:.0f},{bottom:.0f}"
                )
    assert not spills, f"{po_path}: labels spill out of their boxes:\n" + "\n".join(spills)
