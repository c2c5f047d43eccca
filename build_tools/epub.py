"""EPUB packaging: everything EPUB-specific after Sphinx has written the files.

Small pure functions (bytes -> bytes), chained in ``package``:

- ``opf_with_metadata``: accessibility metadata, subtitle, edition, dates and
  reading direction, which Sphinx does not write;
- ``xhtml_with_lang``: ``lang``, ``xml:lang`` and ``dir`` on every content
  document (Sphinx's navigation document has none);
- ``zip_epub``: a reproducible archive (mimetype first and stored, sorted
  entries, fixed timestamps).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from lxml import etree

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

A11Y_META = [
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityHazard", "none"),
]
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def iso(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def opf_with_metadata(opf: bytes, meta: dict, modified_epoch: int, summary: str) -> bytes:
    root = etree.fromstring(opf)
    md = root.find(f"{{{OPF_NS}}}metadata")
    ns = {"opf": OPF_NS, "dc": DC_NS}

    def meta_el(prop: str, text: str, **attrs) -> etree._Element:
        el = etree.SubElement(md, f"{{{OPF_NS}}}meta", property=prop, **attrs)
        el.text = text
        return el

    # Drop what we rewrite, and Sphinx's empty elements.
    for el in list(md):
        prop = el.get("property", "")
        empty = el.tag.startswith(f"{{{DC_NS}}}") and not (el.text or "").strip()
        if prop in {"dcterms:modified"} or prop.startswith("ibooks:") or empty:
            md.remove(el)
        elif el.tag == f"{{{DC_NS}}}date":
            md.remove(el)
    title = md.find("dc:title", ns)
    title.set("id", "title-main")
    meta_el("title-type", "main", refines="#title-main")
    if meta.get("subtitle"):
        sub = etree.SubElement(md, f"{{{DC_NS}}}title", id="title-sub")
        sub.text = meta["subtitle"]
        meta_el("title-type", "subtitle", refines="#title-sub")
    date = etree.SubElement(md, f"{{{DC_NS}}}date")
    date.text = meta["date_iso"]
    meta_el("dcterms:modified", iso(modified_epoch))
    edition = etree.SubElement(
        md, f"{{{OPF_NS}}}meta", property="belongs-to-collection", id="series"
    )
    edition.text = meta["series_name"]
    meta_el("collection-type", "series", refines="#series")
    meta_el(
        "dcterms:bibliographicCitation",
        f"{meta['title']}, edition {meta['edition']} ({meta['date_iso']})",
    )
    for source in [meta.get("isbn"), meta.get("doi")]:
        if source:
            ident = etree.SubElement(md, f"{{{DC_NS}}}source")
            ident.text = source
    for prop, value in A11Y_META:
        meta_el(prop, value)
    meta_el("schema:accessibilitySummary", summary)
    meta_el("dcterms:conformsTo", CONFORMS_TO)
    meta_el("a11y:certifiedBy", meta["publisher"])
    spine = root.find(f"{{{OPF_NS}}}spine")
    spine.set("page-progression-direction", meta["dir"])
    prefix = root.get("prefix", "")
    if "a11y:" not in prefix:
        root.set(
            "prefix", (prefix + " a11y: http://www.idpf.org/epub/vocab/package/a11y/#").strip()
        )
    guide = root.find(f"{{{OPF_NS}}}guide")
    if guide is not None and len(guide) == 0:
        root.remove(guide)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def xhtml_with_lang(data: bytes, lang: str, direction: str) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, remove_blank_text=False)
    root = etree.fromstring(data, parser)
    root.set("lang", lang)
    root.set(XML_LANG, lang)
    root.set("dir", direction)
    # English fallback passages in a translated book: say so, so that reading
    # systems and screen readers use the right direction and voice.
    if lang != "en":
        for el in root.iter():
            if isinstance(el.tag, str) and "untranslated" in (el.get("class") or "").split():
                el.set("lang", "en")
                el.set(XML_LANG, "en")
                el.set("dir", "ltr")
    add_matching_roles(root)
    # Sphinx adds "?v=<checksum>" to stylesheet and script URLs (cache busting
    # on the web); inside an EPUB a relative URL may not have a query (RSC-033).
    for el in root.iter(f"{{{XHTML_NS}}}link", f"{{{XHTML_NS}}}script"):
        for attr in ("href", "src"):
            if el.get(attr) and "?" in el.get(attr):
                el.set(attr, el.get(attr).split("?", 1)[0])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")


EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# epub:type values and the ARIA role that says the same to assistive technology
# (DAISY Ace "epub-type-has-matching-role"); Sphinx's nav.xhtml has only epub:type.
MATCHING_ROLE = {"toc": "doc-toc", "page-list": "doc-pagelist", "landmarks": "navigation"}


def add_matching_roles(root) -> None:
    for el in root.iter(f"{{{XHTML_NS}}}nav"):
        role = MATCHING_ROLE.get((el.get(EPUB_TYPE) or "").split(" ")[0])
        if role and not el.get("role"):
            el.set("role", role)


def zip_epub(files: dict[str, bytes], out: Path, epoch: int) -> None:
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(out, "w") as zf:
        info = zipfile.ZipInfo("mimetype", stamp)
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        zf.writestr(info, b"application/epub+zip")
        for name in sorted(n for n in files if n != "mimetype"):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name], compresslevel=9)


def package(epub_dir: Path, out: Path, meta: dict, epoch: int, summary: str) -> None:
    """Collect Sphinx's EPUB tree, apply the functions above, write *out*."""
    files: dict[str, bytes] = {}
    # Only what the package document declares, plus the container files:
    # anything else in the folder would be an undeclared resource.
    opf_root = etree.fromstring((epub_dir / "content.opf").read_bytes())
    hrefs = {item.get("href") for item in opf_root.iter(f"{{{OPF_NS}}}item")}
    for rel in sorted(hrefs | {"content.opf", "META-INF/container.xml"}):
        data = (epub_dir / rel).read_bytes()
        if rel.endswith(".xhtml"):
            data = xhtml_with_lang(data, meta["lang"], meta["dir"])
        elif rel.endswith(".opf"):
            data = opf_with_metadata(data, meta, epoch, summary)
        files[rel] = data
    zip_epub(files, out, epoch)
