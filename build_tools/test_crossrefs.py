"""The word after a reference is folded only when a {ref} filled in the title."""

from docutils import nodes

from build_tools.extensions.crossrefs import fold_repeated_word


def _paragraph(role_class: str, link: str, after: str) -> nodes.paragraph:
    ref = nodes.reference(
        "", "", nodes.inline(link, link, classes=["xref", "std", role_class]), refuri="#x"
    )
    return nodes.paragraph("", "", nodes.Text("The "), ref, nodes.Text(after))


def test_a_word_repeating_a_filled_in_title_is_said_once():
    para = _paragraph("std-ref", "Exit and closure checklist", " checklist helps you.")
    fold_repeated_word(None, para, "doc")
    assert para.astext() == "The Exit and closure checklist helps you."


def test_a_glossary_term_followed_by_the_same_word_is_left_as_written():
    para = _paragraph("std-term", "Koox heshiis mashruuc", " mashruuc kasta.")
    fold_repeated_word(None, para, "doc")
    assert para.astext() == "The Koox heshiis mashruuc mashruuc kasta."
