"""The site in a real browser: Debian's Chromium driven by Playwright, axe-core and the Nu HTML
Checker.

Every page of every language, at 1280 and 360 px wide, on the one real build of
the session.  Playwright never downloads a browser here: it drives
``/usr/bin/chromium`` (the Makefile installs it from Debian, as it does Java).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.project import REPO, Project

from . import parallel
from .rendered import WRITTEN

pytestmark = pytest.mark.e2e

VNU = REPO / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (1280, 360)
AXE_RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

# Text containers whose content is wider than their box (cut off or spilling),
# and the page's own horizontal scroll.  Scrolling tables are allowed: a wide
# table scrolls inside its own wrapper on a phone, the page does not.
OVERFLOW_JS = """() => {
  const out = [];
  const blocks = 'p, li, h1, h2, h3, h4, dt, dd, th, td, a, figcaption, .site-title, .site-book';
  for (const el of document.querySelectorAll(blocks)) {
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    if (el.closest('.table-wrapper, pre')) continue;
    const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll';
    if (el.scrollWidth > el.clientWidth + 1 && !scrolls && el.clientWidth > 0) {
      const name = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
      out.push(name + ': ' + el.textContent.trim().slice(0, 50));
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    out.push('page scrolls sideways: ' + doc.scrollWidth + ' > ' + doc.clientWidth);
  }
  return out;
}"""


# axe.run as axe_playwright_python's Axe.run calls it, left running in the page: its promise is
# collected later, so the next page loads and checks in its own renderer meanwhile.
AXE_START = "() => { window.__dtAxe = axe.run(%s).then(r => r.violations); }"


def _start(page, axe, url: str) -> None:
    page.goto(url, wait_until="load")
    page.evaluate(axe.axe_script)
    page.evaluate(AXE_START % axe._format_script_args(options=AXE_RULES))


def _finish(page, path: str, width: int, visual: Path) -> dict:
    violations = page.evaluate("() => window.__dtAxe")
    report = {
        "axe": [
            f"{v['id']} ({v['impact']}): {n['target']}" for v in violations for n in v["nodes"]
        ],
        "overflow": page.evaluate(OVERFLOW_JS),
    }
    if path.count("/") == 1 and path.endswith("index.html"):
        shot = visual / f"site-{path.split('/')[0]}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        WRITTEN.append(shot)
    return report


@pytest.fixture(scope="session")
def page_reports(request, tmp_path_factory):
    """``_page_reports``, made once per test run (``parallel.once_per_run``)."""
    return parallel.once_per_run(
        tmp_path_factory,
        "page_reports",
        lambda: _page_reports(request.getfixturevalue("site"), request.getfixturevalue("browser")),
    )


def _page_reports(site, browser):
    """axe violations and overflowing boxes for every page at every width; screenshots of each
    landing page.

    The one browser, one tab per core for each width: while Python collects one tab's results and
    loads its next page, axe runs on in the others (each tab is its own renderer process).  Every
    page is checked as before: loaded, then axe, then overflow."""
    from axe_playwright_python.sync_playwright import Axe

    base, pages, _root = site
    axe = Axe()
    visual = Project().build_dir / "visual"
    visual.mkdir(parents=True, exist_ok=True)
    reports = {}
    for width in WIDTHS:
        todo = iter(pages)
        tabs = [
            browser.new_page(viewport={"width": width, "height": 900})
            for _ in range(min(len(pages), os.cpu_count() or 1))
        ]
        running = {}
        for tab, path in zip(tabs, todo, strict=False):  # as many as there are tabs
            _start(tab, axe, base + path)
            running[tab] = path
        while running:
            for tab in list(running):
                path = running.pop(tab)
                reports[(path, width)] = _finish(tab, path, width, visual)
                nxt = next(todo, None)
                if nxt is not None:
                    _start(tab, axe, base + nxt)
                    running[tab] = nxt
        for tab in tabs:
            tab.close()
    assert len(reports) == len(pages) * len(WIDTHS)
    print(
        f"\nbrowser: {len(pages)} pages x {len(WIDTHS)} widths, {len(tabs)} tabs; screenshots in "
        f"{visual}"
    )
    return reports


def _failures(reports, key):
    return [
        f"{path} @{width}px: {msg}"
        for (path, width), r in sorted(reports.items())
        for msg in r[key]
    ]


def test_axe_finds_no_wcag_or_best_practice_violation_on_any_page_at_any_width(page_reports):
    found = _failures(page_reports, "axe")
    assert not found, f"{len(found)} axe findings:\n" + "\n".join(found[:60])


def test_no_text_overflows_its_box_and_no_page_scrolls_sideways(page_reports):
    found = _failures(page_reports, "overflow")
    assert not found, "\n".join(found[:60])


def test_keyboard_reaches_skip_link_then_content_and_search_with_visible_focus(site, browser):
    base, pages, _root = site
    page = browser.new_page(viewport={"width": 360, "height": 800})
    problems = []
    for path in [p for p in pages if p.count("/") == 2 and p.endswith("/index.html")]:
        page.goto(base + path)
        page.keyboard.press("Tab")
        first = page.evaluate(
            "() => [document.activeElement.className, document.activeElement.getAttribute('href'),"
            " getComputedStyle(document.activeElement).outlineStyle,"
            " document.activeElement.getBoundingClientRect().height]"
        )
        if first[0] != "skip-link" or first[1] != "#main":
            problems.append(f"{path}: first Tab lands on {first[:2]}, not the skip link")
        elif first[2] == "none" or first[3] == 0:
            problems.append(
                f"{path}: the focused skip link is not visible (outline {first[2]}, height "
                f"{first[3]})"
            )
        page.keyboard.press("Enter")
        if page.evaluate("() => location.hash") != "#main":
            problems.append(f"{path}: the skip link does not move to #main")
        reached = False
        for _ in range(200):  # Tab through the page until the search field has focus
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.name === 'q'"):
                reached = True
                break
        if not reached:
            problems.append(f"{path}: the search field cannot be reached with Tab")
    page.close()
    assert not problems, "\n".join(problems)


def test_nu_html_checker_finds_no_errors(site):
    _base, pages, root = site
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail(
            f"{VNU} or java is missing: make .venv/.installed installs vnu-jar from npm and Java "
            "from Debian"
        )

    def vnu(share: list[str]) -> list[dict]:
        out = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU),
                "--format",
                "json",
                "--errors-only",
                *[str(root / p) for p in share],
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
        return json.loads(out.stderr or "{}").get("messages", [])

    # The checker reads its files one after the other: one JVM per core, each with a share of the
    # pages.
    n = os.cpu_count() or 1
    messages, errors = [], []
    for share, result in parallel.run_all(vnu, [pages[i::n] for i in range(n) if pages[i::n]]):
        if isinstance(result, Exception):
            errors.append(
                f"{share[0]} and {len(share) - 1} more: the Nu HTML Checker did not run: {result!r}"
            )
        else:
            messages += result
    errors += [
        f"{m.get('url', '?').split(str(root) + '/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:60])
