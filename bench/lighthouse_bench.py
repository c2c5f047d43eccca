"""Lighthouse 12 in mobile mode on the built site: landing page and one
chapter, in English and Arabic, with Debian's Chromium.  Prints a table of the
four category scores against the targets of issue 18 (performance >= 95,
accessibility 100, best practices >= 95, SEO >= 95).  A benchmark, not a test:
scores move with the machine's load.

    make lighthouse                      (builds nothing; uses build/site)
    .venv/bin/python bench/lighthouse_bench.py [SITE_DIR] [--pages en/index.html,...]

The site is served by a local http server, as a static host would (no
compression, so the numbers are on the pessimistic side).  Lighthouse comes
from npm (lighthouse@12.2.3 in .venv/node, installed by `make lighthouse`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_shots import CHROMIUM, serve  # noqa: E402

from build_tools.project import REPO, Project  # noqa: E402

LIGHTHOUSE = REPO / ".venv" / "node" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = [
    "en/index.html",
    "en/networking/02-types-of-collaboration.html",
    "ar/index.html",
    "ar/networking/02-types-of-collaboration.html",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}


def audit(url: str, out: Path) -> dict:
    cmd = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        "--screenEmulation.mobile",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run(cmd, check=True, env=env, timeout=300)
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = [
        a["id"]
        for a in report["audits"].values()
        if a.get("score") is not None
        and a["score"] < 0.9
        and a.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    weight = report["audits"].get("total-byte-weight", {}).get("numericValue", 0)
    return {"scores": scores, "failing": failing, "bytes": weight}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", nargs="?", default=str(Project().build_dir / "site"))
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(
            f"{LIGHTHOUSE} is missing: run `make lighthouse` (installs lighthouse@12.2.3 from npm)"
        )
        return 2
    server = serve(Path(args.site))
    base = f"http://127.0.0.1:{server.server_port}/"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(args.pages.split(",")):
            rows.append((page, audit(base + page, Path(tmp) / f"{i}.json")))
    server.shutdown()
    print(f"\n{'page':48} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7}")
    ok = True
    for page, r in rows:
        s = r["scores"]
        print(
            f"{page:48} " + " ".join(f"{s[c]:5}" for c in CATEGORIES) + f" {r['bytes'] / 1000:7.1f}"
        )
        misses = [c for c in CATEGORIES if s[c] < TARGETS[c]]
        if misses:
            ok = False
            print(
                f"  below target: {', '.join(misses)}; audits under 0.9: "
                f"{', '.join(r['failing'][:12])}"
            )
    print(
        "targets: performance >= 95, accessibility 100, best practices >= 95, SEO >= 95:",
        "met" if ok else "NOT met",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
