"""The build: every toolkit, every language, every format, in parallel.

Plan per language (one worker process each):

1. compile the language's catalogues safely (``l10n.catalogues``);
2. write covers, fonts and per-language styles (``assets``);
3. run Sphinx's site builder once: it reads every document of the language
   and pickles the environment;
4. run ``toolkit-epub`` and ``singlehtml`` (ours) for each selected toolkit from
   that environment (no second read) and package the EPUB (``epub``).

Then one WeasyPrint job per toolkit and language (``pdf``), scheduled as soon
as its print HTML exists.  A language whose inputs did not change since the
last successful build is skipped without starting Sphinx; a PDF whose print
HTML did not change is not rendered again.

All or nothing (``edition``): one build at a time per build folder; workers
write into a staging copy of the edition, and only the main process publishes
it, in one atomic step, when every artefact succeeded.  A failed, interrupted
or killed build leaves the previous edition as it was.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import functools
import hashlib
import io
import json
import os
import re
import shutil
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import artefacts, assets, book_inputs, downloads, edition, svgtext, workers
from .arguments import page_size_slug, validate_page_size
from .book_meta import book_meta
from .digests import FileDigests, sha256, site_digest, tree_digest
from .l10n import catalogues
from .l10n.catalogues import ui_format
from .l10n.state import state as catalogue_state
from .project import REPO, SOURCE_LANGUAGE, Project, source_date_epoch

FORMATS = ("html", "epub", "pdf", "worksheets")
PRINT_PRODUCTS = ("print", "booklet", "worksheets")  # made from the same print HTML as the PDF
WARNING_RE = re.compile(
    r"^(?P<loc>.*?):?(?P<line>\d+)?:? ?(?P<kind>WARNING|ERROR|CRITICAL|SEVERE): (?P<msg>.*)$"
)


class BuildError(Exception):
    pass


@dataclass
class Artefact:
    toolkit: str
    language: str
    format: str
    path: str
    bytes: int = 0
    sha256: str = ""
    pages: int | None = None
    seconds: float = 0.0
    rebuilt: bool = True


@dataclass
class LangResult:
    lang: str
    skipped: bool = False
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    artefacts: list[Artefact] = field(default_factory=list)
    print_html: dict[str, str] = field(default_factory=dict)  # slug -> path of print HTML
    meta: dict[str, dict] = field(default_factory=dict)
    book_digests: dict[str, str | None] | None = None  # for the EPUB task (_BookInputs)
    error: str = ""


def atomic_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp{os.getpid()}")
    shutil.copyfile(src, tmp)
    tmp.replace(dst)


# Sphinx's bookkeeping in an output folder: never published, and left out of a print folder's
# digest, since no render reads it.  The inventory's label for the "Python Module Index" is in the
# language a worker process loaded Sphinx's own catalogue for last, so it changed from run to run,
# and three French PDFs rendered again for nothing after an edit in another toolkit.
SPHINX_BOOKKEEPING = {"objects.inv", ".buildinfo", ".buildinfo.bak"}


def publish_tree(src: Path, dst: Path) -> None:
    """Replace folder *dst* of the staged edition by a copy of *src* (staging is private: no swap
    needed)."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(
        src,
        dst,
        ignore=shutil.ignore_patterns(*SPHINX_BOOKKEEPING, ".doctrees"),
    )


# --------------------------------------------------------------------------- Sphinx


def _sphinx(
    project: Project, lang: str, builder: str, outdir: Path, overrides: dict, strict: bool
) -> list[str]:
    from sphinx.application import Sphinx  # imported in the worker only
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    status = io.StringIO()
    # Sphinx caches translators per process (sphinx.locale.translators), one
    # language per sphinx-build.  Our workers build several languages in turn:
    # without this, a Somali build reused the Arabic catalogues.
    import sphinx.locale

    sphinx.locale.translators.clear()
    # Each Sphinx run gets its own docutils registry, as sphinx-build does.
    with patch_docutils(project.source_dir), docutils_namespace():
        _run_app(Sphinx, project, lang, builder, outdir, overrides, status, warnings)
    text = re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())
    lines = [line for line in text.splitlines() if line.strip()]
    if builder in ("toolkit-epub", "singlehtml"):
        # A book builder makes its toolkit the root, so the landing page and
        # the other toolkits are, for it, outside every toctree: expected.
        lines = [line for line in lines if "isn't included in any toctree" not in line]
    return lines


def _run_app(Sphinx, project, lang, builder, outdir, overrides, status, warnings) -> None:
    app = Sphinx(
        srcdir=str(project.source_dir),
        confdir=str(project.source_dir),
        outdir=str(outdir),
        doctreedir=str(project.work_dir / "doctrees" / lang),
        buildername=builder,
        confoverrides=overrides,
        status=status,
        warning=warnings,
        freshenv=False,
        warningiserror=False,
        verbosity=0,
    )
    app.build()


# Warnings that mean text is silently lost or a link is broken for sure: they stop the build in
# default mode too (a misspelt directive or role drops its content from every format).
ALWAYS_FATAL = re.compile(
    r"Unknown directive type|Unknown interpreted text role|Duplicate explicit target name"
)


def fatal_lines(lines: list[str], strict: bool) -> list[str]:
    """Messages that must stop publication: errors and ALWAYS_FATAL warnings always, other warnings
    in strict mode (unless build_tools/known-warnings.txt accepts them)."""
    known = known_warnings()
    bad = []
    for line in lines:
        if any(p.search(line) for p in known):
            continue
        if (
            re.search(r"\b(ERROR|SEVERE|CRITICAL)\b", line)
            or ALWAYS_FATAL.search(line)
            or (strict and "WARNING" in line)
        ):
            bad.append(
                line
                + (" (check the spelling against source/README.md)" if "Unknown" in line else "")
            )
    return bad


def _checked(lines: list[str], strict: bool, what: str) -> list[str]:
    bad = fatal_lines(lines, strict)
    if bad:
        raise BuildError(f"{what} not published; fix these first:\n  " + "\n  ".join(bad))
    return lines


def language_inputs(project: Project, lang: str, digests: FileDigests) -> str:
    """Digest of everything a language's Sphinx run reads."""
    return tree_digest(
        [
            project.source_dir,
            project.work_dir / "locale" / lang,
            project.work_dir / "static" / lang,
            project.work_dir / "fonts" / lang,
            project.styles_dir,
            REPO / "build_tools",
            REPO / "pyproject.toml",
        ],
        extra=f"{lang}|{sys.version}",
        digests=digests,
    )


def _common(project: Project, lang: str, completeness: dict[str, float], threshold: float) -> dict:
    """Settings every Sphinx run of *lang* shares (site and books)."""
    return {
        "dt_code_digest": tree_digest([REPO / "build_tools", project.styles_dir]),
        "language": lang,
        # The compiled, filtered catalogues (l10n/catalogues.py), never the translators' .po files.
        "locale_dirs": [str(project.work_dir / "locale")],
        "dt_languages": project.languages,
        "dt_completeness": completeness,
        "dt_threshold": threshold,
    }


def build_language(
    project: Project,
    lang: str,
    slugs: list[str],
    formats: list[str],
    strict: bool,
    completeness: dict[str, float],
    threshold: float,
    epoch: int,
    dest: Path,
    page_size: str,
) -> LangResult:
    """Worker: the Sphinx part of one language that PDFs wait for (the site, then each book's
    print HTML, prepared for WeasyPrint), written into staging folder *dest*.  The EPUBs come
    after, in their own task (``build_epubs``), so that a language's PDFs render while its EPUBs
    are written."""
    t0 = time.perf_counter()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # Sphinx's own dates read it (reproducible)
    result = LangResult(lang)
    static = project.work_dir / "static" / lang
    # Whole TTF fonts for the EPUB and the PDF, WOFF2 subsets for the site (assets.prepare_fonts).
    ttf, web = (project.work_dir / "fonts" / lang / kind for kind in ("ttf", "web"))
    common = _common(project, lang, completeness, threshold)
    # 1. the site (reads every document of the language)
    html_out = project.work_dir / "html" / lang
    overrides = dict(
        common,
        html_static_path=_static_paths(project, static, web, "html"),
        html_css_files=["fonts.css", "toolkit.css", "site.css"],
    )
    result.warnings += _checked(
        _sphinx(project, lang, "html", html_out, overrides, strict), strict, f"site/{lang}"
    )
    if "html" in formats:
        publish_tree(html_out, dest / artefacts.site(lang))
        result.artefacts.append(Artefact("*", lang, "html", str(dest / artefacts.site(lang))))

    # 2. each book's print HTML (books read what the site run left: nothing is read again)
    books = _BookInputs(project, lang, common, epoch)
    wants_print = "pdf" in formats or bool(set(formats) & set(PRINT_PRODUCTS))
    for slug in slugs if wants_print else []:
        book = dict(common, dt_book=slug)
        out = project.work_dir / "print" / lang / slug
        digest = books.digest(slug, "print")
        kept = digest and _stamped(
            books.stamp(slug, "print"),
            digest,
            out / slug / "index.html",
            actual=_print_folder,
        )
        if kept:  # the print HTML in the work folder is still this build's
            result.warnings += _checked(kept["warnings"], strict, f"{slug}-{lang}.pdf")
        else:
            ov = dict(
                book,
                html_static_path=_static_paths(project, static, ttf, "print"),
                html_css_files=["fonts.css", "toolkit.css", "print.css"],
            )
            lines = _checked(
                _sphinx(project, lang, "singlehtml", out, ov, strict),
                strict,
                f"{slug}-{lang}.pdf",
            )
            result.warnings += lines
            if digest:
                _stamp(
                    books.stamp(slug, "print"),
                    digest,
                    out / slug / "index.html",
                    None,
                    warnings=lines,
                    sha=_print_folder(out / slug / "index.html"),
                )
        meta = result.meta[slug] = _meta_for(project, lang, slug)
        prepared = prepare_book(
            project, lang, slug, out / slug / "index.html", meta, page_size, completeness
        )
        result.print_html[slug] = str(prepared)
    result.book_digests = books.books
    result.seconds = time.perf_counter() - t0
    return result


def build_epubs(
    project: Project,
    lang: str,
    slugs: list[str],
    strict: bool,
    completeness: dict[str, float],
    threshold: float,
    epoch: int,
    dest: Path,
    book_digests: dict[str, str | None] | None,
) -> LangResult:
    """Worker: the EPUBs of one language, after its ``build_language`` (whose site run left the
    environment they read, and whose book digests they reuse)."""
    from . import epub as epub_mod  # noqa: PLC0415

    t0 = time.perf_counter()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    result = LangResult(lang)
    static = project.work_dir / "static" / lang
    ttf = project.work_dir / "fonts" / lang / "ttf"
    common = _common(project, lang, completeness, threshold)
    books = _BookInputs(project, lang, common, epoch)
    books.books = book_digests
    for slug in slugs:
        book = dict(common, dt_book=slug)
        out = project.work_dir / "epub" / lang / slug
        target = dest / artefacts.download(slug, lang, "epub")
        t1 = time.perf_counter()
        digest = books.digest(slug, "epub")
        kept = digest and _stamped(books.stamp(slug, "epub"), digest, target)
        if kept:  # its inputs did not change: the published EPUB is this build's EPUB
            result.warnings += _checked(kept["warnings"], strict, f"{slug}-{lang}.epub")
            result.artefacts.append(
                Artefact(
                    slug,
                    lang,
                    "epub",
                    str(target),
                    rebuilt=False,
                    seconds=time.perf_counter() - t1,
                )
            )
        else:
            shutil.rmtree(out, ignore_errors=True)  # packaging reads the whole folder
            ov = dict(
                book,
                epub_theme="toolkit",
                html_static_path=_static_paths(project, static, ttf, "epub"),
                epub_css_files=["fonts.css", "toolkit.css", "epub.css"],
            )
            lines = _checked(
                _sphinx(project, lang, "toolkit-epub", out, ov, strict),
                strict,
                f"{slug}-{lang}.epub",
            )
            result.warnings += lines
            meta = _meta_for(project, lang, slug)
            tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
            target.parent.mkdir(parents=True, exist_ok=True)
            epub_mod.package(out, tmp, meta, epoch, meta["a11y_summary"])
            rebuilt = not (target.exists() and target.read_bytes() == tmp.read_bytes())
            if rebuilt:
                tmp.replace(target)
            else:
                tmp.unlink()
            if digest:
                _stamp(books.stamp(slug, "epub"), digest, target, None, warnings=lines)
            result.artefacts.append(
                Artefact(
                    slug,
                    lang,
                    "epub",
                    str(target),
                    seconds=time.perf_counter() - t1,
                    rebuilt=rebuilt,
                )
            )
    result.seconds = time.perf_counter() - t0
    return result


def _static_paths(project: Project, static: Path, fonts: Path, fmt: str) -> list[str]:
    """What a format's ``_static`` holds: the language's generated files (covers, icons, status
    charts), its fonts (WOFF2 subsets for the site, whole TTFs for EPUB and PDF), the styles all
    formats share, and the format's own styles (``styles/<fmt>``)."""
    styles = project.styles_dir
    return [str(static), str(fonts), str(styles / "common"), str(styles / fmt)]


def _meta_for(project: Project, lang: str, slug: str) -> dict:
    """Edition metadata for the EPUB package, the cover and the PDF (as on the book's pages)."""
    meta = book_meta(project, project.work_dir / "locale", lang, slug)
    ui = catalogues.translator(project.work_dir / "locale", lang, "ui")
    meta["a11y_summary"] = str(
        ui(
            "This publication meets WCAG 2.1 Level AA. "
            "It has a table of contents, headings in reading order, "
            "alternative text for every figure and header rows in every table."
        )
    )
    return meta


# --------------------------------------------------------------------------- PDF


def prepare_book(
    project: Project,
    lang: str,
    slug: str,
    print_html: Path,
    meta: dict,
    page_size: str,
    completeness: dict[str, float],
) -> Path:
    """The book's print HTML as WeasyPrint renders it (``pdf.prepare_print_html``: front matter,
    page references, links) and its page style sheet, written only when they change.  The PDF and
    every print product are made from this one file, so they render side by side."""
    from . import pdf  # noqa: PLC0415

    # Sphinx writes the single page inside <toolkit>/ but with links relative
    # to the output root, so the prepared copy lives at the root.
    root = print_html.parent.parent
    labels = print_labels(project, lang, meta, completeness[slug])
    rtl = meta["dir"] == "rtl"
    page_css = pdf.page_css(page_size, labels["page"], rtl)
    assets.write_if_changed(root / "_static" / "page.css", page_css.encode("utf-8"))
    text = pdf.prepare_print_html(
        print_html.read_text(encoding="utf-8"),
        meta,
        labels,
        f"_static/covers/{slug}.svg",
        ["_static/page.css"],
    )
    prepared = root / "book.print.html"
    assets.write_if_changed(prepared, text.encode("utf-8"))
    return prepared


def build_pdf(project: Project, lang: str, slug: str, prepared: Path, meta: dict, dest: Path):
    """The reading PDF of one book, from its prepared print HTML (``prepare_book``); not rendered
    again when nothing that decides its bytes changed."""
    from . import pdf, pdf_parts  # noqa: PLC0415

    t0 = time.perf_counter()
    root = prepared.parent
    target = dest / artefacts.download(slug, lang, "pdf")
    stamp = project.work_dir / "stamps" / f"pdf-{slug}-{lang}.json"
    # What decides a part's bytes besides its own HTML: style sheets, fonts, images, code.
    salt = _digest(
        (root / "_static" / "page.css").read_text(encoding="utf-8"),
        print_assets(root),
        _code("pdf"),
        _code("pdf_parts"),
    )
    digest = _digest(prepared.read_text(encoding="utf-8"), salt)
    kept = _stamped(stamp, digest, target)
    if kept is not None:
        return Artefact(
            slug,
            lang,
            "pdf",
            str(target),
            pages=kept.get("pages"),
            rebuilt=False,
            seconds=time.perf_counter() - t0,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    pages, _ = pdf_parts.render_book(
        prepared,
        target,
        project.work_dir / "pdf-parts" / f"{slug}-{lang}",
        salt,
        rtl=meta["dir"] == "rtl",
        ident=pdf.identifier(meta),
    )
    _stamp(stamp, digest, target, pages)
    return Artefact(slug, lang, "pdf", str(target), pages=pages, seconds=time.perf_counter() - t0)


def _job_name(slug: str, lang: str, kind: str) -> str:
    """How progress and errors name a PDF job: ``networking-fr-booklet.pdf``."""
    if kind in artefacts.SUFFIX:
        return artefacts.file_name(slug, lang, kind)
    return f"{slug}-{lang} print-shop PDF"


def build_print_product(
    project: Project, lang: str, slug: str, kind: str, meta: dict, page_size: str, dest: Path
) -> Artefact:
    """The print-shop PDF, the office booklet or the worksheet pack of one book; not rendered again
    when nothing that decides its bytes changed (stamp ``<kind>-<slug>-<lang>.json``, as
    ``build_pdf``)."""
    from . import print_shop  # noqa: PLC0415

    t0 = time.perf_counter()
    prepared = project.work_dir / "print" / lang / slug / "book.print.html"
    ident = (
        hashlib.sha256(f"{kind}-{slug}-{lang}-{meta['edition']}".encode()).hexdigest()[:32].encode()
    )
    kit = project.toolkit(slug)
    html = prepared.read_text(encoding="utf-8")
    rtl = meta["dir"] == "rtl"
    if kind == "print":
        target = dest / artefacts.print_shop(slug, lang, page_size_slug(page_size))
        css = print_shop.print_css(page_size, kit.colour)
        inputs = [css, sha256(print_shop.CMYK_PROFILE)]
    elif kind == "booklet":
        target = dest / artefacts.download(slug, lang, "booklet")
        inputs = [str(rtl)]
    else:
        target = dest / artefacts.download(slug, lang, "worksheets")
        ui = catalogues.translator(project.work_dir / "locale", lang, "ui")
        # What the pack renders: an edit in a chapter without worksheets leaves it as it was.
        html = print_shop.worksheet_pack_html(html, print_shop.pack_title(meta["title"], ui))
        inputs = []
    stamp = project.work_dir / "stamps" / f"{kind}-{slug}-{lang}.json"
    digest = _digest(
        kind,
        page_size,
        ident.decode(),
        html,
        (prepared.parent / "_static" / "page.css").read_text(encoding="utf-8"),
        print_assets(prepared.parent),
        _code("print_shop"),
        *inputs,
    )
    kept = _stamped(stamp, digest, target)
    if kept is not None:
        return Artefact(
            slug,
            lang,
            kind,
            str(target),
            pages=kept.get("pages"),
            rebuilt=False,
            seconds=time.perf_counter() - t0,
        )
    if kind == "print":
        pages = print_shop.render_print_shop(prepared, target, css, ident)
    elif kind == "booklet":
        a5 = prepared.with_name("book.a5.pdf")
        print_shop.render_a5(prepared, a5, ident)
        pages = print_shop.impose_booklet(a5, target, rtl=rtl)
    else:
        pages = print_shop.render_forms(html, prepared, target, ident)
    _stamp(stamp, digest, target, pages)
    return Artefact(slug, lang, kind, str(target), pages=pages, seconds=time.perf_counter() - t0)


# Files of a print folder written after its Sphinx run, by the PDF and print-product steps
# themselves.
PRINT_OUTPUTS = {"book.print.html", "book.a5.pdf", "_static/page.css"}


def print_assets(folder: Path) -> str:
    """Digest of what a prepared print HTML pulls in from its folder (images, fonts, style sheets),
    without the files the PDF steps write there: an image that changes under the same name renders
    again.  HTML pages are not pulled in: the page Sphinx wrote is the source of the prepared
    HTML, which each render digests itself; counted here, any edit of the book made every
    chapter of its PDF render again (``pdf_parts.py`` keys parts by this digest)."""
    h = hashlib.sha256()
    for p in sorted(q for q in folder.rglob("*") if q.is_file()):
        rel = p.relative_to(folder).as_posix()
        if (
            rel not in PRINT_OUTPUTS
            and rel not in SPHINX_BOOKKEEPING
            and ".tmp" not in p.name
            and p.suffix != ".html"
        ):
            h.update(f"{rel}\0{sha256(p)}\0".encode())
    return h.hexdigest()


def _print_folder(index: Path) -> str:
    """What a book's print run left: the page Sphinx wrote (*index*) and the files beside it."""
    return _digest(sha256(index) if index.is_file() else "", print_assets(index.parent.parent))


@functools.cache
def _code(module: str) -> str:
    """The renderer's code and the pinned versions (WeasyPrint, pikepdf) that decide a PDF's
    bytes."""
    return _digest(
        (REPO / "build_tools" / f"{module}.py").read_text(encoding="utf-8"),
        (REPO / "pyproject.toml").read_text(encoding="utf-8"),
    )


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def _stamped(stamp: Path, digest: str, target: Path, actual=sha256) -> dict | None:
    """The stamp's record if *target* was made from inputs with *digest* and still has the bytes
    made then (``actual(target)``: a file replaced or damaged since is made again)."""
    if not (target.is_file() and stamp.is_file()):
        return None
    try:
        old = json.loads(stamp.read_text())
    except ValueError:
        return None
    if old.get("input") != digest or old.get("sha256") != actual(target):
        return None
    return old


def _stamp(
    stamp: Path,
    digest: str,
    target: Path,
    pages: int | None,
    warnings: list[str] = (),
    sha: str | None = None,
) -> None:
    """Record what *target* was made from; *warnings* are reported again whenever it is reused."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    tmp = stamp.with_name(f".{stamp.name}.tmp{os.getpid()}")
    tmp.write_text(
        json.dumps(
            {
                "input": digest,
                "sha256": sha or sha256(target),
                "pages": pages,
                "warnings": list(warnings),
            }
        )
    )
    tmp.replace(stamp)


class _BookInputs:
    """Digests of one language's books (``book_inputs``), all computed at the first question,
    after the site run and before any book run (a book run may pickle the environment again)."""

    def __init__(self, project: Project, lang: str, common: dict, epoch: int):
        self.project, self.lang, self.common, self.epoch = project, lang, common, epoch
        self.books: dict[str, str | None] | None = None  # nothing read when no book is asked for

    def _compute(self) -> dict[str, str | None]:
        project, lang, work = self.project, self.lang, self.project.work_dir
        slugs = [k.slug for k in project.toolkits]
        shared = tree_digest(
            [
                work / "static" / lang,
                work / "fonts" / lang,
                project.styles_dir,
                REPO / "build_tools",
                REPO / "pyproject.toml",
            ],
            extra=json.dumps(
                [lang, sys.version, self.epoch, self.common], sort_keys=True, default=str
            ),
        )
        env = book_inputs.load_environment(work / "doctrees" / lang)
        books = {}
        for slug in slugs:
            index = book_inputs.environment_index(env, slug, slugs)
            books[slug] = index and _digest(
                shared,
                index,
                book_inputs.source_digest(project.source_dir, slug, slugs, env),
                book_inputs.catalogue_digest(work / "locale" / lang, slug, slugs),
            )
        return books

    def digest(self, slug: str, kind: str) -> str | None:
        """None when it cannot be known: the book is then built."""
        if self.books is None:
            self.books = self._compute()
        return self.books[slug] and _digest(kind, self.books[slug])

    def stamp(self, slug: str, kind: str) -> Path:
        return self.project.work_dir / "stamps" / f"book-{kind}-{slug}-{self.lang}.json"


def print_labels(project: Project, lang: str, meta: dict, ratio: float = 1.0) -> dict:
    # Outside Sphinx: interface strings straight from the compiled ui catalogue.
    ui = catalogues.translator(project.work_dir / "locale", lang, "ui")
    series = project.series
    lines = [
        f"{meta['title']} — {meta['subtitle']}",
        ui_format(
            ui,
            "Edition %(edition)s, %(date)s",
            {"edition": meta["edition"], "date": meta["date_local"]},
        ),
        f"{meta['publisher']}. {meta['rights']}",
        f"{series['licence']}: {series['licence_url']}",
        *meta["credits"],
        ui_format(ui, "Read online and download other formats: %s", f"{meta['base_url']}{lang}/"),
        str(
            ui(
                "This is an independent publication. "
                "It is inspired by the toolkit series on diaspora fundraising, "
                "community outreach and networking commissioned by "
                "the Danish Refugee Council's Diaspora Programme, "
                "but it is not an official publication of the Danish Refugee Council."
            )
        ),
        str(
            ui(
                "To print this book as an A5 booklet on A4 paper, "
                "print the booklet PDF on both sides, flipping on the "
                "short edge, then fold the stack in the middle."
            )
        ),
    ]
    if meta["isbn"]:
        lines.append(f"ISBN {meta['isbn']}")
    if meta["doi"]:
        lines.append(f"DOI {meta['doi']}")
    if lang != SOURCE_LANGUAGE:
        lines.append(
            str(
                ui(
                    "Draft translation by the Diaspora Toolkits contributors, "
                    "pending review by native speakers."
                )
            )
        )
    threshold = float(series.get("translation_threshold", 0.9))
    partial = ""
    if ratio < threshold:
        partial = ui_format(
            ui,
            "Partial translation: %(percent)s%% of this edition is translated. "
            "Untranslated passages are shown in English.",
            {"percent": int(ratio * 100)},
        )
    return {
        "partial": partial,
        "edition_line": ui_format(
            ui,
            "Edition %(edition)s · %(date)s",
            {"edition": meta["edition"], "date": meta["date_local"]},
        ),
        "imprint_lines": lines,
        "contents": str(ui("Contents")),
        "page": str(ui("page")),
    }


# --------------------------------------------------------------------------- driver


@dataclass
class Options:
    toolkit: str | None = None
    lang: str | None = None
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    jobs: int = 0
    page_size: str | None = None
    quiet: bool = False
    wait: bool = True  # False: exit at once when another build holds the build folder
    shard: tuple[int, int] | None = None  # (K, N): build shard K of N of the languages (shards.py)


def known_warnings() -> list[re.Pattern]:
    path = REPO / "build_tools" / "known-warnings.txt"
    pats = []
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                pats.append(re.compile(line.strip()))
    return pats


class Interrupted(BaseException):
    """SIGTERM (CI cancel, kill PID): handled like Ctrl-C."""


@contextlib.contextmanager
def _sigterm_interrupts():
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Interrupted(f"stopped by signal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(project: Project, opts: Options) -> list[Artefact]:
    """Build into a staging edition under the build folder's lock; publish it only if everything
    succeeded."""
    from rich.console import Console

    from .source_checks import check_sources  # noqa: PLC0415

    console = Console(stderr=True, quiet=opts.quiet)
    t_start = time.perf_counter()
    kits, langs = project.select(opts.toolkit, opts.lang)
    if opts.shard:
        from . import shards  # noqa: PLC0415

        langs = shards.share(langs, opts.shard)
        if not langs:
            raise BuildError(
                f"shard {opts.shard[0]}/{opts.shard[1]} has no language: there are fewer languages "
                "than shards; use at most as many shards as `python -m build_tools languages` lists"
            )
    page_size = validate_page_size(opts.page_size or project.series.get("page_size", "A4"))
    problems = check_sources(project)
    if problems:
        for p in problems:
            console.print(
                f"error: {p}", markup=False, soft_wrap=True, highlight=False, style="bold red"
            )
        raise BuildError(f"{len(problems)} source error(s); nothing built: " + "; ".join(problems))

    def say(m):
        console.print(m, markup=False, soft_wrap=True, highlight=False)

    with edition.lock(project.build_dir, wait=opts.wait, say=say), _sigterm_interrupts():
        edition.clean(project.build_dir)
        staged: list[Path] = []

        def stage() -> Path:  # only when something must be built: a no-op copies nothing
            if not staged:
                staged.append(edition.stage(project.build_dir))
            return staged[0]

        try:
            artefacts = _build(
                project, opts, console, stage, [k.slug for k in kits], langs, page_size
            )
        except BaseException:
            edition.abort(project.build_dir, staged[0] if staged else None)
            raise
    summary(console, artefacts, time.perf_counter() - t_start)
    return artefacts


def _prepare(
    project: Project, langs: list[str], console, strict: bool
) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """Catalogues, covers and status charts of each language (main process, into the work
    folder); each language's completeness and catalogue problems."""
    threshold = float(project.series.get("translation_threshold", 0.9))
    states = {lang: catalogue_state(project, lang) for lang in project.languages}
    source_chars = _source_chars(project)  # read once, shared by every language's font subset
    for lang in langs:
        problems = states[lang].problems
        for d in problems:  # translators' text: never read as console markup
            console.print(
                f"warning: {d}", markup=False, highlight=False, soft_wrap=True
            )  # file:line stays whole
        if strict and problems:
            msg = (
                f"{lang}: {len(problems)} catalogue problem(s) in strict mode (listed above with "
                "file:line); nothing was built. "
                f"Fix them; `make check-po BOOK_LANG={lang}` lists them too"
            )
            console.print(f"error: {msg}", markup=False, highlight=False, soft_wrap=True)
            raise BuildError(msg)
        covers = {}
        for kit in project.toolkits:
            meta = _meta_for(project, lang, kit.slug)
            covers[kit.slug] = _cover(
                project,
                (
                    meta["title"],
                    meta["subtitle"],
                    meta["series_name"],
                    print_labels(project, lang, meta)["edition_line"],
                    kit.colour,
                    lang,
                ),
            )
        assets.prepare_static(
            project.work_dir / "static" / lang,
            lang,
            covers,
            project.series.get("colour", "#2f3e4e"),
        )
        assets.prepare_fonts(
            project.work_dir / "fonts" / lang, lang, _site_chars(project, lang, source_chars)
        )
        # Status charts of every language go to every site (the status page lists them all).
        for other in project.languages:
            if other == SOURCE_LANGUAGE:
                continue
            assets.write_if_changed(
                project.work_dir / "static" / lang / "status" / f"{other}.svg",
                assets.status_svg(other, states[other].status, threshold).encode(),
            )
    return (
        {lang: states[lang].completeness for lang in langs},
        {lang: states[lang].problems for lang in langs},
    )


@functools.cache
def _cover_code() -> bytes:
    return b"".join(Path(m.__file__).read_bytes() for m in (assets, svgtext))


def _cover(project: Project, args: tuple) -> str:
    """``assets.cover_svg(*args)``, kept in the work folder: shaping a cover's words costs ~0.5 s,
    and the same words, code and fonts draw the same cover."""
    key = hashlib.sha256(json.dumps(args).encode() + _cover_code()).hexdigest()
    path = project.work_dir / "covers" / f"{key}.svg"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    svg = _drawn_cover(args)
    assets.write_if_changed(path, svg.encode("utf-8"))
    return svg


@functools.lru_cache(maxsize=64)
def _drawn_cover(args: tuple) -> str:
    """``assets.cover_svg(*args)`` once per process: a process that builds the same toolkit in
    several folders (the test session, ~30 builds of the fixture) draws each cover once."""
    return assets.cover_svg(*args)


def _source_chars(project: Project) -> str:
    """What every language site can show: the sources and every language's name (the switcher)."""
    from .extensions.toolkit_meta import language_name  # noqa: PLC0415

    texts = [p for ext in ("md", "yaml", "toml") for p in project.source_dir.rglob(f"*.{ext}")]
    names = "".join(language_name(code) for code in project.languages)
    return assets.site_chars(sorted(texts), names)


def _site_chars(project: Project, lang: str, source_chars: str) -> str:
    """What a language site can show: *source_chars* and its catalogues (ours and Sphinx's own,
    for the search page)."""
    import sphinx  # noqa: PLC0415

    texts = sorted((project.locale_dir / lang).rglob("*.po"))
    texts += sorted(Path(sphinx.__file__).parent.joinpath("locale", lang).rglob("sphinx.po"))
    return assets.site_chars(texts, source_chars)


def _up_to_date(
    project: Project, lang: str, digest: str, strict: bool, digests: FileDigests
) -> list[Artefact] | None:
    """The published artefacts of *lang* if its inputs did not change and every file still has
    its hash."""
    stamp = project.work_dir / "stamps" / f"lang-{lang}.json"
    if not stamp.exists():
        return None
    old = json.loads(stamp.read_text())
    # A strict build may reuse a default build's output only if that build had no warning.
    if old.get("digest") != digest or (strict and not old.get("clean")):
        return None
    arts = [Artefact(**{**a, "rebuilt": False, "seconds": 0.0}) for a in old["artefacts"]]
    for a in arts:
        path = project.build_dir / a.path
        if (
            not path.exists()
            or (site_digest(path, digests) if a.format == "html" else digests.sha256(path))
            != a.sha256
        ):
            return None
    return arts


def _build(
    project: Project,
    opts: Options,
    console,
    stage,
    slugs: list[str],
    langs: list[str],
    page_size: str,
) -> list[Artefact]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    epoch = source_date_epoch(project.root)
    digests = FileDigests(project.work_dir / "digests.json")  # a no-op reads no unchanged file
    inputs = _edition_inputs(project, opts, slugs, langs, page_size, epoch, digests)
    kept_all = _unchanged_edition(project, inputs, opts.strict, digests, console)
    if kept_all is not None:
        return kept_all
    threshold = float(project.series.get("translation_threshold", 0.9))
    completeness, problems = _prepare(project, langs, console, opts.strict)
    (project.work_dir / "stamps").mkdir(parents=True, exist_ok=True)
    lang_digests: dict[str, str] = {}
    jobs = opts.jobs or os.cpu_count() or 1
    artefacts: list[Artefact] = []
    warnings: list[str] = []
    failures: list[str] = []
    pending_pdf: dict[cf.Future, tuple[str, str]] = {}
    lang_done: dict[str, tuple[str, list[Artefact], list[str]]] = {}

    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        products = [k for k in PRINT_PRODUCTS if k in opts.formats]
        wants_pdf = "pdf" in opts.formats or bool(products)
        per_lang = (
            1 + ("epub" in opts.formats) + (len(slugs) * (1 + len(products)) if wants_pdf else 0)
        )
        task = progress.add_task("building", total=len(langs) * per_lang)
        todo = []
        for lang in langs:
            key = "|".join(
                [
                    ",".join(slugs),
                    ",".join(opts.formats),
                    page_size,
                    json.dumps(completeness[lang], sort_keys=True),
                    str(epoch),
                ]
            )
            digest = lang_digests[lang] = language_inputs(project, lang, digests) + key
            kept = _up_to_date(project, lang, digest, opts.strict, digests)
            if kept is None:
                todo.append((lang, digest))
                continue
            artefacts += kept
            progress.update(task, advance=per_lang, description=f"{lang}: up to date")
        digests.save()
        if not todo:  # nothing to build: the published edition stays as it is
            _stamp_edition(project, inputs, lang_digests, problems)
            for art in artefacts:
                art.path = str(project.build_dir / art.path)
            return artefacts
        staging = stage()
        pool = workers.pool(jobs)
        try:
            lang_futs = {}
            for lang, digest in todo:
                fut = pool.submit(
                    workers.guarded,
                    build_language,
                    project,
                    lang,
                    slugs,
                    list(opts.formats),
                    opts.strict,
                    completeness[lang],
                    threshold,
                    epoch,
                    staging,
                    page_size,
                )
                lang_futs[fut] = (lang, digest)
            waiting = set(lang_futs)
            while waiting or pending_pdf:
                done, _ = cf.wait(waiting | set(pending_pdf), return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    if fut in lang_futs:
                        waiting.discard(fut)
                        lang, digest = lang_futs[fut]
                        try:
                            res: LangResult = fut.result()
                        except Exception as exc:  # noqa: BLE001 - reported with its language
                            failures.append(_failure(lang, exc, opts))
                            progress.update(task, advance=per_lang)
                            continue
                        warnings += [f"[{lang}] {w}" for w in res.warnings]
                        artefacts += res.artefacts
                        if lang in lang_done:  # the EPUB task: the language's last Sphinx runs
                            lang_done[lang][1].extend(res.artefacts)
                            lang_done[lang][2].extend(res.warnings)
                            progress.update(
                                task, advance=1, description=f"{lang}: EPUBs ({res.seconds:.1f} s)"
                            )
                            continue
                        lang_done[lang] = (digest, list(res.artefacts), list(res.warnings))
                        progress.update(
                            task,
                            advance=1,
                            description=f"{lang}: Sphinx done ({res.seconds:.1f} s)",
                        )
                        if "epub" in opts.formats:  # beside the PDFs, which wait for print HTML
                            ef = pool.submit(
                                workers.guarded,
                                build_epubs,
                                project,
                                lang,
                                slugs,
                                opts.strict,
                                completeness[lang],
                                threshold,
                                epoch,
                                staging,
                                res.book_digests,
                            )
                            lang_futs[ef] = (lang, digest)
                            waiting.add(ef)
                        # The PDF and the print products of each book render side by side:
                        # all are made from the prepared print HTML.
                        for slug, prepared in res.print_html.items():
                            meta = res.meta[slug]
                            pf = pool.submit(
                                workers.guarded,
                                build_pdf,
                                *(project, lang, slug, Path(prepared), meta, staging),
                            )
                            pending_pdf[pf] = (lang, slug, "pdf")
                            for kind in products:
                                pf = pool.submit(
                                    workers.guarded,
                                    build_print_product,
                                    *(project, lang, slug, kind, meta, page_size, staging),
                                )
                                pending_pdf[pf] = (lang, slug, kind)
                    else:
                        lang, slug, kind = pending_pdf.pop(fut)
                        try:
                            art = fut.result()
                        except Exception as exc:  # noqa: BLE001
                            failures.append(_failure(_job_name(slug, lang, kind), exc, opts))
                            progress.update(task, advance=1)
                            continue
                        artefacts.append(art)
                        if lang in lang_done:
                            lang_done[lang][1].append(art)
                        progress.update(
                            task,
                            advance=1,
                            description=f"{_job_name(slug, lang, kind)} ({art.seconds:.1f} s)",
                        )
                if failures:  # all or nothing: no point finishing the other jobs
                    break
        finally:
            workers.stop(pool)

    failures += _report_warnings(console, warnings, opts)
    if failures:
        for f in failures:
            console.print(
                f"error: {f}", markup=False, soft_wrap=True, highlight=False, style="bold red"
            )
        console.print(
            "nothing was published: the previous edition is unchanged", markup=False, soft_wrap=True
        )
        raise BuildError("; ".join(failures))
    published = _publish(project, staging, artefacts, lang_done)
    _stamp_edition(project, inputs, lang_digests, problems)
    return published


def _edition_inputs(
    project: Project,
    opts: Options,
    slugs: list[str],
    langs: list[str],
    page_size: str,
    epoch: int,
    digests: FileDigests,
) -> str:
    """Digest of everything a build is made from: the work folder (catalogues, covers, fonts) is
    made from these files too, and package versions are pinned in pyproject.toml."""
    what = [slugs, langs, list(opts.formats), page_size, epoch, opts.strict, sys.version]
    return tree_digest(
        [
            project.source_dir,
            project.locale_dir,
            project.styles_dir,
            REPO / "build_tools",
            REPO / "pyproject.toml",
        ],
        extra=json.dumps(what),
        digests=digests,
    )


def _stamp_edition(
    project: Project, inputs: str, lang_digests: dict[str, str], problems: dict[str, list[str]]
) -> None:
    """What the published edition was built from, written after it was published."""
    stamp = project.work_dir / "stamps" / "edition.json"
    record = {"inputs": inputs, "languages": lang_digests, "problems": problems}
    tmp = stamp.with_name(f".{stamp.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False))
    tmp.replace(stamp)


def _unchanged_edition(
    project: Project, inputs: str, strict: bool, digests: FileDigests, console
) -> list[Artefact] | None:
    """The published artefacts, when nothing the last build was made from changed and every
    published file still has its hash: a no-op then prepares nothing (no catalogue state, cover,
    icon or font subset is looked at; they are made from the same inputs)."""
    stamp = project.work_dir / "stamps" / "edition.json"
    try:
        record = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return None
    if record.get("inputs") != inputs:
        return None
    artefacts: list[Artefact] = []
    for lang, digest in record["languages"].items():
        kept = _up_to_date(project, lang, digest, strict, digests)
        if kept is None:
            return None
        artefacts += kept
    digests.save(keep=True)  # the work folder's files were not looked at: keep their digests
    for found in record["problems"].values():  # said again, as every build says them
        for d in found:
            console.print(f"warning: {d}", markup=False, highlight=False, soft_wrap=True)
    for art in artefacts:
        art.path = str(project.build_dir / art.path)
    return artefacts


def _failure(what: str, exc: BaseException, opts: Options) -> str:
    """One line for an error raised in a worker; where it happened; the traceback only with
    --debug."""
    if isinstance(exc, workers.WorkerError):
        text = f"{what}: {exc.message}"
        if exc.kind not in ("BuildError", "ConfigError"):
            text += f" (at {exc.where})" if exc.where else ""
            text += os_advice(exc.errno, exc.filename)
        if os.environ.get("DT_DEBUG") == "1":
            text += "\n" + exc.trace
        return text
    return f"{what}: {type(exc).__name__}: {exc}"


def os_advice(err: int | None, filename: str | None) -> str:
    """What to do about a system error while writing (full disk, read-only folder, permissions)."""
    import errno as E  # noqa: PLC0415

    where = f" {filename}" if filename else ""
    if err == E.ENOSPC:
        return (
            f"; the disk holding{where} is full: "
            "free some space (or set BUILD_DIR to another disk) and build again"
        )
    if err == E.EROFS:
        return (
            f"; the folder of{where} is read-only: "
            "make it writable (or set BUILD_DIR) and build again"
        )
    if err in (E.EACCES, E.EPERM):
        return (
            f"; no permission to write{where}: "
            "fix its owner or permissions (or set BUILD_DIR) and build again"
        )
    return ""


def _report_warnings(console, warnings: list[str], opts: Options) -> list[str]:
    known = known_warnings()
    used = set()
    real = []
    for w in warnings:
        hit = next((p for p in known if p.search(w)), None)
        if hit:
            used.add(hit.pattern)
        else:
            real.append(w)
    for w in real:
        console.print(w, markup=False, soft_wrap=True, highlight=False, style="yellow")
    failures = []
    if opts.strict:
        if real:
            failures.append(
                f"{len(real)} Sphinx warning(s) in strict mode; fix them (each names file:line), "
                "or add a pattern to build_tools/known-warnings.txt with a reason"
            )
        partial = (
            opts.toolkit or opts.lang or opts.shard
        )  # a pattern may occur in the part not built
        unused = [p.pattern for p in known if p.pattern not in used] if not partial else []
        if unused:
            failures.append(
                "known-warnings.txt lists patterns that no longer occur; remove them: "
                + "; ".join(unused)
            )
    return failures


def _publish(
    project: Project,
    staging: Path,
    artefacts: list[Artefact],
    lang_done: dict[str, tuple[str, list[Artefact], list[str]]],
) -> list[Artefact]:
    """Hash the staged files, write the manifest into the edition, switch it live, then write the
    stamps."""
    build_dir = project.build_dir
    # Sizes and pages beside the download links, now that every file is staged (downloads.py).
    from .extensions import offline  # noqa: PLC0415

    changed = downloads.fill(staging / "site", project.work_dir / "locale")
    for lang_dir in sorted({page.relative_to(staging / "site").parts[0] for page in changed}):
        offline.refresh(staging / "site" / lang_dir)  # the offline lists name the pages' new sizes
    for art in artefacts:
        p = Path(art.path)
        if p.is_relative_to(staging):
            art.path = str(p.relative_to(staging))
        elif p.is_relative_to(build_dir):  # kept from a stamp
            art.path = str(p.relative_to(build_dir))
        staged = staging / art.path
        if art.format == "html":
            art.bytes = sum(f.stat().st_size for f in staged.rglob("*") if f.is_file())
            art.sha256 = site_digest(staged)
        else:
            art.bytes = staged.stat().st_size
            art.sha256 = sha256(staged)
            if art.format == "pdf" and art.pages is None:
                art.pages = downloads.pdf_pages(staged)
    manifest = write_manifest(staging, artefacts)
    current = edition.published(build_dir)
    if (
        current
        and all(not a.rebuilt for a in artefacts)
        and (current / "manifest.json").is_file()
        and (current / "manifest.json").read_bytes() == manifest
    ):
        edition.abort(
            build_dir, staging
        )  # nothing changed: keep the published edition as it is (no-op)
    else:
        edition.publish(build_dir, staging)
    # Stamps only after publication, from the published files' hashes.
    for lang, (digest, arts, warns) in lang_done.items():
        (project.work_dir / "stamps" / f"lang-{lang}.json").write_text(
            json.dumps(
                {"digest": digest, "clean": not warns, "artefacts": [asdict(a) for a in arts]},
                indent=1,
            )
        )
    for art in artefacts:
        art.path = str(build_dir / art.path)
    return artefacts


def write_manifest(root: Path, artefacts: list[Artefact]) -> bytes:
    """manifest.json of the edition in *root*: this build's artefacts merged with what earlier
    (filtered) builds published and is still there (paths are relative to the edition, so to the
    build folder)."""
    path = root / "manifest.json"
    entries = {}
    if path.exists():
        for a in json.loads(path.read_text()).get("artefacts", []):
            if (root / a["path"]).exists():
                entries[(a["toolkit"], a["language"], a["format"])] = a
    for a in artefacts:
        d = asdict(a)
        d.pop("seconds"), d.pop("rebuilt")
        entries[(a.toolkit, a.language, a.format)] = d
    data = {"artefacts": [entries[k] for k in sorted(entries)]}
    text = (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()
    tmp = path.with_name(".manifest.json.tmp")
    tmp.write_bytes(text)
    tmp.replace(path)
    return text


def read_manifest(build_dir: Path) -> list[Artefact]:
    """The artefacts of the published edition (e.g. merged from shards), each checked against its
    sha256."""
    path = build_dir / "manifest.json"
    if not path.is_file():
        raise BuildError(f"{path}: no manifest; build (or merge shards into) {build_dir} first")
    arts = []
    for a in json.loads(path.read_text())["artefacts"]:
        art = Artefact(**{**a, "path": str(build_dir / a["path"]), "rebuilt": False})
        target = Path(art.path)
        actual = (
            site_digest(target)
            if art.format == "html"
            else sha256(target)
            if target.is_file()
            else ""
        )
        if actual != art.sha256:
            raise BuildError(
                f"{path}: {a['path']} is missing or differs from its sha256 in the manifest; "
                "build or merge again"
            )
        arts.append(art)
    return arts


def summary(console, artefacts: list[Artefact], seconds: float) -> None:
    if artefacts and not any(a.rebuilt for a in artefacts):  # a no-op: one line, not 40 rows
        console.print(
            f"Build finished in {seconds:.1f} s: nothing to do, the published edition is up to "
            f"date ({len(artefacts)} artefacts unchanged, listed in build/manifest.json)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return
    from rich.table import Table  # noqa: PLC0415

    table = Table(title=f"Build finished in {seconds:.1f} s")
    for col in ("artefact", "pages", "size", "seconds", "state"):
        table.add_column(col, justify="right" if col in ("pages", "size", "seconds") else "left")
    for a in sorted(artefacts, key=lambda a: (a.language, a.toolkit, a.format)):
        name = Path(a.path).name if a.format != "html" else f"site/{a.language}/"
        table.add_row(
            name,
            str(a.pages or ""),
            f"{a.bytes / 1024:.0f} KiB",
            f"{a.seconds:.1f}",
            "rebuilt" if a.rebuilt else "unchanged",
        )
    console.print(table)
