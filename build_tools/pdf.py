"""PDF: everything PDF-specific after Sphinx has written one HTML file per book.

``prepare_print_html`` chains small pure functions over the HTML tree
(cover, title page, imprint, table of contents, page references, metadata);
``render`` hands the result to WeasyPrint with ``styles/print/``.
"""

from __future__ import annotations

import hashlib
import html as htmlmod

import lxml.html
from lxml import etree


def _el(tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.Element(tag, **{k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text:
        el.text = text
    return el


def set_language(tree, meta: dict):
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    root.set("lang", meta["lang"])
    root.set("dir", meta["dir"])
    return tree


def set_metadata(tree, meta: dict):
    """Document metadata that WeasyPrint writes into the PDF's info and XMP."""
    head = tree.find(".//head")
    for el in head.findall("title"):
        head.remove(el)
    head.insert(0, _el("title", meta["title"]))
    for name, content in [
        ("author", meta["author"]),
        ("description", meta["subtitle"]),
        ("keywords", ", ".join(meta["keywords"])),
        ("generator", f"{meta['series_name']} build_tools"),
        ("dcterms.created", meta["date_iso"]),
        ("dcterms.modified", meta["date_iso"]),
    ]:
        for old in head.findall(f"meta[@name='{name}']"):
            head.remove(old)
        head.append(_el("meta", name=name, content=content))
    return tree


def flatten_book(tree):
    """Sphinx nests every chapter inside the toolkit's title section (h1), so
    chapters come out as h2.  The title moves to the title page; headings
    move up one level, so chapters are h1 again (PDF/UA heading order and bookmarks)."""
    main = tree.find(".//div[@class='body']")
    root = main.find("section") if main is not None else None
    if root is None:
        return tree
    for child in list(root):
        if child.tag == "h1" or "subtitle" in (child.get("class") or ""):
            root.remove(child)
    for level in range(2, 7):
        for h in tree.iter(f"h{level}"):
            h.tag = f"h{level - 1}"
    return tree


def mark_chapters(tree):
    """Each document of the book starts a chapter: a new right-hand page and a running head."""
    for section in tree.iter("section"):
        heading = next(
            (c for c in section if isinstance(c.tag, str) and c.tag.startswith("h")), None
        )
        if heading is not None and heading.tag == "h1":
            section.set("class", (section.get("class", "") + " chapter").strip())
    return tree


def page_references(tree):
    """In print, a link to a section also says on which page it is (CSS target-counter)."""
    for a in tree.iter("a"):
        href = a.get("href", "")
        cls = a.get("class", "")
        if not href.startswith("#") or "internal" not in cls or "headerlink" in cls:
            continue
        child = a[0] if len(a) else None
        if child is not None and "std-ref" in child.get("class", ""):
            a.set("class", cls + " page-ref")
    return tree


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def anchors_into_blocks(tree):
    """Sphinx writes a label as an empty ``<span id>`` before its heading.  In
    print that span is a block of its own (an empty line box) between a heading
    and the next one, where break-after: avoid no longer holds: "4.3.
    Recommandations" ended page 57 of networking-fr.pdf alone.  The anchor moves
    into the heading or paragraph it labels; links and page references still find it.

    Before a chapter (the ``document-…`` label of the single page) the span moves into the
    chapter's heading: left before the chapter's break to a right-hand page, its empty line
    took a page of its own, numbered and otherwise empty (page 7 of networking-fr.pdf, and
    again after a chapter that filled its last page)."""
    for span in tree.xpath("//span[@id][not(node())]"):
        nxt = span.getnext()
        if nxt is not None and nxt.tag == "section":
            nxt = next((c for c in nxt if c.tag in HEADINGS), None)
        if nxt is None or nxt.tag not in (*HEADINGS, "p") or (span.tail or "").strip():
            continue
        span.getparent().remove(span)  # keeps a whitespace tail out of the way: none before a block
        span.tail = nxt.text
        nxt.text = None
        nxt.insert(0, span)
    return tree


def keep_with_next(tree):
    """A short lead-in ("Community spaces", "Our top three channels:") stays on
    the page of the table or list it introduces (CSS: p.keep-with-next)."""
    for p in tree.iter("p"):
        nxt = p.getnext()
        text = " ".join("".join(p.itertext()).split())
        if nxt is not None and nxt.tag in ("table", "ul", "ol", "dl") and 0 < len(text) <= 100:
            p.set("class", (p.get("class", "") + " keep-with-next").strip())
    return tree


def front_matter(
    tree, meta: dict, labels: dict, cover_uri: str, toc_entries: list[tuple[str, str, int]]
):
    """Cover, title page, imprint and contents, in that order, before the first chapter."""
    body = tree.find(".//body")
    blocks = []

    cover = _el("section", class_="cover-page")
    cover.append(
        _el("img", src=cover_uri, alt=f"{meta['title']} — {meta['subtitle']}", class_="cover-image")
    )
    blocks.append(cover)

    title = _el("section", class_="title-page")
    title.append(_el("p", meta["series_name"], class_="tp-series"))
    title.append(_el("p", meta["title"], class_="tp-title"))
    title.append(_el("p", meta["subtitle"], class_="tp-subtitle"))
    title.append(_el("p", labels["edition_line"], class_="tp-edition"))
    if labels.get("partial"):
        title.append(_el("p", labels["partial"], class_="partial-notice"))
    blocks.append(title)

    imprint = _el("section", class_="imprint-page")
    for line in labels["imprint_lines"]:
        imprint.append(_el("p", line))
    blocks.append(imprint)

    toc = _el("nav", class_="print-toc", role="doc-toc")
    toc.append(_el("p", labels["contents"], class_="toc-title"))
    ul = _el("ul")
    for href, text, level in toc_entries:
        li = _el("li", class_=f"toc-level-{level}")
        li.append(_el("a", text, href=href))
        ul.append(li)
    toc.append(ul)
    blocks.append(toc)

    for i, block in enumerate(blocks):
        body.insert(i, block)
    return tree


def toc_entries(tree) -> list[tuple[str, str, int]]:
    """(href, text, level) for every chapter heading and numbered section."""
    out = []
    for section in tree.iter("section"):
        sid = section.get("id")
        heading = next((c for c in section if c.tag in ("h1", "h2")), None)
        if not sid or heading is None:
            continue
        level = int(heading.tag[1])
        text = " ".join("".join(t for t in heading.itertext() if t != "¶").split())
        if level == 2 and not any(
            "section-number" in (s.get("class") or "") for s in heading.iter("span")
        ):
            continue  # only numbered sections below chapter level
        out.append((f"#{sid}", text, level))
    return out


def fix_single_page_links(tree):
    """Sphinx's single page writes "#document-<doc>#<anchor>", which is not a
    valid fragment; keep the anchor so links, target-counter() and PDF link
    annotations find their target."""
    for a in tree.iter("a"):
        href = a.get("href", "")
        if href.startswith("#document-") and "#" in href[1:]:
            a.set("href", "#" + href.rsplit("#", 1)[1])
    return tree


def strip_site_only(tree):
    for a in tree.xpath("//a[contains(@class,'headerlink')]"):
        a.getparent().remove(a)
    for span in tree.xpath("//span[contains(@class,'term-tip')]"):
        span.getparent().remove(span)
    return tree


LRI, PDI = "\u2066", "\u2069"


def isolate_ltr_runs(tree):
    """Right-to-left books: WeasyPrint ignores ``unicode-bidi`` and ``<bdi>``, so
    each left-to-right run (``bdi`` from ``extensions/bidi.py``, an English
    fallback inside a line) gets the Unicode isolates LRI … PDI, which Pango's
    bidi algorithm honours."""
    for el in tree.xpath("//bdi | //span[contains(concat(' ', @class, ' '), ' untranslated ')]"):
        el.text = LRI + (el.text or "")
        if len(el):
            el[-1].tail = (el[-1].tail or "") + PDI
        else:
            el.text += PDI
    return tree


def prepare_print_html(
    html_text: str, meta: dict, labels: dict, cover_uri: str, extra_css: list[str]
) -> str:
    tree = lxml.html.document_fromstring(html_text).getroottree()
    for fn in (
        strip_site_only,
        fix_single_page_links,
        flatten_book,
        mark_chapters,
        page_references,
        anchors_into_blocks,
        keep_with_next,
    ):
        tree = fn(tree)
    if meta["dir"] == "rtl":
        tree = isolate_ltr_runs(tree)
    entries = toc_entries(tree)
    tree = front_matter(tree, meta, labels, cover_uri, entries)
    tree = set_language(tree, meta)
    tree = set_metadata(tree, meta)
    head = tree.find(".//head")
    for href in extra_css:
        head.append(_el("link", rel="stylesheet", href=href))
    return "<!DOCTYPE html>\n" + lxml.html.tostring(tree, encoding="unicode")


def page_css(page_size: str, page_word: str, rtl: bool = False) -> str:
    """The parts of the print stylesheet that are settings, not design.

    A right-to-left book is bound on the right: the wide (inner) margin and the
    running heads swap sides."""
    word = htmlmod.escape(page_word).replace('"', '\\"')
    # A no-break space holds the number to its word: "(page" at the end of a
    # line and "94)." on the next read as a reference without a number
    # (networking-ar.pdf, edition 2).
    css = (
        f"@page {{ size: {page_size}; }}\n"
        f'a.page-ref::after {{ content: " (" "{word}\u00a0" '
        'target-counter(attr(href url), page) ")"; }\n'
        # A book rendered in parts (pdf_parts.py) has the number written in.
        f'a.page-ref[data-page]::after {{ content: " (" "{word}\u00a0" attr(data-page) ")"; }}\n'
    )
    if rtl:
        css += (
            "@page :left { margin-left: 16mm; margin-right: 20mm; @top-left { content: none; } "
            "@top-right { content: string(booktitle); font-size: 8.5pt; color: #555; } }\n"
            "@page :right { margin-left: 20mm; margin-right: 16mm; @top-right { content: none; } "
            "@top-left { content: string(chapter); font-size: 8.5pt; color: #555; } }\n"
        )
    return css


def identifier(meta: dict) -> bytes:
    """The PDF's /ID: the same for every build of one edition of one book."""
    return (
        hashlib.sha256(f"{meta['slug']}-{meta['lang']}-{meta['edition']}".encode())
        .hexdigest()[:32]
        .encode()
    )
