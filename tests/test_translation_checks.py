"""check-po on small catalogues: each fault is caught, with file:line and a fix; a good catalogue passes."""

import re
from pathlib import Path

import pytest

from build_tools.catalogs import CompileReport, _mo_bytes
from build_tools.check_po import check_file

PO = Path(__file__).parent / "fixtures" / "po"


@pytest.mark.parametrize("name, expected", [
    ("dropped-role.po", "missing role"),
    ("script-injection.po", "raw HTML"),
    ("broken-placeholder.po", "placeholder|format specification"),
    ("changed-number.po", "numbers differ"),
    ("bad-syntax.po", "fix the .po syntax"),
])
def test_check_po_catches_the_fault_and_names_file_and_line(name, expected):
    rel = "ui.po" if "placeholder" in name else name  # interface strings are checked as ui.po
    findings = [f for f in check_file(PO / name, rel) if f.fatal]
    assert findings, f"{name} passed"
    assert any(re.search(expected, f.message) for f in findings), [str(f) for f in findings]
    assert all(str(f).startswith(f"{PO / name}:") for f in findings)


def test_a_correct_translation_passes():
    assert [f for f in check_file(PO / "good.po") if f.fatal] == []


def test_an_injected_script_never_reaches_the_compiled_catalogue():
    report = CompileReport("fr")
    mo = _mo_bytes(PO / "script-injection.po", report)
    assert b"<script>" not in mo
    assert report.dropped and "script-injection.po:" in report.dropped[0]
