"""Unit tests of the translation checks: the structure allow-list and interface strings."""

import pytest

from build_tools.l10n import message_checks


def test_same_words_changed_structure_kept_passes():
    assert (
        message_checks.structure(
            "A {term}`network` of **42** groups, see [site](https://a.org).",
            "Un {term}`réseau <network>` de **42** groupes, voir [site](https://a.org).",
        )
        == []
    )


def test_a_leading_number_becomes_a_list_and_the_message_says_how_to_escape_it():
    problems = message_checks.structure("Talk directly.", "1. Se parler directement.")
    assert len(problems) == 1 and "numbered list" in problems[0] and "`1\\.`" in problems[0]
    assert message_checks.structure("Talk directly.", "1\\. Se parler directement.") == []


def test_a_table_cell_that_reads_as_a_list_alone_still_needs_the_escape():
    # Sphinx extracts the cell "1. Talk directly" and needs a paragraph back.
    assert message_checks.structure("1. Talk directly", "1. Se parler")
    assert message_checks.structure("1. Talk directly", "1\\. Se parler") == []


@pytest.mark.parametrize(
    "msgstr, expected",
    [
        ("- liste", "bulleted list"),
        ("# titre", "heading"),
        ("> cite", "quotation"),
        ("ligne\n\nautre paragraphe", "block structure"),
        ("    code", "code block"),
    ],
)
def test_other_block_changes_are_named(msgstr, expected):
    problems = message_checks.structure("Plain text.", msgstr)
    assert problems and expected in problems[0], problems


@pytest.mark.parametrize(
    "msgstr",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "x <svg><g onload=alert(1)></g></svg>",
        "x <math><mi xlink:href='javascript:alert(1)'>",
        "<a href='x>y' onclick=z>",
        "<!-- c -->",
        "<details open ontoggle=x>",
    ],
)
def test_raw_html_in_any_spelling_is_refused(msgstr):
    assert any("raw HTML" in p for p in message_checks.structure("Text.", msgstr))


@pytest.mark.parametrize(
    "msgstr",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: vbscript:msgbox",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](<javascript:alert(1)>)",
    ],
)
def test_any_link_not_in_the_source_is_refused(msgstr):
    assert message_checks.structure("Text.", msgstr)


def test_role_target_and_name_must_stay():
    src = "A {term}`network` helps."
    assert message_checks.structure(src, "Un {term}`réseau <network>` aide.") == []
    assert "missing role" in " ".join(
        message_checks.structure(src, "Un {term}`réseau <netwrk>` aide.")
    )
    assert "unexpected role {raw}" in " ".join(
        message_checks.structure(src, "Un {raw}`réseau <network>` aide.")
    )


def test_images_code_placeholders_and_substitutions_must_stay():
    assert message_checks.structure(
        "See ![box](images/box.svg).", "Voir ![boîte](../../secret.svg)."
    )
    assert message_checks.structure("Type `make`.", "Tapez `rm -rf`.")
    assert message_checks.structure("%(n)s lines", "%(m)s lignes")
    assert message_checks.structure("Hello {{ name }}", "Bonjour {{ other }}")


def test_directives_and_fences_are_refused():
    for msgstr in (
        ":::{raw} html\n<b>x</b>\n:::",
        "```{eval-rst}\n.. raw:: html\n```",
        "~~~\ncode\n~~~",
    ):
        assert any(
            "fence" in p or "block structure" in p
            for p in message_checks.structure("Text.", msgstr)
        ), msgstr


def test_entities_that_hide_markup_are_refused():
    assert message_checks.structure("Text.", "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_interface_placeholders_and_plain_text():
    assert (
        message_checks.interface("Edition %(edition)s, %(date)s", "Édition %(edition)s, %(date)s")
        == []
    )
    assert message_checks.interface("Edition %(edition)s, %(date)s", "Édition %(edtion)s, %(date)s")
    assert message_checks.interface("Language", 'Langue" onmouseover="alert(1)')
    assert message_checks.interface("Language", "Langue<img src=x>")
    assert (
        message_checks.interface("Space to write, %(n)s lines", "Une ligne", plural_form=True) == []
    )
    assert message_checks.interface("Space to write, %(n)s lines", "%(x)s lignes", plural_form=True)


def test_changed_number_is_reported_but_formatting_is_not():
    assert (
        message_checks.compare(
            "We had 1,000 members in 2026.", "Nous avions 1 000 membres en 2026."
        )
        == []
    )
    assert message_checks.compare("We had 1,000 members.", "Nous avions 100 membres.")
    assert message_checks.compare("1. Talk directly", "1\\. Se parler directement") == []


def test_arabic_digits_count_as_the_same_numbers():
    assert message_checks.numbers("٢٠٢٦") == message_checks.numbers("2026")


def test_a_pasted_megabyte_is_not_a_translation():
    assert message_checks.too_long("Short source.", "Bla bla. " * 110000)
    assert message_checks.too_long("Go", "Rechercher dans le site") == []


def test_an_ordinal_keeps_its_number_in_every_language():
    # "by 1 April" is « d'ici le 1er avril » in French: the number is the same.
    assert (
        message_checks.numbers("By 1 April, 2nd call")
        == message_checks.numbers("D'ici le 1er avril, 2e appel")
        == ["1", "2"]
    )
    assert message_checks.numbers("COVID19 and 42") == [
        "42"
    ]  # digits inside a word are not a number


def test_an_ordinal_of_the_source_may_be_written_in_words_but_a_cardinal_must_stay():
    assert message_checks.numbers_problem("2nd edition, 1991.", "الطبعة الثانية، 1991.") is None
    assert message_checks.numbers_problem("2nd edition, 1991.", "2e édition, 1991.") is None
    assert message_checks.numbers_problem("By 1 April.", "D'ici le 1er avril.") is None
    assert message_checks.numbers_problem("By 1 April.", "D'ici avril.")  # a cardinal went missing
    assert message_checks.numbers_problem("2nd edition.", "2e édition, 1991.")  # a number was added


def test_a_gloss_that_repeats_the_term_it_explains_is_reported():
    src = (
        "**Legal form:** the association under the law of 1901 (*association loi 1901*), declared."
    )
    assert message_checks.repeated_gloss_problem(
        src, "**Forme juridique :** l’association loi 1901 (*association loi 1901*), déclarée."
    )
    assert (
        message_checks.repeated_gloss_problem(
            src, "**Forme juridique :** l’*association loi 1901*, déclarée."
        )
        is None
    )
    assert (
        message_checks.repeated_gloss_problem(
            src, "**الشكل القانوني:** الجمعية الخاضعة لقانون 1901 (*association loi 1901*)."
        )
        is None
    )
    assert (
        message_checks.repeated_gloss_problem("A (B) word", "le mot entier (tier)") is None
    )  # not a whole word
