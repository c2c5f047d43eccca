"""A reading PDF rendered in parts: the front matter and each chapter are separate WeasyPrint
documents, merged into one PDF with pikepdf.

Why: WeasyPrint lays out a whole book at once, so a one-word fix in one chapter rendered the
whole book again (23.8 s of a 41 s French edit).  Rendered apart, only the parts whose HTML,
first page number or page references changed are rendered again; the others come from a store
of part PDFs keyed by the digest of their exact input.

How a part is made (pure functions, tested in ``test_pdf_parts.py``):

- ``split``: the prepared print HTML (``pdf.prepare_print_html``) becomes one tree per part,
  each with the book's ``<head>`` and skeleton.  A link to an anchor in another part goes out as
  a ``pdfpart:`` URI, which ``merge`` turns back into a link to the named destination.
- ``fill``: every page reference (``a.page-ref``, the contents) gets its number as
  ``data-page``, which ``page.css`` and ``print.css`` print with ``attr()`` instead of
  ``target-counter()``; the part's first page number and running book title are set in CSS.

``render_book`` iterates: numbers come from the parts' page maps (which anchor is on which page
of its part), and a part is rendered again until its numbers and first page agree with the
others.  A cold build renders each part whose references point forward twice (the first time
only laid out, with a placeholder number); an edit renders the changed chapter once.
A part's bytes depend only on its input, so an incremental build writes the bytes of a cold
one whenever the numbers settle in the same state, as they do when the text around them does not
reflow with a number's width (tested on the fixture: ``tests/test_pdf_parts.py``).
``merge_fonts`` then gives each face one font again (the parts each embed their own subsets).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import lxml.html
from lxml import etree

PART_SCHEME = "pdfpart:"
# Stands for a page number not known yet: a cold build lays a part out with it once, to learn the
# part's length.  Two digits, like most numbers a reference gets, so lengths rarely change.
PLACEHOLDER = "99"
MAX_ROUNDS = 6


@dataclass
class Part:
    key: str  # "front", or the chapter section's id
    tree: etree._ElementTree
    ids: set[str] = field(default_factory=set)  # anchors this part holds
    starts_right: bool = True  # a chapter starts on a right-hand page (print.css)


def _ids(el) -> set[str]:
    return {e.get("id") for e in el.iter() if isinstance(e.tag, str) and e.get("id")}


def split(html_text: str) -> list[Part]:
    """The front matter (cover, title page, imprint, contents) and each chapter, as separate trees
    with the book's head and skeleton.  (Sphinx's label before a chapter is already inside the
    chapter's heading: ``pdf.anchors_into_blocks``.)"""
    tree = lxml.html.document_fromstring(html_text).getroottree()
    chapters = tree.xpath("//section[contains(concat(' ', @class, ' '), ' chapter ')]")
    parts = []

    front = copy.deepcopy(tree)
    for doc in front.xpath("//body/div[contains(@class, 'document')]"):
        doc.getparent().remove(doc)
    parts.append(Part("front", front, _ids(front.getroot().find("body")), starts_right=False))

    for keep in range(len(chapters)):
        t = copy.deepcopy(tree)
        for block in t.xpath("//body/section | //body/nav"):
            block.getparent().remove(block)
        for i, chapter in enumerate(
            t.xpath("//section[contains(concat(' ', @class, ' '), ' chapter ')]")
        ):
            if i != keep:
                chapter.getparent().remove(chapter)
        for wrapper in t.xpath(
            "//div[contains(@class, 'toctree-wrapper')][not(.//section)][not(normalize-space())]"
        ):
            wrapper.getparent().remove(wrapper)
        t.getroot().set("class", (t.getroot().get("class", "") + " book-part").strip())
        chapter = t.xpath("//section[contains(concat(' ', @class, ' '), ' chapter ')]")[0]
        parts.append(Part(chapters[keep].get("id") or f"chapter-{keep}", t, _ids(chapter)))

    # Links between parts: out as pdfpart: URIs (WeasyPrint drops a link to an anchor it does
    # not have), back to named destinations in merge().
    for part in parts:
        for a in part.tree.iter("a"):
            href = a.get("href", "")
            if href.startswith("#") and href[1:] not in part.ids:
                a.set("href", PART_SCHEME + href[1:])
    return parts


def references(part: Part) -> list[etree._Element]:
    """The links that print the page number of their target (``a.page-ref``, the contents)."""
    return part.tree.xpath(
        "//a[contains(concat(' ', @class, ' '), ' page-ref ')] | //nav[contains(@class,"
        " 'print-toc')]//a"
    )


def target(a) -> str:
    href = a.get("href", "")
    return unquote(href[len(PART_SCHEME) :]) if href.startswith(PART_SCHEME) else href[1:]


def book_title(tree) -> str:
    el = tree.find(".//p[@class='tp-series']")
    return " ".join(el.text_content().split()) if el is not None else ""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def fill(part: Part, numbers: dict[str, int | None], first_page: int, title: str) -> str:
    """The part's HTML with its page numbers written in (unknown: ``PLACEHOLDER``) and its first
    page number and running book title set."""
    for a in references(part):
        n = numbers.get(target(a))
        a.set("data-page", PLACEHOLDER if n is None else str(n))
    head = part.tree.find(".//head")
    for old in head.findall("style[@id='book-part']"):
        head.remove(old)
    if part.key != "front":
        style = etree.SubElement(head, "style", id="book-part")
        # counter-reset on the first page: WeasyPrint shows that number on it.
        style.text = (
            f"@page :first {{ counter-reset: page {first_page}; }}\n"
            f"html {{ string-set: booktitle {_css_string(title)}; }}\n"
        )
    return "<!DOCTYPE html>\n" + lxml.html.tostring(part.tree.getroot(), encoding="unicode")


def is_right(page: int, rtl: bool) -> bool:
    """Page 1 is a right-hand page in a left-to-right book, a left-hand one in a right-to-left
    book (WeasyPrint's first page side)."""
    return (page % 2 == 1) != rtl


def first_pages(parts: list[Part], lengths: list[int | None], rtl: bool) -> list[int | None]:
    """Each part's first page number, from the lengths of the parts before it (``None`` once one
    is unknown).  A part that starts on a right-hand page skips a blank page if needed."""
    out: list[int | None] = []
    nxt: int | None = 1
    for part, length in zip(parts, lengths, strict=True):
        if nxt is not None and part.starts_right and not is_right(nxt, rtl):
            nxt += 1
        out.append(nxt)
        nxt = None if nxt is None or length is None else nxt + length
    return out


def page_numbers(
    parts: list[Part], starts: list[int | None], anchors: list[dict[str, int] | None]
) -> dict[str, int | None]:
    """The page number of every anchor: its part's first page plus its page within the part
    (the first part that holds it wins, as in WeasyPrint)."""
    out: dict[str, int | None] = {}
    for part, start, where in zip(parts, starts, anchors, strict=True):
        for anchor in part.ids:
            if anchor in out and out[anchor] is not None:
                continue
            out[anchor] = (
                None
                if start is None or where is None or anchor not in where
                else (start + where[anchor])
            )
    return out


# --------------------------------------------------------------------------- rendering


def _layout(html_text: str, base_url: str):
    from weasyprint import HTML  # imported late: costly, and only PDF jobs need it

    return HTML(string=html_text, base_url=base_url).render()


def _page_map(doc) -> dict[str, int]:
    where: dict[str, int] = {}
    for i, page in enumerate(doc.pages):
        for name in page.anchors:
            where.setdefault(name, i)
    return where


def render_book(
    prepared: Path,
    out: Path,
    store: Path,
    salt: str,
    rtl: bool,
    ident: bytes,
    variant: str | None = "pdf/ua-1",
) -> tuple[int, int]:
    """Render the book at *prepared* to *out* in parts; return (pages, parts rendered).

    *store* keeps the part PDFs of the last build, named by the digest of their input
    (*salt*: everything else that decides their bytes: style sheets, fonts, code)."""
    parts = split(prepared.read_text(encoding="utf-8"))
    title = book_title(parts[0].tree)
    base_url = prepared.parent.as_uri() + "/"
    store.mkdir(parents=True, exist_ok=True)
    state_file = store / "state.json"
    try:
        previous = json.loads(state_file.read_text())
    except (OSError, ValueError):
        previous = {}

    # Per part: digest of the input it was last rendered from, its length, its page map, and
    # whether that input was final (no placeholder), i.e. whether a PDF of it exists.
    known: list[dict | None] = [None] * len(parts)

    def guess(i):
        return known[i] or previous.get(parts[i].key)

    rendered = 0
    for _round in range(MAX_ROUNDS):
        changed = False
        for i, part in enumerate(parts):
            infos = [guess(j) for j in range(len(parts))]
            starts = first_pages(parts, [g and g["pages"] for g in infos], rtl)
            numbers = page_numbers(parts, starts, [g and g["anchors"] for g in infos])
            wanted = {target(a): numbers.get(target(a)) for a in references(part)}
            final = starts[i] is not None and None not in wanted.values()
            html_text = fill(part, wanted, starts[i] or 1, title)
            digest = hashlib.sha256(f"{salt}\0{html_text}".encode()).hexdigest()
            if known[i] is not None and known[i]["digest"] == digest:
                continue
            changed = True
            pdf_path = store / f"{digest}.pdf"
            meta_path = store / f"{digest}.json"
            if final and pdf_path.is_file() and meta_path.is_file():
                known[i] = json.loads(meta_path.read_text())
                continue
            doc = _layout(html_text, base_url)
            rendered += 1
            info = {
                "digest": digest,
                "pages": len(doc.pages),
                "anchors": _page_map(doc),
                "final": final,
            }
            if final:
                tmp = pdf_path.with_suffix(".pdf.tmp")
                doc.write_pdf(
                    str(tmp),
                    pdf_variant=variant,
                    pdf_identifier=ident,
                    pdf_tags=True,
                    uncompressed_pdf=False,
                )
                tmp.replace(pdf_path)
                meta_path.write_text(json.dumps(info, sort_keys=True))
            known[i] = info
        if not changed and all(k and k["final"] for k in known):
            break
    else:
        raise RuntimeError(
            f"{prepared}: the page numbers of its parts did not settle in {MAX_ROUNDS} rounds"
        )

    lengths = [k["pages"] for k in known]
    starts = first_pages(parts, lengths, rtl)
    total = merge([store / f"{k['digest']}.pdf" for k in known], starts, out, ident)
    state_file.write_text(
        json.dumps({p.key: k for p, k in zip(parts, known, strict=True)}, sort_keys=True)
    )
    keep = {f"{k['digest']}.{ext}" for k in known for ext in ("pdf", "json")} | {"state.json"}
    for f in store.iterdir():
        if f.name not in keep:
            f.unlink()
    return total, rendered


# --------------------------------------------------------------------------- merging


def merge(part_pdfs: list[Path], starts: list[int], out: Path, ident: bytes) -> int:
    """One PDF from the parts: pages (with blank pages where a part starts on a right-hand page),
    one structure tree under one Document element, named destinations, bookmarks, and links
    between parts turned into links to named destinations.  The catalogue's language, metadata
    and viewer preferences come from the first part (all parts share the book's head)."""
    import pikepdf  # noqa: PLC0415

    sources = [pikepdf.open(p) for p in part_pdfs]  # open until saved: streams copy lazily
    first = sources[0]
    pdf = pikepdf.new()
    root = pdf.Root
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in first.Root:
            root[key] = _copy(pdf, first.Root[key])
    pdf.docinfo = _copy(pdf, first.docinfo)

    struct_root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    first_doc = _documents(first.Root.StructTreeRoot)[0]
    document = pikepdf.Dictionary(
        {k: _copy(pdf, v) for k, v in first_doc.items() if k not in ("/K", "/P")}
    )
    document.P = struct_root
    document.K = pikepdf.Array()
    document = pdf.make_indirect(document)
    struct_root.K = pikepdf.Array([document])

    parent_tree: list[tuple[int, object]] = []
    dests: dict[str, object] = {}
    bookmarks = []
    next_key = 0
    page_no = 0
    for src, start in zip(sources, starts, strict=True):
        while page_no + 1 < start:  # a blank left-hand page before a chapter
            size = pdf.pages[-1].obj
            box = [float(x) for x in size.MediaBox]
            blank = pdf.add_blank_page(page_size=(box[2] - box[0], box[3] - box[1]))
            for box in ("/MediaBox", "/BleedBox", "/TrimBox", "/CropBox", "/ArtBox"):
                if box in size:
                    blank.obj[box] = pikepdf.Array(list(size[box]))
            page_no += 1
        first_index = len(pdf.pages)
        with warnings.catch_warnings():  # named destinations: copied below, with the outline
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            pdf.pages.extend(src.pages)
        key_base = next_key
        for page in pdf.pages[first_index:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + key_base
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + key_base
                action = annot.get("/A")
                if action is not None and str(action.get("/URI", "")).startswith(PART_SCHEME):
                    name = unquote(str(action.URI)[len(PART_SCHEME) :])
                    del annot["/A"]
                    annot.Dest = pikepdf.String(name)
                    if "/Contents" in annot:
                        annot.Contents = pikepdf.String(name)
        page_no += len(src.pages)

        tree = src.Root.StructTreeRoot
        for doc in _documents(tree):
            kids = doc.K if isinstance(doc.K, pikepdf.Array) else [doc.K]
            for kid in kids:
                local = _copy(pdf, kid)
                if isinstance(local, pikepdf.Dictionary):
                    local.P = document
                document.K.append(local)
        # Elements WeasyPrint parents to the Document without listing them among its kids
        # (the running heads' NonStruct) are found from the parent tree, up their /P chain.
        part_documents = {_copy(pdf, doc).objgen for doc in _documents(tree)}
        climbed: set = set()
        top = -1
        for key, value in pikepdf.NumberTree(tree.ParentTree).items():
            local = _copy(pdf, value)
            for elem in local if isinstance(local, pikepdf.Array) else [local]:
                while isinstance(elem, pikepdf.Dictionary) and elem.get("/P") is not None:
                    if elem.objgen in climbed:
                        break
                    climbed.add(elem.objgen)
                    if elem.P.objgen in part_documents:
                        elem.P = document
                        break
                    elem = elem.P
            parent_tree.append((key + key_base, local))
            top = max(top, key)
        next_key = key_base + max(top + 1, int(tree.get("/ParentTreeNextKey", 0)))

        if "/Names" in src.Root and "/Dests" in src.Root.Names:
            for name, dest in pikepdf.NameTree(src.Root.Names.Dests).items():
                dests.setdefault(name, _copy(pdf, dest))

        offsets = {p.objgen: first_index + n for n, p in enumerate(src.pages)}
        with src.open_outline() as outline:
            bookmarks.extend(_copy_items(outline.root, offsets, pdf))

    struct_root.ParentTree = pdf.make_indirect(
        pikepdf.Dictionary(Nums=pikepdf.Array([x for kv in sorted(parent_tree) for x in kv]))
    )
    struct_root.ParentTreeNextKey = next_key
    root.StructTreeRoot = struct_root
    names = pikepdf.Array()
    for name in sorted(dests):
        names.extend([pikepdf.String(name), dests[name]])
    root.Names = pikepdf.Dictionary(Dests=pdf.make_indirect(pikepdf.Dictionary(Names=names)))
    with pdf.open_outline() as outline:
        outline.root.extend(bookmarks)

    merge_fonts(pdf)
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(ident), pikepdf.String(ident)])
    tmp = out.with_name(out.name + ".tmp")
    pdf.save(
        tmp,
        min_version=max(s.pdf_version for s in sources),
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    for s in sources:
        s.close()
    os.replace(tmp, out)
    return page_no


def _copy(pdf, obj):
    """*obj* of another PDF, in *pdf*: indirect objects through pikepdf's foreign-object copier
    (one copier per source, so a page and a structure element's /Pg to it stay one object)."""
    import pikepdf  # noqa: PLC0415

    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _copy(pdf, v) for k, v in obj.items()})
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, v) for v in obj])
    return obj


def _documents(struct_tree_root) -> list:
    import pikepdf  # noqa: PLC0415

    k = struct_tree_root.K
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _copy_items(items, offsets, pdf):
    import pikepdf  # noqa: PLC0415

    out = []
    for item in items:
        dest = item.destination
        page = offsets[dest[0].objgen]
        local = pikepdf.Array([pdf.pages[page].obj, *list(dest)[1:]])
        new = pikepdf.OutlineItem(item.title, destination=local)
        new.is_closed = item.is_closed
        new.children.extend(_copy_items(item.children, offsets, pdf))
        out.append(new)
    return out


# --------------------------------------------------------------------------- one font per face
#
# Each part embeds its own subset of each font (the parts of networking-fr: 24 font objects for
# 6 faces, +21 % in bytes).  WeasyPrint subsets with retained glyph ids (HarfBuzz
# RETAIN_GIDS), so a glyph has the same id in every subset of a face, and the subsets merge into
# one font without touching the pages' text: glyphs, widths (/W) and the Unicode map
# (/ToUnicode) are united, and every page points at the one font.


def _face(font) -> str:
    """The face of a subset font: "Atkinson-Hyperlegible" of "/JCZLPB+Atkinson-Hyperlegible"."""
    name = str(font.BaseFont).lstrip("/")
    return name[7:] if len(name) > 7 and name[6] == "+" else ""


def merge_fonts(pdf) -> int:
    """Merge the subsets of each face in *pdf* into one font; return how many fonts went away."""

    groups: dict[str, list] = {}
    seen: set = set()
    for resources in _font_resources(pdf):
        for font in resources.Font.values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            if _mergeable(font):
                groups.setdefault(_face(font), []).append(font)
    replace = {}
    for fonts in groups.values():
        if len(fonts) < 2:
            continue
        _merge_group(pdf, fonts)
        replace.update({f.objgen: fonts[0] for f in fonts[1:]})
    for resources in _font_resources(pdf):
        table = resources.Font
        for name in list(table.keys()):
            if table[name].objgen in replace:
                table[name] = replace[table[name].objgen]
    return len(replace)


def _font_resources(pdf):
    """Every resource dictionary with fonts: pages, and the forms and patterns they draw."""
    import pikepdf  # noqa: PLC0415

    stack = [p.obj.get("/Resources") for p in reversed(pdf.pages)]  # popped in page order
    done = set()
    while stack:
        res = stack.pop()
        if not isinstance(res, pikepdf.Dictionary):
            continue
        if res.is_indirect:
            if res.objgen in done:
                continue
            done.add(res.objgen)
        if isinstance(res.get("/Font"), pikepdf.Dictionary):
            yield res
        for kind in ("/XObject", "/Pattern"):
            for obj in res.get(kind, pikepdf.Dictionary()).values():
                if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and "/Resources" in obj:
                    stack.append(obj.Resources)


def _mergeable(font) -> bool:
    """A TrueType font WeasyPrint embedded as a subset: CIDs are glyph ids."""
    try:
        cid = font.DescendantFonts[0]
        return (
            str(font.Subtype) == "/Type0"
            and str(font.Encoding) == "/Identity-H"
            and str(cid.Subtype) == "/CIDFontType2"
            and str(cid.get("/CIDToGIDMap")) == "/Identity"
            and "/FontFile2" in cid.FontDescriptor
            and "/ToUnicode" in font
            and _face(font) != ""
        )
    except (AttributeError, KeyError, IndexError, TypeError):
        return False


def _widths(array) -> dict[int, float]:
    """A /W array (``c [w …]`` and ``c_first c_last w``) as {cid: width}."""
    import pikepdf  # noqa: PLC0415

    out: dict[int, float] = {}
    items = list(array)
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for n, w in enumerate(items[i + 1]):
                out.setdefault(first + n, float(w))
            i += 2
        else:
            for c in range(first, int(items[i + 1]) + 1):
                out.setdefault(c, float(items[i + 2]))
            i += 3
    return out


def _width_array(widths: dict[int, float]):
    """{cid: width} as a /W array, runs of consecutive CIDs together (as WeasyPrint writes it)."""
    import pikepdf  # noqa: PLC0415

    out = pikepdf.Array()
    run = None
    for cid in sorted(widths):
        if cid - 1 not in widths or run is None:
            run = pikepdf.Array()
            out.extend([cid, run])
        w = widths[cid]
        run.append(int(w) if w == int(w) else w)
    return out


_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def _to_unicode(stream) -> dict[int, str]:
    data = stream.read_bytes()
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for gid, text in _BFCHAR.findall(block):
            out[int(gid, 16)] = text.decode("ascii").lower()
    return out


def _cmap(mapping: dict[int, str]) -> bytes:
    """A /ToUnicode CMap in WeasyPrint's form (bfchar blocks of 100)."""
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo",
        b"<< /Registry (Adobe)",
        b"/Ordering (UCS)",
        b"/Supplement 0",
        b">> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):
        batch = items[i : i + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{gid:04x}> <{text}>".encode() for gid, text in batch)
        lines.append(b"endbfchar")
    lines.extend([b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])
    return b"\n".join(lines)


def _merge_group(pdf, fonts) -> None:
    """Make ``fonts[0]`` hold every glyph, width and Unicode mapping of *fonts*."""
    import io

    import pikepdf  # noqa: PLC0415
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    cids = [f.DescendantFonts[0] for f in fonts]
    per_font = [_widths(cid.get("/W", pikepdf.Array())) for cid in cids]
    widths: dict[int, float] = {}
    for font_widths in per_font:
        for k, v in font_widths.items():
            widths.setdefault(k, v)
    # WeasyPrint maps a glyph to the text of the first cluster it drew it in: the first part (in
    # book order) that has the glyph decides, as in a book rendered whole.  (Taking the shortest
    # text instead cut Arabic ligatures to one letter: 672 paragraphs of the Arabic books were
    # "missing from the PDF" in the consistency check.)
    texts: dict[int, str] = {}
    for font in fonts:
        for gid, text in _to_unicode(font.ToUnicode).items():
            texts.setdefault(gid, text)

    programs = [
        TTFont(io.BytesIO(c.FontDescriptor.FontFile2.read_bytes()), recalcTimestamp=False)
        for c in cids
    ]
    base = max(range(len(programs)), key=lambda i: programs[i]["maxp"].numGlyphs)
    merged = programs[base]
    order = merged.getGlyphOrder()
    glyf, hmtx = merged["glyf"], merged["hmtx"]
    for n, other in enumerate(programs):
        if n == base:
            continue
        other_glyf, other_hmtx = other["glyf"], other["hmtx"]
        for gid, name in enumerate(other.getGlyphOrder()):
            glyph = other_glyf[name]
            mine = order[gid]
            if glyph.numberOfContours == 0 or glyf[mine].numberOfContours != 0:
                if hmtx[mine][0] == 0 and other_hmtx[name][0] != 0:
                    hmtx[mine] = other_hmtx[name]  # an empty glyph that moves (a space)
                continue
            if glyph.isComposite():
                for component in glyph.components:
                    component.glyphName = order[other.getGlyphID(component.glyphName)]
            glyf[mine] = glyph
            hmtx[mine] = other_hmtx[name]
    for table in ("hdmx", "LTSH", "VDMX"):  # per-glyph tables that would not list the new glyphs
        if table in merged:
            del merged[table]
    out = io.BytesIO()
    merged.save(out)
    program = out.getvalue()

    canon, cid = fonts[0], cids[0]
    descriptor = cid.FontDescriptor
    descriptor.FontFile2 = pikepdf.Stream(pdf, program, Length1=len(program))
    cid.W = _width_array(widths)
    box = [float(x) for x in descriptor.FontBBox]
    descriptor.FontBBox = pikepdf.Array([box[0], box[1], max([box[2], *widths.values()]), box[3]])
    biggest = max(range(len(cids)), key=lambda i: len(per_font[i]))
    descriptor.Flags = int(cids[biggest].FontDescriptor.Flags)
    canon.ToUnicode = pikepdf.Stream(pdf, _cmap(texts))
