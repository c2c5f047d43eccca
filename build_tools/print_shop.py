"""Print products: the print-shop PDF, the office booklet, the worksheet pack, preflight.

- ``print_css`` / ``render_print_shop``: PDF/X-4 with 3 mm bleed, crop and
  registration marks, a CMYK output intent (Ghostscript's ``default_cmyk.icc``
  from Debian's libgs-common, the only free CMYK profile the registries
  offer), the cover colour into the bleed, pages padded to a multiple of 4.
- ``impose_booklet``: A5 pages two-up on A4 sheets in printer spreads, for
  duplex printing (flip on the short edge) and folding.
- ``worksheet_pack_html``: the worksheets alone, with fillable fields.
- ``preflight``: what a print shop or an accessibility checker would look at.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import lxml.html

from .l10n.catalogues import ui_format

CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
MM = 72 / 25.4


def print_css(trim: str, colour: str, profile: Path = CMYK_PROFILE) -> str:
    if not profile.exists():
        raise FileNotFoundError(
            f"{profile} is missing: the print-shop PDF needs a CMYK profile; install it with "
            "'apt-get install libgs-common' (make print does this when it can)"
        )
    return (
        f"@color-profile device-cmyk {{ src: url('{profile.as_uri()}'); "
        "components: cyan, magenta, yellow, black; }\n"
        f"@page {{ size: {trim}; bleed: 3mm; marks: crop cross; }}\n"
        f"@page cover {{ background: {colour}; }}\n"
        "section.cover-page img.cover-image { width: calc(100% + 6mm); height: calc(100% + 6mm); "
        "margin: -3mm; max-width: none; }\n"
    )


def _pad(doc, blank_doc, multiple: int = 4):
    pages = list(doc.pages)
    while len(pages) % multiple:
        pages.append(blank_doc.pages[0])
    return doc.copy(pages)


def render_print_shop(html_path: Path, out: Path, extra_css: str, ident: bytes) -> int:
    from weasyprint import CSS, HTML

    # @color-profile rules register into this dict, which render() must share.
    profiles: dict = {}
    css = CSS(string=extra_css, color_profiles=profiles)
    doc = HTML(filename=str(html_path)).render(stylesheets=[css], color_profiles=profiles)
    blank = HTML(string="<html><body></body></html>", base_url=str(html_path)).render(
        stylesheets=[css], color_profiles=profiles
    )
    doc = _pad(doc, blank)
    tmp = out.with_name(out.name + ".tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    # WeasyPrint writes a random uuid4 as the PDF/X-4 XMP DocumentID: the same book gave other bytes
    # on each render.  The document's own identifier (*ident*, 32 hex digits) takes its place.
    with mock.patch("weasyprint.pdf.metadata.uuid4", lambda: uuid.UUID(hex=ident.decode())):
        doc.write_pdf(str(tmp), pdf_variant="pdf/x-4", pdf_identifier=ident)
    tmp.replace(out)
    return len(doc.pages)


def render_a5(html_path: Path, out: Path, ident: bytes) -> int:
    """The book on A5, screen variant, padded to a multiple of 4 (booklet input)."""
    from weasyprint import CSS, HTML

    css = CSS(string="@page { size: A5; margin: 15mm 13mm 17mm 13mm; }")
    doc = HTML(filename=str(html_path)).render(stylesheets=[css])
    blank = HTML(string="<html><body></body></html>").render(stylesheets=[css])
    doc = _pad(doc, blank)
    doc.write_pdf(str(out), pdf_identifier=ident)
    return len(doc.pages)


def booklet_order(n: int, rtl: bool = False) -> list[tuple[int, int]]:
    """(left, right) page indexes for each sheet side, saddle-stitched.

    For n pages (a multiple of 4), sheet k has on its front the pages n-1-2k and
    2k, and on its back 2k+1 and n-2-2k.  A right-to-left book is bound on the
    right, so left and right swap."""
    assert n % 4 == 0, n
    sides = []
    for k in range(n // 4):
        sides.append((n - 1 - 2 * k, 2 * k))
        sides.append((2 * k + 1, n - 2 - 2 * k))
    return [(right, left) for left, right in sides] if rtl else sides


def impose_booklet(a5_pdf: Path, out: Path, rtl: bool = False) -> int:
    import pikepdf

    src = pikepdf.open(str(a5_pdf))
    n = len(src.pages)
    dst = pikepdf.new()
    width, height = 842 * 1.0, 595 * 1.0  # A4 landscape, points (rounded like PDF viewers)
    for left, right in booklet_order(n, rtl):
        page = dst.add_blank_page(page_size=(width, height))
        for index, x0 in ((left, 0), (right, width / 2)):
            form = dst.copy_foreign(src.pages[index].as_form_xobject())
            # Named here: pikepdf's default names are random, so each booklet had other bytes.
            name = page.add_resource(form, pikepdf.Name.XObject, name=pikepdf.Name(f"/P{index}"))
            mb = [float(v) for v in src.pages[index].mediabox]
            sx = (width / 2) / (mb[2] - mb[0])
            sy = height / (mb[3] - mb[1])
            s = min(sx, sy)
            page.contents_add(
                pikepdf.Stream(dst, f"q {s:.5f} 0 0 {s:.5f} {x0:.3f} 0 cm {name} Do Q".encode()),
                prepend=False,
            )
    dst.docinfo["/Title"] = src.docinfo.get("/Title", "")
    if "/Lang" in src.Root:
        dst.Root.Lang = src.Root.Lang
    tmp = out.with_name(out.name + ".tmp")
    dst.save(str(tmp), deterministic_id=True, static_id=True)
    tmp.replace(out)
    return len(dst.pages)


def pack_title(book: str, ui) -> str:
    """The title of a book's worksheet pack.  The whole pattern is one message,
    so its punctuation belongs to the translator: French sets a no-break space
    before the colon ("Fiches: …" on the French pack, edition 2)."""
    return ui_format(ui, "%(book)s: Worksheets", {"book": book})


def worksheet_pack_html(print_html: str, title: str) -> str:
    """Only the worksheets, with form fields where the printed sheet has lines or boxes."""
    tree = lxml.html.document_fromstring(print_html)
    body = tree.find(".//body")
    book = " ".join(tree.xpath("string(//p[contains(@class,'tp-title')])").split())
    sheets = tree.xpath("//section[contains(concat(' ', @class, ' '), ' worksheet ')]")
    for el in list(body):
        body.remove(el)
    for old in tree.xpath("//head/title"):
        old.text = title  # the PDF's /Title, shown in the window (PDF/UA)
    head = lxml.html.Element("section", {"class": "title-page pack-title"})
    h = lxml.html.Element("p", {"class": "tp-title"})
    h.text = title
    head.append(h)
    body.append(head)
    for sheet in sheets:
        sheet.set("class", sheet.get("class", "") + " chapter")
        for h2 in sheet.iter("h2"):
            h2.tag = "h1"
        body.append(sheet)
    cite_outside_pack(tree, book)
    n = 0
    labels = {span: field_label(span) for span in tree.xpath("//span[contains(@class,'fill')]")}
    for span, label in labels.items():
        n += 1
        lines = int(re.search(r"--lines:\s*(\d+)", span.get("style", "") or "--lines: 1").group(1))
        if lines == 1:
            field = lxml.html.Element(
                "input", {"type": "text", "name": f"f{n}", "class": "fill-field", "title": label}
            )
        else:
            field = lxml.html.Element(
                "textarea",
                {
                    "name": f"f{n}",
                    "rows": str(lines),
                    "class": "fill-field",
                    "title": label,
                    "style": f"height: {lines * 8}mm",
                },
            )
        span.getparent().replace(span, field)
    for li in tree.xpath("//ul[contains(@class,'checklist')]/li"):
        n += 1
        box = lxml.html.Element(
            "input",
            {"type": "checkbox", "name": f"c{n}", "class": "check-field", "title": _text(li)},
        )
        # Inside the item's first paragraph, so the box sits on the same line as its text.
        first = li.find("p")
        target = first if first is not None else li
        box.tail = (" " + target.text) if target.text else " "
        target.text = None
        target.insert(0, box)
        li.set("class", (li.get("class") or "") + " has-box")
    style = lxml.html.Element("style")
    style.text = (
        "ul.checklist > li.has-box::before { display: none; } "
        "input.check-field { display: inline-block; vertical-align: middle; "
        "width: 4mm; height: 4mm; margin-inline-end: 2mm; } "
        "section.worksheet { break-before: page; }"
    )
    tree.find(".//head").append(style)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(tree, encoding="unicode")


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def field_label(span) -> str:
    """What to write in a field, for its tooltip (/TU: what a screen reader
    announces): column and row of a table cell, the words around the field
    in a line ("Segment:"), or the sentence before a numbered blank line."""
    cell = next(span.iterancestors("td", "th"), None)
    if cell is not None:
        row = cell.getparent()
        col = row.index(cell)
        head = cell.xpath("ancestor::table[1]/thead/tr[1]/*")
        column = _text(head[col]) if col < len(head) else ""
        row_label = _text(row[0]).rstrip(" :：") if col else ""
        return " — ".join(t for t in (column, row_label) if t)
    block = next(span.iterancestors("p", "li", "dd"), None)
    own = _text(block).rstrip(" :：") if block is not None else ""
    if own:
        return own
    item = next(span.iterancestors("li"), None)
    if item is not None:
        lst = item.getparent()
        intro = lst.getprevious()
        number = str(lst.index(item) + 1)
        return f"{_text(intro).rstrip(' :：')} {number}".strip() if intro is not None else number
    sheet = next(span.iterancestors("section"), None)
    return _text(sheet.find("h1")) if sheet is not None else ""


def cite_outside_pack(tree, book: str) -> None:
    """A page reference to a chapter that the pack leaves out has no page to
    count ("See Getting ready (page for the background."): it becomes plain
    text with the book as citation, "Getting ready (Diaspora Fundraising)"."""
    ids = set(tree.xpath("//@id"))
    for a in tree.xpath("//a[@href]"):
        href = a.get("href")
        if not href.startswith("#") or href[1:] in ids:
            continue
        a.tag = "span"
        for attr in ("href", "class"):
            a.attrib.pop(attr, None)
        if book:
            a.tail = f" ({book})" + (a.tail or "")


def render_forms(html: str, base: Path, out: Path, ident: bytes) -> int:
    from weasyprint import HTML

    doc = HTML(string=html, base_url=str(base)).render(
        pdf_forms=True
    )  # fields are laid out at render time
    tmp = out.with_name(out.name + ".tmp")
    # Tagged like the screen PDF: WeasyPrint puts each field in the structure
    # tree as a /Form element at its place in the text (reading order).
    doc.write_pdf(
        str(tmp), pdf_forms=True, pdf_identifier=ident, pdf_variant="pdf/ua-1", pdf_tags=True
    )
    tmp.replace(out)
    return len(doc.pages)


# --------------------------------------------------------------------------- preflight


@dataclass
class Issue:
    path: Path
    page: int
    message: str

    def __str__(self) -> str:
        where = f" page {self.page}" if self.page else ""
        return f"{self.path.name}{where}: {self.message}"


def preflight(path: Path, kind: str) -> tuple[dict, list[Issue]]:
    """Figures and findings for one PDF.  *kind*: screen, print, booklet or forms."""
    import pikepdf

    issues: list[Issue] = []
    pdf = pikepdf.open(str(path))
    meta = pdf.open_metadata()
    root = pdf.Root
    facts = {
        "file": path.name,
        "kind": kind,
        "version": pdf.pdf_version,
        "pages": len(pdf.pages),
        "variant": (meta.get("pdfuaid:part") and f"PDF/UA-{meta.get('pdfuaid:part')}")
        or (
            meta.get("pdfxid:GTS_PDFXVersion")
            or str(pdf.docinfo.get("/GTS_PDFXVersion", ""))
            or "-"
        ),
        "lang": str(root.get("/Lang", "")),
        "title": str(pdf.docinfo.get("/Title", "")),
    }
    unembedded = set()
    for i, page in enumerate(pdf.pages, 1):
        fonts = page.get("/Resources", {}).get("/Font", {})
        for _name, font in fonts.items():
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font.DescendantFonts[0].get("/FontDescriptor")
            if desc is not None and not any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                unembedded.add(str(desc.get("/FontName")))
        if kind == "print":
            trim, bleed = page.get("/TrimBox"), page.get("/BleedBox")
            if trim is None or bleed is None:
                issues.append(
                    Issue(path, i, "no TrimBox/BleedBox; set @page bleed in the print CSS")
                )
            else:
                widths = [abs(float(bleed[j]) - float(trim[j])) for j in range(4)]
                if any(abs(w - 3 * MM) > 0.5 for w in widths):
                    issues.append(
                        Issue(
                            path, i, f"bleed is {[round(w / MM, 1) for w in widths]} mm, not 3 mm"
                        )
                    )
        # Recursive: a page drawn through form XObjects (the booklet's) still shows its images.
        for _n, img in page.get_images().items():
            w = int(img.get("/Width", 0))
            if w and kind == "print" and w < 300:
                issues.append(
                    Issue(
                        path,
                        i,
                        f"raster image {w} px wide: check it reaches 300 ppi at placed size",
                    )
                )
    for name in sorted(unembedded):
        issues.append(
            Issue(path, 0, f"font {name} is not embedded; use a font from the fontpkg packages")
        )
    if kind == "print":
        if len(pdf.pages) % 4:
            issues.append(
                Issue(path, 0, f"{len(pdf.pages)} pages, not a multiple of 4 (saddle stitching)")
            )
        if "/OutputIntents" not in root:
            issues.append(Issue(path, 0, "no output intent; PDF/X needs one (CMYK profile)"))
    if kind in ("screen", "forms"):
        if facts["variant"] != "PDF/UA-1":
            issues.append(
                Issue(
                    path,
                    0,
                    f"variant {facts['variant']}, not PDF/UA-1; render with pdf_variant='pdf/ua-1'",
                )
            )
        if "/StructTreeRoot" not in root:
            issues.append(Issue(path, 0, "no tags; render with pdf/ua-1"))
        if not facts["lang"]:
            issues.append(Issue(path, 0, "no document language (/Lang); set lang on <html>"))
        if (
            not facts["title"]
            or root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True
        ):
            issues.append(
                Issue(path, 0, "title missing or not shown in the window (DisplayDocTitle)")
            )
        figures = _count_struct(root, "/Figure")
        alts = _count_struct(root, "/Figure", with_alt=True)
        facts["figures"], facts["figures_with_alt"] = figures, alts
        if figures != alts:
            issues.append(
                Issue(path, 0, f"{figures - alts} of {figures} figures have no alternative text")
            )
    if kind == "forms":
        fields = list(root.get("/AcroForm", {}).get("/Fields", []))
        facts["fields"] = len(fields)
        if not fields:
            issues.append(Issue(path, 0, "no form fields; render with pdf_forms"))
        unnamed = [
            str(f.get("/T", ""))
            for f in fields
            if str(f.get("/TU", "")) in ("", str(f.get("/T", "")))
        ]
        if unnamed:
            issues.append(
                Issue(
                    path,
                    0,
                    f"{len(unnamed)} fields have no tooltip (/TU) saying what to write "
                    f"(first: {unnamed[0]}); give the input a title (print_shop.field_label)",
                )
            )
        tagged = _count_struct(root, "/Form")
        facts["fields_tagged"] = tagged
        if tagged != len(fields):
            issues.append(
                Issue(
                    path,
                    0,
                    f"{tagged} of {len(fields)} fields in the structure tree; "
                    "render with pdf_tags and pdf/ua-1",
                )
            )
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages, 1)}
        places = [
            (pages.get(w.get("/P").objgen, 0), max(float(w.Rect[1]), float(w.Rect[3])))
            for w in _struct_forms(root)
            if w.get("/P") is not None
        ]
        # In reading order a field is on a later page, or not more than a line
        # (24 pt) above the one before (cells of a table row may start lower).
        back = next(
            (
                i
                for i in range(1, len(places))
                if places[i][0] < places[i - 1][0]
                or places[i][0] == places[i - 1][0]
                and places[i][1] > places[i - 1][1] + 24
            ),
            None,
        )
        if back is not None:
            issues.append(
                Issue(
                    path,
                    places[back][0],
                    "form fields out of reading order in the structure "
                    "tree (a field above an earlier one)",
                )
            )
    return facts, issues


def _struct_forms(root) -> list:
    """The widget annotations of /Form structure elements, in structure-tree (reading) order."""
    import pikepdf

    out = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/Type") == "/OBJR" and node.get("/Obj") is not None:
                if node.Obj.get("/Subtype") == "/Widget":
                    out.append(node.Obj)
            elif "/K" in node:
                walk(node.K)

    walk(root.get("/StructTreeRoot", pikepdf.Dictionary()))
    return out


def _count_struct(root, tag: str, with_alt: bool = False) -> int:
    """Structure elements of type *tag* (with /Alt if asked), walking the tag tree."""
    import pikepdf

    tree = root.get("/StructTreeRoot")
    count, todo, seen = 0, [tree] if tree is not None else [], set()
    while todo:
        node = todo.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.objgen != (0, 0):
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if node.get("/S") == tag and (not with_alt or "/Alt" in node):
            count += 1
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            todo.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            todo.append(kids)
    return count
