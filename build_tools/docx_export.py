"""Review copies out: ``make docx`` writes a .docx per toolkit and language.

pandoc converts the book's print HTML (cover, title page with edition and
date, imprint, chapters, worksheets, glossary) into Word, with a reference
document that gives it proper Word styles, so reviewers can comment in Word.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html


def reference_docx(path: Path) -> Path:
    """pandoc's default reference document, restyled: fonts, sizes, heading colours."""
    import pypandoc
    from docx import Document
    from docx.shared import Pt, RGBColor

    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    data = pypandoc.convert_text("", "docx", format="markdown", outputfile=str(path))
    del data
    doc = Document(str(path))
    styles = doc.styles
    for name, size in (("Normal", 11), ("Body Text", 11), ("First Paragraph", 11)):
        if name in [s.name for s in styles]:
            styles[name].font.name = "Atkinson Hyperlegible"
            styles[name].font.size = Pt(size)
    for level, size in ((1, 20), (2, 15), (3, 13)):
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1D, 0x4E, 0x89)
        style.font.name = "Atkinson Hyperlegible"
    for name in ("Title", "Subtitle"):
        styles[name].font.name = "Atkinson Hyperlegible"
    doc.save(str(path))
    return path


def review_html(print_html: str) -> str:
    """Word-friendly HTML: no cover picture or SVG figures (pandoc cannot embed SVG
    without a converter), alt text kept as a visible note so reviewers see it."""
    tree = lxml.html.document_fromstring(print_html)
    # pandoc reads only the <main> element when there is one: keep the front matter.
    # (an element with role="main" counts as <main> too).
    for main in tree.iter("main"):
        main.tag = "div"
    for el in tree.xpath("//*[@role='main']"):
        del el.attrib["role"]
    for section in tree.xpath("//section[contains(@class,'cover-page')]"):
        section.drop_tree()
    for img in tree.xpath("//img"):
        note = lxml.html.Element("p")
        note.text = f"[Figure: {img.get('alt') or 'no alt text'}]"
        img.addprevious(note)
        img.drop_tree()
    for span in tree.xpath("//span[contains(@class,'fill')]"):
        span.text = "________________________________________"
    for p in tree.xpath("//p[contains(@class,'tp-title')]"):
        p.tag = "h1"
        p.set("class", "title")
    return lxml.html.tostring(tree, encoding="unicode")


def export(print_html: Path, out: Path, reference: Path, lang: str) -> Path:
    import pypandoc

    html = review_html(print_html.read_text(encoding="utf-8"))
    tmp_html = print_html.with_name("book.review.html")
    tmp_html.write_text(html, encoding="utf-8")
    tmp = out.with_name(out.name + ".tmp.docx")
    out.parent.mkdir(parents=True, exist_ok=True)
    pypandoc.convert_file(
        str(tmp_html),
        "docx",
        format="html",
        outputfile=str(tmp),
        extra_args=[
            f"--reference-doc={reference}",
            f"--metadata=lang:{lang}",
            f"--resource-path={print_html.parent}",
        ],
    )
    tmp.replace(out)
    return out
