"""EPUB accessibility on the real build: DAISY Ace (from npm, driving Debian's Chromium),
and its landmark rules reproduced with lxml so they also run where Ace cannot."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from build_tools.project import REPO

from . import parallel

pytestmark = pytest.mark.e2e

ACE = REPO / ".venv" / "node" / "node_modules" / ".bin" / "ace-puppeteer"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
SERIOUS = {"moderate", "serious", "critical"}


def _epubs(real_build) -> list[Path]:
    project, _ = real_build
    return sorted((project.build_dir / "site" / "downloads").glob("*.epub"))


@functools.cache
def _documents(epub: Path) -> tuple[tuple[str, etree._Element], ...]:
    """The EPUB's XHTML documents, parsed once for every test that reads them (read only)."""
    with zipfile.ZipFile(epub) as zf:
        return tuple(
            (name, etree.fromstring(zf.read(name)))
            for name in zf.namelist()
            if name.endswith(".xhtml")
        )


def test_every_epub_document_has_at_most_one_main_landmark_at_top_level(real_build):
    """Ace/axe landmark-no-duplicate-main and landmark-main-is-top-level."""
    found = []
    for epub in _epubs(real_build):
        for name, root in _documents(epub):
            mains = [
                el
                for el in root.iter()
                if isinstance(el.tag, str)
                and (el.tag == f"{XHTML}main" or el.get("role") == "main")
            ]
            if len(mains) > 1:
                found.append(f"{epub.name}:{name}: {len(mains)} main landmarks")
            for m in mains:
                if any(
                    a.tag in (f"{XHTML}nav", f"{XHTML}aside", f"{XHTML}section") or a.get("role")
                    for a in m.iterancestors()
                ):
                    found.append(f"{epub.name}:{name}: main inside another landmark")
    assert not found, (
        "\n".join(found)
        + "\nfix: build_tools/theme/toolkit/layout.html (one <main>, no role='main')"
    )


def test_every_epub_type_nav_has_its_matching_role(real_build):
    """Ace epub-type-has-matching-role."""
    found = [
        f"{epub.name}:{name}: nav epub:type={nav.get(EPUB_TYPE)} has no role"
        for epub in _epubs(real_build)
        for name, root in _documents(epub)
        for nav in root.iter(f"{XHTML}nav")
        if nav.get(EPUB_TYPE) and not nav.get("role")
    ]
    assert not found, "\n".join(found) + "\nfix: build_tools/epub.py MATCHING_ROLE"


def _ace(epub: Path, out: Path) -> list[str]:
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH="/usr/bin/chromium")
    run = subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(out), str(epub)],
        env=env,
        timeout=900,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        said = run.stderr or run.stdout
        raise RuntimeError(f"ace exited with {run.returncode}: {said[:600]} … {said[-300:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return [
        f"{epub.name}:{doc['earl:testSubject']['url']}: {t['earl:test']['earl:impact']} "
        f"{t['earl:test']['dct:title']}"
        for doc in report.get("assertions", [])
        for t in doc.get("assertions", [])
        if t["earl:test"]["earl:impact"] in SERIOUS
    ]


def test_daisy_ace_reports_nothing_moderate_or_worse(real_build, tmp_path):
    if not ACE.exists():
        pytest.fail(f"{ACE} is missing: make .venv/.installed installs @daisy/ace from npm")
    epubs = _epubs(real_build)
    found = []
    # Ace mostly waits on the browser: four at a time keeps the two cores busy without piling up
    # (as before; not one per core, unmeasured). Every EPUB's findings are kept, a crash included.
    for epub, result in parallel.run_all(lambda e: _ace(e, tmp_path / e.stem), epubs, workers=4):
        found += (
            [f"{epub.name}: Ace did not run: {result!r}"]
            if isinstance(result, Exception)
            else result
        )
    print(f"\nAce: {len(epubs)} EPUBs, {len(found)} findings moderate or worse")
    assert not found, "\n".join(found)
