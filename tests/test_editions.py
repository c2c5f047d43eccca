"""Editions: Word in, Word out, new edition, release bundle."""

from __future__ import annotations

import base64
import csv
import shutil

import pypandoc
from docx import Document

from build_tools import docx_export, docx_import, release
from build_tools.build import Options, run
from build_tools.l10n.progress import completeness

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

MANUSCRIPT = """# Working with local councils

Councils fund many small projects. They want a clear plan. Ask early, e.g. in January.

## Before you apply

- Check the deadline. Read the rules twice.
- Talk to your network first.

| Step | Who |
|---|---|
| Call the council | Chair |

Rules change.[^1] See [the council site](https://example.org/council) and *read* the **guide**.

![Six people around a table](pic.png)

![](pic.png)

[^1]: Check every year.
"""


def make_docx(tmp_path):
    (tmp_path / "pic.png").write_bytes(PNG)
    (tmp_path / "in.md").write_text(MANUSCRIPT)
    out = tmp_path / "chapter.docx"
    pypandoc.convert_file(
        str(tmp_path / "in.md"),
        "docx",
        outputfile=str(out),
        extra_args=[f"--resource-path={tmp_path}"],
    )
    return out


def test_word_chapter_becomes_myst_that_builds_without_warnings(mini, tmp_path):
    target, report = docx_import.convert(make_docx(tmp_path), mini, "alpha", chapter=2)
    md = target.read_text().replace("\u00a0", " ")  # pandoc puts a no-break space after "e.g."
    assert target.name == "02-working-with-local-councils.md"
    assert md.startswith("(alpha-working-with-local-councils)=\n# Working with local councils\n")
    assert "## Before you apply" in md
    assert (
        "Councils fund many small projects.\nThey want a clear plan.\nAsk early, e.g. in January."
        in md
    )
    assert "{term}`network`" in md  # glossary term marked
    assert "| Call the council | Chair" in md.replace("  ", " ").replace("  ", " ")
    assert "[^1]" in md and "[the council site](https://example.org/council)" in md
    assert "*read*" in md and "**guide**" in md
    assert ":alt: Six people around a table" in md  # alt text carried over
    assert any("no alt text" in n for n in report.notes)  # and flagged where missing
    md = md.replace("TODO: describe this picture", "The same six people")
    target.write_text(md)
    index = mini.source_dir / "alpha" / "index.md"
    index.write_text(
        index.read_text().replace("01-first\n", "01-first\n02-working-with-local-councils\n")
    )
    run(mini, Options(strict=True, quiet=True, formats=("html",)))  # strict: no warnings


def test_review_copy_opens_in_word_with_styles_edition_and_worksheets(mini_edition, tmp_path):
    mini = mini_edition  # read only: its print HTML, built once per session
    ref = docx_export.reference_docx(tmp_path / "reference.docx")
    out = docx_export.export(
        mini.work_dir / "print" / "en" / "alpha" / "book.print.html",
        tmp_path / "alpha-en.docx",
        ref,
        "en",
    )
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    styles = {p.style.name for p in doc.paragraphs}
    assert "Heading 1" in styles and "Edition 2" in text and "15 January 2026" in text
    assert "Plan" in text and "Glossary" in text  # worksheets and glossary included
    assert doc.styles["Heading 1"].font.name == "Atkinson Hyperlegible"
    assert doc.tables, "tables kept"


def test_new_edition_bumps_the_number_and_opens_an_entry(mini):
    news = mini.source_dir / "alpha" / "whats-new.md"
    news.write_text("(alpha-whats-new)=\n# What's new\n\n## Edition 2 (2026-01-15)\n\n- Second.\n")
    edition, path = release.new_edition(mini, "alpha", "2027-03-01")
    assert edition == "3"
    assert 'edition = "3"' in (mini.source_dir / "alpha" / "book.toml").read_text()
    assert path.read_text().index("## Edition 3 (2027-03-01)") < path.read_text().index(
        "## Edition 2"
    )


def test_release_is_verified_reproducible_and_refuses_partial_languages(mini, monkeypatch):
    from build_tools.l10n.workflow import add_language

    add_language(mini, "fr")  # full catalogues, as `make add-language` makes them
    po = mini.locale_dir / "fr" / "LC_MESSAGES" / "alpha" / "01-first.po"
    po.write_text(
        po.read_text().replace(
            'msgid "First steps"\nmsgstr ""', 'msgid "First steps"\nmsgstr "Premiers pas"'
        )
    )
    monkeypatch.setattr(release, "source_date_epoch", lambda root: 1767225600)
    built = run(mini, Options(quiet=True, strict=True))
    comp = {lang: completeness(mini, lang) for lang in mini.languages}
    dist, refused = release.release(mini, built, comp)
    assert release.verify(dist) == []
    names = sorted(p.name for p in dist.iterdir())
    assert "SHA256SUMS" in names and "manifest.json" in names
    assert "diaspora-toolkits_alpha_en_edition-2_2026-01-15.pdf" in names
    assert "diaspora-toolkits_en_edition-2.zip" in names
    with open(
        dist / "facts-register.csv", newline="", encoding="utf-8"
    ) as fh:  # the facts register ships too
        register = list(csv.DictReader(fh))
    assert {(r["id"], r["status"]) for r in register} >= {
        ("ccew-registration", "stale"),
        ("hmrc-gift-aid-membership", "ok"),
    }
    assert not any("_fr_" in n for n in names)
    assert (
        refused and "alpha-fr" in refused[0] and ".po:" in refused[0]
    )  # names the missing messages
    first = {p.name: p.read_bytes() for p in dist.iterdir()}
    shutil.rmtree(mini.build_dir)
    built = run(mini, Options(quiet=True, strict=True))
    dist, _ = release.release(mini, built, comp)
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == first
