"""Look at PDFs the way a reader does: rendered pages and the text on them.

Small functions over one PDF (pypdfium2 renders and reads text boxes), used by
``test_rendered_pages.py`` on the real build and on small fixtures:

- ``ink_outside``: pages whose ink reaches into the outer margin band;
- ``stranded_titles``: pages whose body ends with a heading or a box title;
- ``half_empty``: pages with body ink on less than half their height that
  neither end a chapter nor stand before a forced break;
- ``bad_page_refs``: "(page" with no number, a word doubled around "(page N)";
- ``stray_bookmarks``: top-level bookmarks that are no chapter of the book (printed site chrome);
- ``wrong_page_numbers``: a folio that is not the page's number, a contents line or "(page N)"
  whose N is not the page its link leads to (the book renders in parts: ``pdf_parts.py``);
- ``contact_sheet``: a grid of thumbnails, to see a whole book in a minute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
WRITTEN: list[
    Path
] = []  # pictures written in this session, listed at the end of the run (conftest.py)


@dataclass
class Page:
    index: int  # 0-based
    width: float  # points
    height: float
    ink: (
        tuple[float, float, float, float] | None
    )  # left, top, right, bottom in points from the top-left
    body_text: str  # text between the running head and the folio, whitespace-normalised
    image: object  # PIL image (thumbnail resolution)
    last_line: str = ""  # the lowest line of body text, without spaces
    last_line_bold: bool = False
    last_line_bottom: float = 0.0  # points from the top of the page


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("\ufffe", "").split())


def read_pages(path: Path, dpi: int = 30, band_mm: float = 17) -> list[Page]:
    """Every page rendered at *dpi*, with its ink box and the text of its body
    (outside the *band_mm* strips at the top and foot that hold running heads and folios)."""
    import pypdfium2 as pdfium
    from PIL import ImageOps

    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        mask = ImageOps.invert(image).point(lambda v: 255 if v > 24 else 0)
        box = mask.getbbox()
        ink = tuple(v * 72 / dpi for v in box) if box else None
        textpage = page.get_textpage()
        text = textpage.get_text_bounded(0, band_mm * MM, w, h - band_mm * MM)
        pages.append(Page(i, w, h, ink, _norm(text), image, *_last_line(textpage, band_mm * MM, h)))
    return pages


def _last_line(textpage, band: float, height: float) -> tuple[str, bool, float]:
    """The lowest line of body text (by position, not content order: WeasyPrint
    draws list bullets last), and whether it is set in a bold face as headings
    and box titles are."""
    import ctypes

    import pypdfium2.raw as raw

    chars = []
    for index in range(textpage.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(textpage, index))
        if ch.isspace() or ch in "•\ufffe\u00ad":
            continue
        _left, bottom, _right, top = textpage.get_charbox(index)
        if bottom >= band and top <= height - band:
            chars.append((index, ch, (bottom + top) / 2))
    if not chars:
        return "", False, 0.0
    # One line: glyph centres within 6.5 pt of the lowest (a full stop sits
    # low, an apostrophe high; the next line up is a line height away).
    lowest = min(m for _i, _c, m in chars)
    line = [(i, c) for i, c, m in chars if m - lowest < 6.5]
    bottom = min(textpage.get_charbox(i)[1] for i, _c in line)
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    bold = 0
    for i, _c in line:
        raw.FPDFText_GetFontInfo(textpage, i, name, 128, flags)
        bold += b"bold" in name.value.lower()
    return "".join(c for _i, c in line), bold * 2 > len(line), height - bottom


def forced_starts(path: Path, titles: set[str] = frozenset()) -> set[int]:
    """0-based indexes of pages that start after a forced break: a chapter (a
    top-level bookmark) or a section whose bookmark title is in *titles* (worksheets)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    norm = {_norm(t) for t in titles}
    out = set()
    for item in pdf.get_toc():
        dest = item.get_dest()
        if dest is not None and (item.level == 0 or _norm(item.get_title()) in norm):
            out.add(dest.get_index())
    return out


def stray_bookmarks(path: Path, print_html: Path) -> list[str]:
    """Top-level bookmarks of the PDF at *path* that are not a chapter heading of the book's
    prepared print HTML (``book.print.html``): something printed that is not the book, such as the
    site's contents sidebar, which followed the glossary in every edition-2 PDF."""
    import lxml.html
    import pypdfium2 as pdfium

    tree = lxml.html.document_fromstring(print_html.read_text(encoding="utf-8"))
    chapters = {
        _norm(h.text_content())
        for h in tree.xpath("//section[contains(concat(' ', @class, ' '), ' chapter ')]/h1")
    }
    pdf = pdfium.PdfDocument(str(path))
    return [
        f"{path.name}: bookmark {_norm(item.get_title())!r} "
        f"(page {item.get_dest().get_index() + 1}) is no chapter of the book"
        for item in pdf.get_toc()
        if item.level == 0 and _norm(item.get_title()) not in chapters
    ]


def wrong_page_numbers(path: Path, word: str, band_mm: float = 17) -> tuple[list[str], int]:
    """Page numbers that do not say where things are, and how many numbers were checked.

    - the folio (a number alone at the foot of a page) must be the page's own number;
    - a link whose text ends with a number (a contents line, "(page N)" after *word*) must lead to
      the page with that number."""
    import pikepdf
    import pypdfium2 as pdfium

    out: list[str] = []
    checked = 0
    doc = pdfium.PdfDocument(str(path))
    with pikepdf.open(path) as pdf:
        index = {p.objgen: i for i, p in enumerate(pdf.pages)}
        dests = {}
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            dests = {
                name: index[dest[0].objgen]
                for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items()
            }
        number_at_end = re.compile(rf"(?:\.{{2,}}\s*|{re.escape(word)}\s*)(\d+)\)?[.,;]?$")
        for i, page in enumerate(pdf.pages):
            textpage = doc[i].get_textpage()
            w, h = doc[i].get_size()
            folio = _norm(textpage.get_text_bounded(0, 0, w, band_mm * MM))
            if folio.isdigit():
                checked += 1
                if int(folio) != i + 1:
                    out.append(f"{path.name}: page {i + 1} is numbered {folio}")
            for annot in page.obj.get("/Annots", []):
                if "/Dest" not in annot or str(annot.Dest) not in dests:
                    continue
                x1, y1, x2, y2 = (float(v) for v in annot.Rect)
                text = _norm(textpage.get_text_bounded(x1, y1, x2, y2))
                m = number_at_end.search(text)
                if m:
                    checked += 1
                    if int(m.group(1)) != dests[str(annot.Dest)] + 1:
                        out.append(
                            f"{path.name}: page {i + 1}: {text!r} leads to page "
                            f"{dests[str(annot.Dest)] + 1}"
                        )
    return out, checked


def ink_outside(pages: list[Page], safe_mm: float, skip: set[int] = frozenset()) -> list[str]:
    """Pages whose ink comes closer than *safe_mm* to an edge of the page."""
    safe = safe_mm * MM
    out = []
    for p in pages:
        if p.index in skip or p.ink is None:
            continue
        left, top, right, bottom = p.ink
        if left < safe or top < safe or right > p.width - safe or bottom > p.height - safe:
            out.append(
                f"page {p.index + 1}: ink at {[round(v / MM) for v in p.ink]} mm, "
                f"safe area ends {safe_mm} mm from the edges of a "
                f"{round(p.width / MM)}x{round(p.height / MM)} mm page"
            )
    return out


def stranded_titles(pages: list[Page], titles: set[str], first: int = 0) -> list[str]:
    """Pages whose lowest body line is in bold and ends one of *titles*: a
    heading or a box title alone at the foot of the page.  Pages before *first*
    (the first chapter or worksheet) are front matter, where a title page sets
    a title alone on purpose (a pack's "…: Worksheets" ends like a worksheet's title)."""
    squeezed = {"".join(t.split()).replace("\u00ad", ""): _norm(t) for t in titles if t.strip()}
    out = []
    for p in pages[first:-1]:
        line = p.last_line
        if not p.last_line_bold or len(line) < 3:
            continue
        ink = _body_ink_bottom(p, 0, p.height - 17 * MM)
        if ink is not None and ink > p.last_line_bottom + 16:
            continue  # a table or writing lines follow the bold line on this page
        hit = next((t for key, t in squeezed.items() if key.endswith(line)), None)
        if hit:
            out.append(
                f"page {p.index + 1}: ends with the title {hit!r}; "
                "keep it with what follows (break-after: avoid in styles/print/print.css)"
            )
    return out


def half_empty(pages: list[Page], starts: set[int], band_mm: float = 24) -> list[str]:
    """Pages whose body ink stops before half the page height, unless the next
    page starts a chapter or a worksheet (a forced break), or the page is blank,
    the last page or front matter (before the first start)."""
    first = min(starts) if starts else 0
    out = []
    for p in pages:
        if p.index < first or p.index + 1 >= len(pages) or p.ink is None:
            continue
        nxt = p.index + 1
        if (
            nxt in starts
            or (pages[nxt].ink is None or not pages[nxt].body_text)
            and nxt + 1 in starts
        ):
            continue
        top, bottom = band_mm * MM, p.height - band_mm * MM
        body_bottom = _body_ink_bottom(p, top, bottom)
        if body_bottom is None:
            continue  # only a running head and a folio: a deliberate blank
        used = (body_bottom - top) / (bottom - top)
        if used < 0.5:
            out.append(
                f"page {p.index + 1}: body ends {used:.0%} down the page, and the next page "
                "does not start a chapter or worksheet; check break-inside/break-before in "
                "print.css"
            )
    return out


def _body_ink_bottom(p: Page, top: float, bottom: float) -> float | None:
    """Lowest ink between the running head band and the folio band, in points."""
    from PIL import ImageOps

    scale = p.image.width / p.width
    crop = p.image.crop((0, int(top * scale), p.image.width, int(bottom * scale)))
    box = ImageOps.invert(crop).point(lambda v: 255 if v > 24 else 0).getbbox()
    return None if box is None else top + box[3] / scale


def bad_page_refs(pages: list[Page], word: str) -> list[str]:
    """ "(page" with no number after it, or the same word on both sides of "(page N)"."""
    w = re.escape(word)
    # WeasyPrint drops the whole "(page N)" content after the word when the
    # target is missing: no number and no closing bracket before the sentence
    # ends ("(page for the background.").  "(page du catalogue)" is prose.
    dangling = re.compile(rf"\(\s*{w}(?!\s*\d)[^)]{{0,80}}?(?:[.;!?]|$)")
    doubled = re.compile(rf"\b(\w+)\s*\(\s*{w}\s*\d+\s*\)\s*\1\b", re.IGNORECASE)
    out = []
    for p in pages:
        for m in dangling.finditer(p.body_text):
            out.append(
                f"page {p.index + 1}: page reference without a number: "
                f"…{p.body_text[max(0, m.start() - 40) : m.end() + 20]}…"
            )
        for m in doubled.finditer(p.body_text):
            out.append(f"page {p.index + 1}: word doubled around a page reference: {m.group(0)!r}")
    return out


def contact_sheet(pages: list[Page], out: Path, cols: int = 10, thumb_w: int = 120) -> Path:
    """A grid of page thumbnails with a thin frame, page numbers in reading order."""
    from PIL import Image, ImageDraw

    if not pages:
        raise ValueError(f"no pages for {out}")
    thumb_h = round(thumb_w * pages[0].height / pages[0].width)
    rows = -(-len(pages) // cols)
    pad = 14
    sheet = Image.new(
        "RGB", (cols * (thumb_w + pad) + pad, rows * (thumb_h + pad + 10) + pad), "#9aa0a6"
    )
    draw = ImageDraw.Draw(sheet)
    for p in pages:
        r, c = divmod(p.index, cols)
        x, y = pad + c * (thumb_w + pad), pad + r * (thumb_h + pad + 10)
        sheet.paste(p.image.convert("RGB").resize((thumb_w, thumb_h)), (x, y))
        draw.text((x, y + thumb_h + 1), str(p.index + 1), fill="black")
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    WRITTEN.append(out)
    return out
