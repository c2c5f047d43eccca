"""Latin runs inside right-to-left text are isolated."""

import lxml.html

from build_tools.extensions.bidi import split_runs
from build_tools.pdf import LRI, PDI, isolate_ltr_runs


def test_a_number_leading_latin_words_stays_with_them():
    assert split_runs("الوقت: 45 minutes") == [("الوقت: ", False), ("45 minutes", True)]


def test_urls_and_names_are_runs_and_closing_punctuation_is_not():
    # A Latin title followed by its address reads as one left-to-right run.
    pieces = split_runs("UNU-MERIT و Danish Refugee Council. https://drc.ngo/a-b/c.")
    assert [p for p, latin in pieces if latin] == [
        "UNU-MERIT",
        "Danish Refugee Council. https://drc.ngo/a-b/c",
    ]
    assert pieces[-1] == (".", False)


def test_print_html_gets_unicode_isolates_around_each_run():
    tree = lxml.html.fromstring(
        '<p>نص <bdi dir="ltr">45 minutes</bdi> و '
        '<span class="untranslated">the <b>board</b></span></p>'
    )
    isolate_ltr_runs(tree.getroottree())
    text = tree.text_content()
    assert f"{LRI}45 minutes{PDI}" in text and f"{LRI}the board{PDI}" in text


def test_a_run_holds_a_bracket_pair_whole_or_not_at_all():
    # fundraising-ar.pdf page 21 (edition 2): the run took the closing bracket
    # and left the opening one outside, drawn as "((unincorporated association".
    for text, run in [
        ("جمعية غير مسجّلة (unincorporated association)، أو", "(unincorporated association)"),
        ("Bundesministerium der Justiz (German Federal Ministry of Justice)، 21", None),
        ("(نص Latin) و", "Latin"),
        ("(Latin نص)", "Latin"),
        ("(CIO)، أو", "(CIO)"),
    ]:
        pieces = split_runs(text)
        assert "".join(p for p, _ in pieces) == text
        for piece, latin in pieces:
            if latin:
                assert piece.count("(") == piece.count(")"), (text, piece)
        if run:
            assert (run, True) in pieces, pieces


def test_isolated_pair_reaches_the_print_html_whole():
    tree = lxml.html.fromstring(
        '<p>جمعية <bdi dir="ltr">(unincorporated association)</bdi>، أو</p>'
    )
    isolate_ltr_runs(tree.getroottree())
    assert f"{LRI}(unincorporated association){PDI}" in tree.text_content()
