"""Every format and language says the same thing; each check fails on the fault it guards
against."""

from __future__ import annotations

import pytest

from build_tools import consistency as c
from build_tools.build import BuildError, Options, run

from .conftest import doctored_epub
from .test_glossary import add_po


def build(project, **kw):
    run(project, Options(quiet=True, **kw))


def paths(project, lang="en"):
    d = project.build_dir / "site"
    return d / lang, d / "downloads" / f"alpha-{lang}.epub", d / "downloads" / f"alpha-{lang}.pdf"


def test_fixture_edition_is_consistent(mini_built):
    mini = mini_built  # built once per session (every format); this build of the copy is a no-op
    build(mini)
    findings, counts = c.check_build(mini)
    assert findings == [], [str(f) for f in findings]
    assert counts["books"] == 1


def test_paragraph_dropped_from_the_epub_is_found(mini_edition, tmp_path):
    mini = mini_edition  # read only
    site, epub, _pdf = paths(mini)
    doctored = doctored_epub(epub, tmp_path / "doctored.epub", b"A small club learnt to plan.", b"")
    docs = c.book_docnames(mini, "alpha")
    found = c.compare_formats("alpha", "en", c.from_site(site, docs), c.from_epub(doctored), None)
    assert any(f.fmt == "epub" and "A small club learnt to plan." in f.what for f in found)


def test_paragraph_missing_from_the_pdf_is_found(mini_edition):
    mini = mini_edition  # read only
    site, epub, pdf = paths(mini)
    docs = c.book_docnames(mini, "alpha")
    text = c.pdf_text(pdf).replace("A small club learnt to plan.", "")
    found = c.compare_formats("alpha", "en", c.from_site(site, docs), c.from_epub(epub), text)
    assert any(f.fmt == "pdf" and "small club" in f.what for f in found)


def test_translated_number_changed_is_found(mini):
    add_po(mini, "fr", "_shared/glossary.po", [("Network", "Réseau")])
    add_po(
        mini,
        "fr",
        "alpha/01-first.po",
        [
            (
                "A {term}`network` helps small groups. Groups need {term}`trust`. This paragraph "
                "has a number: 42 members in 2026.",
                "Un {term}`réseau <network>` aide. Il faut de la {term}`confiance <trust>`. Un "
                "nombre : 24 membres en 2026.",
            )
        ],
    )
    build(mini, formats=("html",))
    docs = c.book_docnames(mini, "alpha")
    en = c.from_site(mini.build_dir / "site" / "en", docs)
    fr = c.from_site(mini.build_dir / "site" / "fr", docs)
    found, fallbacks = c.compare_translation("alpha", "fr", en, fr)
    assert any("numbers differ" in f.what for f in found)
    assert fallbacks > 0  # untranslated paragraphs are counted


def test_edition_date_out_of_step_is_found(mini_edition):
    mini = mini_edition  # read only
    site, epub, pdf = paths(mini)
    facts = c.edition_facts(site / "alpha" / "index.html", epub, pdf)
    expected = c.expected_edition(mini, "alpha", "en")
    assert c.compare_edition("alpha", "en", facts, expected) == []
    facts["epub"]["date"] = "2025-01-01"
    found = c.compare_edition("alpha", "en", facts, expected)
    assert any(f.fmt == "epub" and "date" in f.what for f in found)


def test_missing_alt_text_and_missing_required_section_are_found(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text().replace(":alt: A single grey box.\n", ""))
    with pytest.raises(BuildError) as err:  # strict: the build itself refuses
        run(mini, Options(quiet=True, strict=True, formats=("html",)))
    assert "01-first.md" in str(err.value) and "no alt text" in str(err.value)
    build(mini, formats=("html",))
    found = c.check_structure(
        "alpha",
        "en",
        mini.build_dir / "site" / "en",
        c.book_docnames(mini, "alpha"),
        ["alpha-first", "alpha-no-such-section"],
    )
    assert any("no alt text" in f.what for f in found)
    assert any("alpha-no-such-section" in f.what for f in found)


@pytest.mark.e2e
def test_real_toolkits_say_the_same_in_every_format_and_language(real_build):
    project, _ = real_build
    findings, counts = c.check_build(project)
    assert counts["books"] == len(project.toolkits) * len(project.languages)
    fatal = [f for f in findings if f.fatal]
    assert fatal == [], "\n".join(map(str, fatal[:30]))


def test_a_source_ordinal_written_out_in_the_translation_is_not_a_changed_number():
    # The rule check-po applies (l10n.message_checks.numbers_problem): "2nd edition" may be «الطبعة
    # الثانية».
    page = ["alpha/references"]
    en = c.Book(blocks=[("p", "Getting to Yes. 2nd edition, 1991.")], page_of=page, pages=page)
    ar = c.Book(blocks=[("p", "Getting to Yes. الطبعة الثانية، 1991.")], page_of=page, pages=page)
    changed = c.Book(
        blocks=[("p", "Getting to Yes. الطبعة الثانية، 1992.")], page_of=page, pages=page
    )
    assert c.compare_translation("alpha", "ar", en, ar)[0] == []
    assert any(
        "numbers differ" in f.what for f in c.compare_translation("alpha", "ar", en, changed)[0]
    )
