"""Each language's figures: SVGs with translated words, mirrored where flagged.

On ``config-inited`` (once per language) every ``<toolkit>/images/*.svg`` is
written localised (``build_tools.figures.localise``, words from
``<toolkit>/figures.po``) into the environment's own folder, and
``figure_language_filename`` points Sphinx there, so the site, the EPUB and the
PDF all use the localised file and the Markdown keeps ``images/x.svg``.
English uses the source files as they are.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from .. import figures
from ..assets import write_if_changed
from ..project import is_rtl
from .toolkit_meta import mo_dir, project_for


@functools.cache
def _code() -> bytes:
    """What else decides a localised figure's bytes: the code that lays out its words and the
    pinned font packages it measures them with."""
    here = Path(figures.__file__).parent
    return b"\0".join(
        p.read_bytes()
        for p in (here / "figures.py", here / "svgtext.py", here.parent / "pyproject.toml")
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_localised(app, out: Path) -> int:
    """Localise every figure of every toolkit into *out*; a figure whose SVG, figures catalogue
    and code did not change since it was written, and whose file is intact, is kept (laying out
    the words took 0.6-0.9 s of every Sphinx run, the site's and each book's)."""
    lang = app.config.language
    written = 0
    record = out / "inputs.json"
    try:
        old = json.loads(record.read_text())
    except (OSError, ValueError):
        old = {}
    new = {}
    for kit in project_for(app.srcdir).toolkits:
        mo = Path(mo_dir(app), lang, "LC_MESSAGES", kit.slug, "figures.mo")
        catalogue = mo.read_bytes() if mo.is_file() else b""
        pgettext = None
        for svg in sorted(Path(app.srcdir, kit.slug, "images").glob("*.svg")):
            rel = f"{kit.slug}/images/{svg.name}"
            source = svg.read_bytes()
            key = _sha(b"\0".join([source, catalogue, str(is_rtl(lang)).encode(), _code()]))
            target = out / kit.slug / "images" / svg.name
            if old.get(rel, [None])[0] == key and target.is_file():
                if _sha(target.read_bytes()) == old[rel][1]:
                    new[rel] = old[rel]
                    continue
            pgettext = pgettext or figures.pgettext_for(mo_dir(app), lang, kit.slug)
            data = figures.localise(source, rel, pgettext, is_rtl(lang))
            written += write_if_changed(target, data)
            new[rel] = [key, _sha(data)]
    if new != old:
        write_if_changed(record, json.dumps(new, indent=1, sort_keys=True).encode())
    return written


def on_config_inited(app, config) -> None:
    lang = config.language or "en"
    if lang == "en":
        return
    out = Path(app.doctreedir) / "figures" / lang
    write_localised(app, out)
    # A leading "/" is the source folder for Sphinx; the folder may lie outside it.
    config.figure_language_filename = (
        "/" + os.path.relpath(out, app.srcdir) + "/{docpath}{root}{ext}"
    )


def setup(app):
    app.connect("config-inited", on_config_inited, priority=700)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
