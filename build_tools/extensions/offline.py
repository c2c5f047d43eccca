"""Site only: reading offline, and adding the site to a phone's home screen.

- ``offline.html``: a page in the reader's language, shown by the service
  worker when a page was never opened and the network is gone.
- ``sw.js`` at the root of each language site (``theme/toolkit/sw.js``, with
  a version hashed from the site's files, so same input gives the same bytes).
- ``<toolkit>/offline-files.json``: what "keep this toolkit on my phone"
  fetches (its pages, the glossary, figures, style sheets, script, fonts) with
  byte sizes, so the button can say how much it downloads before it does.
- ``manifest.webmanifest``: name, colours and icons (``_static/icon.svg`` and the PNGs of
  ``assets.ICON_PNGS``, which phones want for the home screen).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath

import lxml.html

from ..assets import ICON_PNGS
from . import _
from .toolkit_meta import project_for

SW_TEMPLATE = Path(__file__).resolve().parent.parent / "theme" / "toolkit" / "sw.js"
SHARED_PAGES = ["_shared/glossary.html"]  # part of every toolkit's table of contents


def collect_pages(app):
    if app.builder.name == "html":
        yield "offline", {"title": str(_("You are offline")), "dt_offline": True}, "offline.html"


def used_files(outdir: Path, page: str) -> list[str]:
    """Files a page loads (style sheets, scripts, images), relative to *outdir*, without ?v=."""
    tree = lxml.html.parse(str(outdir / page))
    base = PurePosixPath(page).parent
    out = []
    for ref in tree.xpath("//link[@rel='stylesheet']/@href | //script/@src | //img/@src"):
        ref = ref.split("?", 1)[0]
        if "://" in ref or ref.startswith("data:"):
            continue
        out.append(_normal(base / ref))
    return out


def _normal(path: PurePosixPath) -> str:
    parts: list[str] = []
    for p in path.parts:
        if p == "..":
            parts.pop()
        elif p != ".":
            parts.append(p)
    return "/".join(parts)


def font_files(outdir: Path) -> list[str]:
    return sorted(
        p.relative_to(outdir).as_posix() for p in (outdir / "_static" / "fonts").glob("*.woff2")
    )


def kept_files(outdir: Path, slug: str) -> list[str]:
    """Everything a reader needs to read toolkit *slug* offline, sorted."""
    pages = sorted(p.relative_to(outdir).as_posix() for p in (outdir / slug).rglob("*.html"))
    pages += [p for p in SHARED_PAGES if (outdir / p).exists()] + ["offline.html"]
    files = set(pages) | set(font_files(outdir))
    for page in pages:
        files.update(used_files(outdir, page))
    return sorted(f for f in files if (outdir / f).is_file())


def site_version(outdir: Path) -> str:
    """A hash of every published page and asset: changes when anything a reader caches changes."""
    h = hashlib.sha256()
    for p in sorted(outdir.rglob("*")):
        if (
            p.is_file()
            and p.suffix in {".html", ".css", ".js", ".woff2", ".svg", ".png"}
            and p.name != "sw.js"
        ):
            h.update(p.relative_to(outdir).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def write_if_changed(path: Path, text: str) -> None:
    """Replaced, never written in place: in a staged edition the old file is a
    hard link to the published one (edition.py)."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)


def write_lists_and_worker(outdir: Path, slugs: list[str]) -> None:
    """Each toolkit's offline-files.json and the language's sw.js, from the files
    as they are now.  Run again after ``downloads.fill`` changed pages."""
    version = site_version(outdir)
    for slug in slugs:
        if not (outdir / slug).is_dir():
            continue
        files = [{"url": f, "bytes": (outdir / f).stat().st_size} for f in kept_files(outdir, slug)]
        listing = {"version": version, "bytes": sum(f["bytes"] for f in files), "files": files}
        write_if_changed(outdir / slug / "offline-files.json", json.dumps(listing, indent=0) + "\n")
    # The offline page and the exact addresses (with Sphinx's ?v= hash) of its
    # style sheets and script; fonts are kept as pages use them, so a first
    # visit does not download faces the page does not show.
    tree = lxml.html.parse(str(outdir / "offline.html"))
    precache = ["offline.html"] + tree.xpath("//link[@rel='stylesheet']/@href | //script/@src")
    sw = (
        SW_TEMPLATE.read_text(encoding="utf-8")
        .replace("@VERSION@", version)
        .replace("@PRECACHE@", json.dumps(sorted(set(precache))))
    )
    write_if_changed(outdir / "sw.js", sw)


def refresh(site_lang: Path) -> None:
    """After pages of a built language site changed (build.py, post-publication facts)."""
    if (site_lang / "sw.js").exists() and (site_lang / "offline.html").exists():
        slugs = sorted(p.parent.name for p in site_lang.glob("*/offline-files.json"))
        write_lists_and_worker(site_lang, slugs)


def on_build_finished(app, exception) -> None:
    if exception or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    write_lists_and_worker(outdir, [kit.slug for kit in project_for(app.srcdir).toolkits])
    meta = app.config.dt_meta
    series = project_for(app.srcdir).series
    manifest = {
        "name": meta["series_name"],
        "short_name": meta["series_name"],
        "lang": meta["lang"],
        "dir": meta["dir"],
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": series.get("colour", "#2f3e4e"),
        "icons": [
            {"src": "_static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
        ]
        + [
            {
                "src": f"_static/{name}",
                "sizes": f"{pixels}x{pixels}",
                "type": "image/png",
                "purpose": "any" if rounded else "maskable",
            }
            for name, pixels, rounded in ICON_PNGS
        ],
    }
    write_if_changed(
        outdir / "manifest.webmanifest", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    )


def setup(app):
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
