"""The shared glossary: checks fail on the faults they guard against; termbase; translated, sorted
output."""

from __future__ import annotations

import polib
from lxml import etree

from build_tools import glossary_tools as g
from build_tools.build import Options, run


def add_po(project, lang, rel, pairs):
    path = project.locale_dir / lang / "LC_MESSAGES" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
    for msgid, msgstr in pairs:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return path


def test_clean_fixture_has_no_glossary_errors(mini):
    assert g.check_definitions(mini) == []
    assert g.check_references(mini) == []


def test_undefined_term_is_reported_with_file_and_line(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nA {term}`coalition` is short-lived.\n")
    found = g.check_references(mini)
    assert any(
        "'coalition' is not in the glossary" in f.message and f.path == chapter for f in found
    )


def test_duplicated_term_differing_in_plural_is_reported(mini):
    path = mini.source_dir / "_shared" / "glossary.yaml"
    path.write_text(path.read_text() + "- term: Networks\n  definition: >-\n    Again.\n")
    found = g.check_definitions(mini)
    assert any("duplicates 'Network'" in f.message for f in found)


def test_toolkit_defining_its_own_glossary_is_reported(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\n:::{glossary}\nThing\n  A thing.\n:::\n")
    assert any("glossary defined inside a toolkit" in f.message for f in g.check_definitions(mini))


def test_unmarked_first_use_is_reported(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text().replace("A {term}`network` helps", "Trust helps"))
    assert any("'Trust'" in f.message for f in g.check_first_use(mini))


def test_inconsistent_translation_of_a_term_fails_the_threshold(mini):
    add_po(mini, "fr", "_shared/glossary.po", [("Network", "Réseau"), ("Trust", "Confiance")])
    add_po(
        mini,
        "fr",
        "alpha/01-first.po",
        [
            (
                "A {term}`network` helps small groups. Groups need {term}`trust`. This paragraph "
                "has a number: 42 members in 2026.",
                "Un {term}`filet <network>` aide les petits groupes. Il faut de la "
                "{term}`confiance <trust>`. Ce paragraphe a un nombre : 42 membres en 2026.",
            ),
        ],
    )
    result = g.check_translations(mini, "fr")
    assert result.checked == 2 and len(result.offending) == 1 and result.ratio < 0.8
    assert "'Réseau'" in result.offending[0].message


def test_termbase_is_valid_tbx_and_csv(mini, tmp_path):
    add_po(mini, "fr", "_shared/glossary.po", [("Network", "Réseau")])
    csv_path, tbx_path = g.write_termbase(mini, "fr", tmp_path)
    root = etree.parse(str(tbx_path)).getroot()
    ns = {"t": g.TBX_NS}
    assert root.tag == f"{{{g.TBX_NS}}}tbx" and root.get("type") == "TBX-Basic"
    concepts = root.findall(".//t:conceptEntry", ns)
    assert len(concepts) == 2
    fr_terms = root.xpath("//t:langSec[@xml:lang='fr']/t:termSec/t:term/text()", namespaces=ns)
    assert fr_terms == ["Réseau"]
    assert "Réseau" in csv_path.read_text()


def test_translated_glossary_is_sorted_after_translation_and_lists_uses(mini):
    # "Trust" -> "Confiance" must now come before "Network" -> "Réseau".
    add_po(mini, "fr", "_shared/glossary.po", [("Network", "Réseau"), ("Trust", "Confiance")])
    run(mini, Options(lang="fr", formats=("html",), quiet=True))
    html = (mini.build_dir / "site" / "fr" / "_shared" / "glossary.html").read_text()
    assert html.index("Confiance") < html.index("Réseau")
    assert 'id="term-network"' in html  # anchors stay English in every language
    assert "Alpha Toolkit" in html and "1" in html  # "Used in" names the toolkit and section
