"""Unit tests of the translation checks (pure functions)."""

from build_tools import po_checks


def test_script_tag_is_unsafe():
    assert po_checks.unsafe_markup("Bonjour <script>alert(1)</script>")


def test_event_handler_and_javascript_url_are_unsafe():
    assert po_checks.unsafe_markup('<img src=x onerror="alert(1)">')
    assert po_checks.unsafe_markup("[clic](javascript:alert(1))")
    assert po_checks.unsafe_markup("[clic](JaVaScRiPt&#58;alert(1))")


def test_raw_directive_is_unsafe():
    assert po_checks.unsafe_markup(":::{raw} html\n<b>x</b>\n:::")


def test_term_role_with_angle_brackets_is_safe():
    assert po_checks.unsafe_markup("les {term}`alliances <alliance>` et <https://example.org>") == []


def test_dropped_role_is_reported():
    problems = po_checks.compare("A {term}`network <network>` helps.", "Un réseau aide.")
    assert any("roles changed" in p for p in problems)


def test_changed_number_is_reported_but_formatting_is_not():
    assert po_checks.compare("We had 1,000 members in 2026.", "Nous avions 1 000 membres en 2026.") == []
    assert po_checks.compare("We had 1,000 members.", "Nous avions 100 membres.")


def test_arabic_digits_count_as_the_same_numbers():
    assert po_checks.numbers("٢٠٢٦") == po_checks.numbers("2026")
