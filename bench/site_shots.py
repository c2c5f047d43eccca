"""Screenshots of the site as readers see it: landing page and a chapter, phone (360 px) and desktop
(1280 px), English and Arabic, light and dark, into <build>/visual/.  Debian's Chromium through
Playwright; a local server.

.venv/bin/python bench/site_shots.py [SITE_DIR] [--chapter
networking/02-types-of-collaboration.html]"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.project import Project  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as readers meet it: text (HTML, CSS, JavaScript, SVG, JSON)
    is sent gzip-compressed when the browser asks for it, as hosting services
    and web servers configured for static sites do; fonts (WOFF2) and images are
    sent as they are.  ``Content-Encoding`` and ``Vary`` as HTTP says."""

    COMPRESSED = (".html", ".css", ".js", ".svg", ".json", ".webmanifest", ".txt", ".xml")

    def log_message(self, *args, **kwargs):
        pass

    def send_head(self):
        self.decoded = None
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if (
            not path.endswith(self.COMPRESSED)
            or not os.path.isfile(path)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or self.headers.get("If-Modified-Since")
        ):
            return super().send_head()  # redirects, 404, revalidation (304), fonts and images
        with open(path, "rb") as f:
            raw = f.read()
        body = gzip.compress(raw, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(os.stat(path).st_mtime)))
        self.end_headers()
        self.decoded = len(raw)
        return io.BytesIO(body)


def serve(root: Path):
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def shots(browser, base: str, out: Path, chapter: str, langs=("en", "ar")) -> list[Path]:
    """Screenshots (first screen) of *base* (a served site) with a running Playwright *browser*."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for scheme in ("light", "dark"):
        for width, height in ((360, 780), (1280, 900)):
            ctx = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=scheme,
                device_scale_factor=1,
                service_workers="block",
            )
            page = ctx.new_page()
            for lang in langs:
                for name, path in (("landing", "index.html"), ("chapter", chapter)):
                    page.goto(f"{base}{lang}/{path}", wait_until="load")
                    page.evaluate("document.fonts.ready")
                    target = out / f"site-{name}-{lang}-{width}-{scheme}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
            if width == 360:
                for lang in (
                    langs
                ):  # the contents drawer open, and the end of a chapter (previous/next, keep)
                    page.goto(f"{base}{lang}/{chapter}", wait_until="load")
                    page.click("button.toc-toggle")
                    written.append(out / f"site-drawer-{lang}-{width}-{scheme}.png")
                    page.screenshot(path=str(written[-1]))
                    page.keyboard.press("Escape")
                    page.locator("nav.pager").scroll_into_view_if_needed()
                    page.evaluate("window.scrollBy(0, 300)")
                    written.append(out / f"site-chapter-end-{lang}-{width}-{scheme}.png")
                    page.screenshot(path=str(written[-1]))
            ctx.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    project = Project()
    parser.add_argument("site", nargs="?", default=str(project.build_dir / "site"))
    parser.add_argument("--chapter", default="networking/02-types-of-collaboration.html")
    parser.add_argument("--out", default=str(project.build_dir / "visual"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = serve(Path(args.site))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for path in shots(
            browser, f"http://127.0.0.1:{server.server_port}/", Path(args.out), args.chapter
        ):
            print(path)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
