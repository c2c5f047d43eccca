"""Content consistency: every format and every language says the same thing.

Extraction is one small function per format (site HTML, EPUB, PDF) that turns
a built book into comparable text blocks; the checks compare them.  Each
finding names toolkit, language, format and place, and what differs.  Used by
``make check`` (a report) and by the tests (which also feed them doctored
fixtures to show that each check fails).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from . import artefacts
from .l10n.catalogues import translator
from .l10n.message_checks import numbers as numbers_in
from .l10n.message_checks import numbers_problem
from .project import is_rtl

BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd", "figcaption")
# Navigation and site-only helpers, not content: the toctree is a list on the
# site and the table of contents in a book; tooltips and citations are per format;
# "print this worksheet" is a site link to the pack (extensions/worksheets.py).
SKIP_CLASSES = (
    "headerlink",
    "term-tip",
    "citation-note",
    "partial-notice",
    "fill",
    "fill-field",
    "toctree-wrapper",
    "worksheet-print",
)
XHTML = "http://www.w3.org/1999/xhtml"


@dataclass
class Finding:
    toolkit: str
    lang: str
    fmt: str
    where: str
    what: str
    fatal: bool = True

    def __str__(self) -> str:
        note = "" if self.fatal else " (note)"
        return f"{self.toolkit}-{self.lang} [{self.fmt}] {self.where}: {self.what}{note}"


@dataclass
class Book:
    """A book as extracted from one format."""

    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    page_of: list[str] = field(default_factory=list)  # document of each block
    alts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # document names, in order


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("¶", "")
    return " ".join(text.split())


def squash(text: str) -> str:
    """For comparing with PDF text: no spaces, no hyphenation, no punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _clean(el, keep: tuple[str, ...] = ()) -> None:
    for bad in el.xpath(".//*[@class]"):
        classes = (bad.get("class") or "").split()
        if any(c in classes for c in SKIP_CLASSES if c not in keep):
            bad.drop_tree()


def _blocks_from(main, book: Book, keep: tuple[str, ...] = ()) -> None:
    _clean(main, keep)
    for el in main.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        if tag in BLOCK_TAGS:
            # The innermost block holds the text: skip a li/td/dd whose text is all in child
            # paragraphs.
            if any(isinstance(c.tag, str) and etree.QName(c).localname in ("p",) for c in el):
                continue
            text = norm(el.text_content())
            if text:
                book.blocks.append(("h" if tag.startswith("h") else tag, text))
                book.page_of.append(book.pages[-1] if book.pages else "")
        elif tag == "img":
            book.alts.append(norm(el.get("alt") or ""))
        if tag == "a" and el.get("href"):
            book.links.append(el.get("href"))


def from_site(site_lang_dir: Path, docnames: list[str]) -> Book:
    book = Book()
    for doc in docnames:
        page = site_lang_dir / f"{doc}.html"
        tree = lxml.html.parse(str(page))
        main = tree.find(".//div[@class='body']")
        book.pages.append(doc)
        _blocks_from(main, book)
    return book


def from_epub(epub: Path, keep: tuple[str, ...] = ()) -> Book:
    book = Book()
    with zipfile.ZipFile(epub) as zf:
        opf = etree.fromstring(zf.read("content.opf"))
        ns = {"o": "http://www.idpf.org/2007/opf"}
        items = {i.get("id"): i.get("href") for i in opf.iterfind(".//o:manifest/o:item", ns)}
        for ref in opf.iterfind(".//o:spine/o:itemref", ns):
            href = items[ref.get("idref")]
            if href in ("nav.xhtml", "epub-cover.xhtml"):
                continue
            tree = lxml.html.fromstring(zf.read(href))
            main = tree.find(".//{*}div[@class='body']")
            if main is None:
                main = tree.find(".//div[@class='body']")
            if main is None:
                continue
            book.pages.append(href.removesuffix(".xhtml"))
            _blocks_from(main, book, keep)
    return book


def pdf_pages(pdf: Path, mode: str = "-raw") -> list[str]:
    """The text of each page of a PDF, read by Poppler's pdftotext in one call (a page per
    form feed): a fraction of a second per book, where pypdf took 6-7 s of CPU, most of
    ``make check`` and of the consistency test.  ``-raw`` keeps the order in which the
    PDF draws the text, as pypdf did (its default reading order interleaves table
    columns); ``""`` is Poppler's reading order, which puts right-to-left lines in
    logical order.  pypdf is the fallback where Poppler is missing."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]
    args = ["pdftotext", *([mode] if mode else []), "-enc", "UTF-8", str(pdf), "-"]
    pages = subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
    pages = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", pages).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_text(pdf: Path, rtl: bool = False, pages: list[str] | None = None) -> str:
    """Text of a PDF (*pages*: its ``pdf_pages``, when read already; a right-to-left book
    does not use them).  A right-to-left book is read twice, by pypdf and in Poppler's reading
    order, and the two are joined: each keeps lines whole that the other garbles (mixed Arabic
    and Latin runs, lam-alef).  Without pypdf's reading, 2,195 more Arabic paragraphs were
    reported missing from the real books; Poppler's drawing order (``-raw``) does not help here.
    """
    if not rtl:
        return "\n".join(pdf_pages(pdf) if pages is None else pages)
    from pypdf import PdfReader

    pypdf_text = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    return pypdf_text + "\n" + "\n".join(pdf_pages(pdf, mode=""))


def _pdf_read(pdf: Path, rtl: bool) -> tuple[str, dict[str, str]]:
    """``pdf_text`` and ``pdf_facts`` from one reading of the pages."""
    pages = pdf_pages(pdf)
    return pdf_text(pdf, rtl, pages), pdf_facts(pdf, pages)


def _pdf_texts(pdfs: list[tuple[Path, bool]]) -> dict[Path, tuple[str, dict[str, str]]]:
    """``_pdf_read`` of every existing PDF, one process per core: reading the
    text of twelve books page by page was most of `make check`'s time."""
    import concurrent.futures as cf
    import os

    todo = [(pdf, rtl) for pdf, rtl in pdfs if pdf.exists()]
    if len(todo) < 2:
        return {pdf: _pdf_read(pdf, rtl) for pdf, rtl in todo}
    with cf.ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
        return dict(
            zip(
                [pdf for pdf, _ in todo], pool.map(_pdf_read, *zip(*todo, strict=True)), strict=True
            )
        )


# --------------------------------------------------------------------------- checks


def without_page_refs(text: str, page_word: str) -> str:
    """Print adds "(page 23)" after cross-references; the other formats do not."""
    # In right-to-left lines the extracted parentheses may come out mirrored.
    w, d = re.escape(page_word), r"[\d٠-٩]+"
    return re.sub(rf"[()]\s*(?:{w}\s*{d}|{d}\s*[()]\s*{w}|{d}\s*{w})\s*[()]?", "", text)


RTL_PDF_TOLERANCE = 0.02  # share of blocks an RTL PDF may fail to give back as text
MIXED_RE = re.compile(r"[\u0590-\u08ff].*[A-Za-z0-9]|[A-Za-z0-9].*[\u0590-\u08ff]", re.S)


def _mixed_direction_present(text: str, hay_words: set[str]) -> bool:
    """Right-to-left text with Latin words or digits inside comes out of a PDF
    in an order no extractor agrees on; for such blocks, accept when nearly
    every word is present (pure right-to-left or left-to-right blocks must match
    in order)."""
    if not MIXED_RE.search(text):
        return False
    words = [squash(w) for w in text.split() if len(squash(w)) >= 3]
    return bool(words) and sum(w in hay_words for w in words) / len(words) >= 0.9


def compare_formats(
    toolkit: str,
    lang: str,
    site: Book,
    epub: Book,
    pdf_full_text: str | None,
    page_word: str = "page",
    book_text: Book | None = None,
) -> list[Finding]:
    """Site against EPUB block by block; PDF against the book text (the EPUB's,
    with the citations that both books add to references into other toolkits)."""
    findings = []
    a = [t for _k, t in site.blocks]
    b = [t for _k, t in epub.blocks]
    sa, sb = set(a), set(b)
    for text in a:
        if text not in sb:
            findings.append(
                Finding(toolkit, lang, "epub", "text", f"missing from the EPUB: {text[:90]!r}")
            )
    for text in b:
        if text not in sa:
            findings.append(
                Finding(
                    toolkit, lang, "site", "text", f"in the EPUB but not on the site: {text[:90]!r}"
                )
            )
    if sorted(site.alts) != sorted(epub.alts):
        findings.append(
            Finding(
                toolkit, lang, "epub", "figures", "figure alt texts differ between site and EPUB"
            )
        )
    if pdf_full_text is not None:
        cleaned = without_page_refs(pdf_full_text, page_word)
        hay = squash(cleaned)
        hay_words = {squash(w) for w in cleaned.split()}
        for kind, text in (book_text or site).blocks:
            key = squash(text)
            if len(key) < 12:
                continue
            probe = key[:80]
            if probe not in hay and not _mixed_direction_present(text, hay_words):
                findings.append(
                    Finding(toolkit, lang, "pdf", kind, f"missing from the PDF: {text[:90]!r}")
                )
    return findings


def compare_translation(
    toolkit: str, lang: str, source: Book, translated: Book
) -> tuple[list[Finding], int]:
    """Same structure, numbers and link targets as the source; returns findings and fallback
    count."""
    findings = []
    kinds_s = [k for k, _t in source.blocks if k == "h"]
    kinds_t = [k for k, _t in translated.blocks if k == "h"]
    if len(kinds_s) != len(kinds_t):
        findings.append(
            Finding(
                toolkit,
                lang,
                "site",
                "headings",
                f"{len(kinds_t)} headings, the English has {len(kinds_s)}",
            )
        )
    if len(source.alts) != len(translated.alts):
        findings.append(
            Finding(
                toolkit,
                lang,
                "site",
                "figures",
                f"{len(translated.alts)} figures, the English has {len(source.alts)}",
            )
        )

    def targets(links: list[str]) -> list[str]:
        return sorted(h for h in links if not h.startswith("#") and "_static" not in h)

    if targets(source.links) != targets(translated.links):
        missing = sorted(set(targets(source.links)) - set(targets(translated.links)))
        findings.append(
            Finding(
                toolkit, lang, "site", "links", f"link targets differ, e.g. missing {missing[:3]}"
            )
        )
    for page in source.pages:
        src = [t for t, p in zip(source.blocks, source.page_of, strict=True) if p == page]
        dst = [t for t, p in zip(translated.blocks, translated.page_of, strict=True) if p == page]
        if len(src) != len(dst):
            findings.append(
                Finding(
                    toolkit,
                    lang,
                    "site",
                    page,
                    f"{len(dst)} text blocks, the English has {len(src)}",
                )
            )
            continue
        if page.endswith("glossary"):
            continue  # sorted in each language's order: same entries, other places
        for i, ((_ks, ts), (_kt, tt)) in enumerate(zip(src, dst, strict=True)):
            # The same rule as check-po: cardinals stay, ordinals may be written out.
            if numbers_problem(ts, tt):
                ns, nt = numbers_in(ts), numbers_in(tt)
                findings.append(
                    Finding(
                        toolkit,
                        lang,
                        "site",
                        f"{page}, block {i + 1}",
                        f"numbers differ: English {ns}, translation {nt} ({tt[:60]!r})",
                    )
                )
    english = {t for _k, t in source.blocks if len(t) > 30}
    fallbacks = sum(1 for _k, t in translated.blocks if t in english)
    return findings, fallbacks


def check_structure(
    toolkit: str, lang: str, site_lang_dir: Path, docnames: list[str], required: list[str]
) -> list[Finding]:
    findings = []
    ids: set[str] = set()
    for doc in docnames:
        tree = lxml.html.parse(str(site_lang_dir / f"{doc}.html"))
        main = tree.find(".//div[@class='body']")
        ids |= {el.get("id") for el in main.iter() if isinstance(el.tag, str) and el.get("id")}
        last = 0
        for h in main.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(h.tag[1])
            if last and level > last + 1:
                findings.append(
                    Finding(
                        toolkit,
                        lang,
                        "site",
                        doc,
                        f"heading level jumps from h{last} to h{level} "
                        f"at {norm(h.text_content())[:50]!r}",
                    )
                )
            last = level
        for img in main.iter("img"):
            alt = (img.get("alt") or "").strip()
            # Docutils falls back to the file name when a figure has no :alt:.
            if not alt or alt == img.get("src") or alt.endswith((".svg", ".png", ".jpg")):
                findings.append(
                    Finding(toolkit, lang, "site", doc, f"figure {img.get('src')} has no alt text")
                )
        for table in main.iter("table"):
            if table.find(".//thead") is None and table.find(".//th") is None:
                findings.append(Finding(toolkit, lang, "site", doc, "a table has no header row"))
        for ws in main.xpath(".//section[contains(concat(' ', @class, ' '), ' worksheet ')]"):
            title = next((c for c in ws if isinstance(c.tag, str) and c.tag.startswith("h")), None)
            if title is None or not norm(title.text_content()):
                findings.append(Finding(toolkit, lang, "site", doc, "a worksheet has no title"))
            if not ws.xpath(".//*[contains(concat(' ', @class, ' '), ' instructions ')]"):
                findings.append(
                    Finding(
                        toolkit,
                        lang,
                        "site",
                        doc,
                        f"worksheet {norm(title.text_content()) if title is not None else ''!r} "
                        "has no instructions",
                    )
                )
        for case in main.xpath(".//*[contains(concat(' ', @class, ' '), ' case-study ')]"):
            if not case.xpath(".//*[contains(concat(' ', @class, ' '), ' case-label ')]"):
                findings.append(
                    Finding(toolkit, lang, "site", doc, "a case study is not labelled fictional")
                )
        for box in main.xpath(".//*[contains(concat(' ', @class, ' '), ' rules-at-a-glance ')]"):
            src = box.xpath(".//*[contains(concat(' ', @class, ' '), ' rules-source ')]")
            if not src or len(norm(src[0].text_content())) < 20:
                findings.append(Finding(toolkit, lang, "site", doc, "a dated rule has no source"))
    for label in required:
        if label not in ids:
            findings.append(
                Finding(
                    toolkit,
                    lang,
                    "site",
                    "required sections",
                    f"required section {label!r} is missing",
                )
            )
    return findings


def edition_facts(
    site_page: Path, epub: Path, pdf: Path, pdf_read: dict[str, str] | None = None
) -> dict[str, dict[str, str]]:
    """Title, edition, date and licence as each format states them (*pdf_read*: the
    PDF's ``pdf_facts``, when they were read already)."""
    facts = {}
    tree = lxml.html.parse(str(site_page))
    footer = tree.find(".//footer")
    facts["site"] = {
        "edition": footer.get("data-edition"),
        "date": footer.get("data-date"),
        "licence": norm(footer.xpath(".//a[@rel='license']")[0].text_content()),
    }
    with zipfile.ZipFile(epub) as zf:
        opf = etree.fromstring(zf.read("content.opf"))
    dc = {"dc": "http://purl.org/dc/elements/1.1/", "o": "http://www.idpf.org/2007/opf"}
    citation = (
        opf.findtext(".//o:meta[@property='dcterms:bibliographicCitation']", namespaces=dc) or ""
    )
    m = re.search(r"edition (\S+) \((\d{4}-\d{2}-\d{2})\)", citation)
    facts["epub"] = {
        "edition": m.group(1) if m else "",
        "date": opf.findtext(".//dc:date", namespaces=dc),
        "licence": "CC BY-SA 4.0"
        if "CC BY-SA 4.0" in (opf.findtext(".//dc:rights", namespaces=dc) or "")
        else "",
        "title": opf.findtext(".//dc:title", namespaces=dc),
    }
    facts["pdf"] = pdf_read or pdf_facts(pdf)
    return facts


def pdf_facts(pdf: Path, pages: list[str] | None = None) -> dict[str, str]:
    """Date, title, licence and imprint text as a PDF states them (*pages*: its
    ``pdf_pages``, when read already)."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        created = str(doc.docinfo.get("/CreationDate", ""))
        title = str(doc.docinfo.get("/Title", ""))
    pdf_date = f"{created[2:6]}-{created[6:8]}-{created[8:10]}" if created.startswith("D:") else ""
    imprint = " ".join((pdf_pages(pdf) if pages is None else pages)[:4])
    return {
        "date": pdf_date,
        "title": title,
        "licence": "CC BY-SA 4.0" if "CC BY-SA 4.0" in imprint else "",
        "imprint": norm(imprint),
    }


def compare_edition(toolkit: str, lang: str, facts: dict, expected: dict) -> list[Finding]:
    findings = []
    for fmt, data in facts.items():
        for key in ("edition", "date", "licence", "title"):
            if key in data and data[key] != expected[key]:
                findings.append(
                    Finding(
                        toolkit,
                        lang,
                        fmt,
                        "edition metadata",
                        f"{key} is {data[key]!r}, the edition says {expected[key]!r}",
                    )
                )
    imprint = facts.get("pdf", {}).get("imprint", "")
    if imprint and expected["edition"] not in imprint:
        findings.append(
            Finding(toolkit, lang, "pdf", "imprint page", "edition number not on the imprint page")
        )
    return findings


# --------------------------------------------------------------------------- driver


def book_docnames(project, slug: str) -> list[str]:
    from .sources import read_book

    return [d.name for d in read_book(project.source_dir, slug).docs] + ["_shared/glossary"]


def expected_edition(project, slug: str, lang: str) -> dict:
    kit = project.toolkit(slug)
    site = project.build_dir / "site" / lang
    title = norm(lxml.html.parse(str(site / f"{slug}/index.html")).find(".//h1").text_content())
    return {
        "edition": kit.edition,
        "date": kit.date,
        "licence": project.series["licence"],
        "title": title,
    }


def check_build(
    project, langs: list[str] | None = None, with_pdf: bool = True
) -> tuple[list[Finding], dict]:
    """Every check on a built edition; returns findings and counts for the report."""
    site_root = project.build_dir / "site"
    downloads = site_root / "downloads"
    langs = langs or [p.name for p in site_root.iterdir() if p.is_dir() and p.name != "downloads"]
    findings: list[Finding] = []
    counts = {"fallbacks": {}, "books": 0}
    texts = (
        _pdf_texts(
            [
                (downloads / artefacts.file_name(kit.slug, lang, "pdf"), is_rtl(lang))
                for kit in project.toolkits
                for lang in langs
            ]
        )
        if with_pdf
        else {}
    )
    for kit in project.toolkits:
        docs = book_docnames(project, kit.slug)
        source_book = None
        for lang in sorted(langs, key=lambda lang: lang != "en"):
            site_dir = site_root / lang
            epub = downloads / artefacts.file_name(kit.slug, lang, "epub")
            pdf = downloads / artefacts.file_name(kit.slug, lang, "pdf")
            if not (site_dir / f"{kit.slug}/index.html").exists() or not epub.exists():
                continue
            counts["books"] += 1
            site_book = from_site(site_dir, docs)
            text, pdf_read = texts.get(pdf, (None, None))
            page_word = translator(project.work_dir / "locale", lang, "ui")("page")
            found = compare_formats(
                kit.slug,
                lang,
                site_book,
                from_epub(epub),
                text,
                page_word,
                from_epub(epub, keep=("citation-note",)) if text else None,
            )
            pdf_missing = [f for f in found if f.fmt == "pdf"]
            if is_rtl(lang) and len(pdf_missing) <= RTL_PDF_TOLERANCE * len(site_book.blocks):
                # Known extraction limits of right-to-left PDF text (lam-alef
                # ligatures, bold runs inside Arabic lines): listed, not failed.
                for f in pdf_missing:
                    f.fatal = False
            findings += found
            findings += check_structure(kit.slug, lang, site_dir, docs, kit.required)
            if pdf.exists():
                facts = edition_facts(site_dir / f"{kit.slug}/index.html", epub, pdf, pdf_read)
                findings += compare_edition(
                    kit.slug, lang, facts, expected_edition(project, kit.slug, lang)
                )
            if lang == "en":
                source_book = site_book
            elif source_book is not None:
                found, fallbacks = compare_translation(kit.slug, lang, source_book, site_book)
                findings += found
                counts["fallbacks"][f"{kit.slug}-{lang}"] = fallbacks
    return findings, counts


def external_links(project) -> list[str]:
    """Every external link of the English site, for `make linkcheck`."""
    urls = set()
    for page in (project.build_dir / "site" / "en").rglob("*.html"):
        for a in lxml.html.parse(str(page)).iter("a"):
            href = a.get("href") or ""
            if (
                href.startswith(("http://", "https://"))
                and "diaspora-toolkits.example.org" not in href
            ):
                urls.add(href)
    return sorted(urls)
