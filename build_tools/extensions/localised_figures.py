"""Each language's figures: SVGs with translated words, mirrored where flagged.

On ``config-inited`` (once per language) every ``<toolkit>/images/*.svg`` is
written localised (``build_tools.figures.localise``, words from
``<toolkit>/figures.po``) into the environment's own folder, and
``figure_language_filename`` points Sphinx there, so the site, the EPUB and the
PDF all use the localised file and the Markdown keeps ``images/x.svg``.
English uses the source files as they are.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import figures
from ..assets import write_if_changed
from ..project import is_rtl
from .toolkit_meta import mo_dir, project_for


def write_localised(app, out: Path) -> int:
    lang = app.config.language
    written = 0
    for kit in project_for(app.srcdir).toolkits:
        pgettext = figures.pgettext_for(mo_dir(app), lang, kit.slug)
        for svg in sorted(Path(app.srcdir, kit.slug, "images").glob("*.svg")):
            data = figures.localise(
                svg.read_bytes(), f"{kit.slug}/images/{svg.name}", pgettext, is_rtl(lang)
            )
            written += write_if_changed(out / kit.slug / "images" / svg.name, data)
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
