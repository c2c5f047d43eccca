"""The site over HTTP and one Chromium for the whole session, shared by
``test_browser.py`` and ``test_site_phone.py`` (registered in conftest.py:
Playwright's sync API allows one instance per process)."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest

from build_tools.project import REPO

sys.path.insert(0, str(REPO / "bench"))
import site_shots  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class CountingHandler(site_shots.QuietHandler):
    """The static host of ``bench/site_shots.py`` (text gzip-compressed when the
    browser asks, as hosts serve it), counting what it sends per request:
    ``wire`` holds (path, bytes sent, headers and body); ``on_disk`` the size of
    the same file on disk (None when not compressed), to print both.  (The
    instance's ``decoded`` is that size for the current request.)"""

    wire: list[tuple[str, int]] = []
    on_disk: list[int | None] = []

    def end_headers(self):
        self._sent = sum(len(b) for b in getattr(self, "_headers_buffer", []))
        super().end_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        self._sent = getattr(self, "_sent", 0) + len(data)

    def handle_one_request(self):
        self._sent = 0
        self.decoded = None
        super().handle_one_request()
        if getattr(self, "path", None):
            CountingHandler.wire.append((self.path, self._sent))
            CountingHandler.on_disk.append(self.decoded)


@pytest.fixture(scope="session")
def site(request):
    """The built site over HTTP (as readers get it), and its pages: [(lang, path)].

    The real build of the session; DT_SITE_DIR=<build>/site uses a site built
    already (``python -m build_tools build --formats html``), for a quick run."""
    if os.environ.get("DT_SITE_DIR"):
        root = Path(os.environ["DT_SITE_DIR"])
    else:
        project, _ = request.getfixturevalue("real_build")
        root = project.build_dir / "site"
    handler = functools.partial(CountingHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = sorted(
        p.relative_to(root).as_posix()
        for p in root.glob("*/**/*.html")
        if p.relative_to(root).parts[0] != "downloads"
    )
    # Every page by default; DT_BROWSER_SAMPLE=N checks every Nth page (and every
    # landing page), for a quick run on a busy machine.
    step = int(os.environ.get("DT_BROWSER_SAMPLE", "1"))
    pages = [p for i, p in enumerate(pages) if i % step == 0 or p.count("/") == 1]
    yield f"http://127.0.0.1:{server.server_port}/", pages, root
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (make .venv/.installed does it as "
            "root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()
