"""Unit tests of the refresh-or-translate rule."""

from build_tools.l10n.change_rule import classify

OLD = 'msgid "A"\nmsgstr ""\n\nmsgid "B"\nmsgstr "b"\n'


def test_translation_only():
    assert classify(OLD, OLD.replace('msgstr ""', 'msgstr "a"')) == (False, True)


def test_refresh_only():
    assert classify(OLD, OLD + '\nmsgid "C"\nmsgstr ""\n') == (True, False)


def test_both_is_detected():
    assert classify(OLD, OLD.replace('msgstr ""', 'msgstr "a"') + '\nmsgid "C"\nmsgstr ""\n') == (
        True,
        True,
    )
