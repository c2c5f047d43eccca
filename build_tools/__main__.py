"""Command line of the Diaspora Toolkits: ``python -m build_tools <task>``.

Every task documents itself: ``python -m build_tools --help`` (and
``make help``) list them from the docstrings below.

Every value is checked before anything runs (``arguments``); every error ends
in one sentence on stderr, without a traceback unless ``--debug`` (or
``DEBUG=1``) is given.  The Makefile passes values through the environment.
"""

from __future__ import annotations

import argparse
import os
import sys

from .arguments import (
    ArgumentError,
    validate_chapter,
    validate_docx,
    validate_language,
    validate_languages,
    validate_page_size,
    validate_ref,
    validate_toolkits,
)
from .project import Project


def cmd_build(args) -> int:
    """Build the site, EPUBs and PDFs (filters: --toolkit, --lang, --formats)."""
    from .build import FORMATS, PRINT_PRODUCTS, BuildError, Options, run

    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = [f for f in formats if f not in FORMATS + PRINT_PRODUCTS]
    if unknown:
        raise ArgumentError(
            f"--formats {','.join(unknown)}: unknown format; use some of "
            f"{', '.join(dict.fromkeys(FORMATS + PRINT_PRODUCTS))}"
        )
    try:
        run(
            Project(),
            Options(
                toolkit=args.toolkit,
                lang=args.lang,
                formats=formats,
                strict=args.strict,
                jobs=args.jobs,
                page_size=args.page_size,
                wait=not args.no_wait,
                shard=args.shard,
            ),
        )
    except BuildError:
        return 1
    return 0


def cmd_merge(args) -> int:
    """Publish the union of shard builds (site, downloads, print, manifest) in BUILD_DIR:
    merge DIR..."""
    from pathlib import Path

    from .shards import MergeError, merge

    try:
        merge([Path(d) for d in args.dirs], Project().build_dir)
    except MergeError as exc:
        _error(str(exc))
        return 1
    return 0


def cmd_languages(args) -> int:
    """Print the languages (from locales/) one per line."""
    print("\n".join(Project().languages))
    return 0


def cmd_toolkits(args) -> int:
    """Print the toolkits (from source/*/index.md) one per line."""
    print("\n".join(k.slug for k in Project().toolkits))
    return 0


def cmd_gettext(args) -> int:
    """Extract message templates (.pot) of every document and of the interface."""
    from .l10n.workflow import gettext

    print(gettext(Project()))
    return 0


def cmd_update_po(args) -> int:
    """Refresh the catalogues of --lang (default: all) from the templates, then normalise them."""
    from .l10n.workflow import gettext, update_po

    project = Project()
    gettext(project)
    update_po(project, project.select(None, args.lang)[1])
    return 0


def cmd_add_language(args) -> int:
    """Start a new language: create locales/<lang>/ with empty catalogues."""
    from .l10n.workflow import add_language, gettext

    if not args.lang:
        print("error: say which language: make add-language BOOK_LANG=so", file=sys.stderr)
        return 2
    validate_language(args.lang, new=True)
    project = Project()
    if args.lang in project.languages:
        raise ArgumentError(
            f"locales/{args.lang} exists already; to refresh it run: "
            f"make update-po BOOK_LANG={args.lang}"
        )
    gettext(project)
    add_language(project, args.lang)
    print(
        f"created locales/{args.lang}/LC_MESSAGES; "
        "translate the .po files there (see TRANSLATING.md)"
    )
    return 0


def cmd_stats(args) -> int:
    """Print translated / fuzzy / untranslated messages and words per toolkit and language."""
    from .l10n.progress import print_table

    print_table(Project(), args.lang)
    return 0


def cmd_check_po(args) -> int:
    """Check catalogues (charset, syntax, structure against the source, placeholders, numbers);
    print file:line and the fix."""
    from .l10n.check_command import check

    project = Project()
    langs = [lang for lang in project.select(None, args.lang)[1] if lang != "en"]
    findings = [f for f in check(project, langs) if f.fatal or args.verbose]
    for f in findings:
        print(f)
    errors = sum(f.fatal for f in findings)
    print(f"check-po: {errors} error(s) in {', '.join(langs)}")
    return 1 if errors else 0


def cmd_termbase(args) -> int:
    """Write the termbase (CSV and TBX) of each language to build/termbase/."""
    from .glossary_tools import write_termbase

    project = Project()
    for lang in project.select(None, args.lang)[1]:
        for path in write_termbase(project, lang, project.build_dir / "termbase"):
            print(path)
    return 0


def cmd_check_glossary(args) -> int:
    """Check the glossary and its use (definitions, references, first uses, translations);
    print file:line and the fix."""
    from .glossary_tools import (
        check_definitions,
        check_first_use,
        check_references,
        check_translations,
    )

    project = Project()
    errors = check_definitions(project) + check_references(project)
    notes = check_first_use(project)
    for f in errors:
        print(f"{f}  [error]")
    for f in notes:
        print(f"{f}  [note]")
    threshold = float(project.series.get("glossary_consistency_threshold", 0.8))
    failed = bool(errors)
    print(f"\nsource: {len(errors)} error(s), {len(notes)} unmarked first use(s)")
    for lang in project.select(None, args.lang)[1]:
        if lang == "en":
            continue
        c = check_translations(project, lang)
        if args.verbose:
            for f in c.offending:
                print(f"{f}  [{lang}]")
        state = "ok" if c.ratio >= threshold else "BELOW THRESHOLD"
        print(
            f"{lang}: {c.checked - len(c.offending)}/{c.checked} term uses translated "
            "with the approved term "
            f"({c.ratio:.0%}; threshold {threshold:.0%}) {state}"
        )
        failed |= c.ratio < threshold
    return 1 if failed else 0


def cmd_check(args) -> int:
    """Check that every format and language of the built edition says the same thing;
    print each difference."""
    from .consistency import check_build

    project = Project()
    langs = project.select(None, args.lang)[1] if args.lang else None
    findings, counts = check_build(project, langs)
    for f in findings:
        print(f)
    notes = [f for f in findings if not f.fatal]
    findings = [f for f in findings if f.fatal]
    for book, n in sorted(counts["fallbacks"].items()):
        print(f"{book}: {n} paragraph(s) still in English (untranslated fallback)")
    print(
        f"check: {len(findings)} difference(s), {len(notes)} note(s) in {counts['books']} book(s)"
    )
    return 1 if findings else 0


def cmd_linkcheck(args) -> int:
    """Check the external links of the built site (needs a network; not part of CI)."""
    import urllib.error
    import urllib.request

    from .consistency import external_links

    project = Project()
    urls = external_links(project)
    out = project.build_dir / "external-links.txt"
    out.write_text("\n".join(urls) + "\n")
    print(f"{len(urls)} external links listed in {out}")
    bad = 0
    for url in urls:
        try:
            req = urllib.request.Request(
                url, method="HEAD", headers={"User-Agent": "diaspora-toolkits-linkcheck"}
            )
            urllib.request.urlopen(req, timeout=10)
        except (urllib.error.URLError, OSError) as exc:
            bad += 1
            print(f"broken or unreachable: {url} ({exc})")
    print(f"linkcheck: {bad} of {len(urls)} unreachable")
    return 1 if bad else 0


def cmd_check_po_change(args) -> int:
    """Fail when a change both refreshes catalogues and translates
    (compare with --base, default HEAD)."""
    from .l10n.change_rule import check

    problems = check(Project().root, args.base)
    for p in problems:
        print(f"error: {p}")
    print(
        f"check-po-change: {'refresh and translation mixed' if problems else 'ok'} "
        f"(against {args.base})"
    )
    return 1 if problems else 0


def cmd_readability(args) -> int:
    """Words, Flesch reading ease and long sentences per chapter, against the targets."""
    from .readability import (
        BODY_WORDS,
        FLESCH_TARGET,
        LONG_SENTENCE_SHARE,
        LONG_SENTENCE_WORDS,
        report,
    )

    totals: dict[str, list[int]] = {}
    misses = 0
    for name, words, score, count, long in report(Project()):
        flag = (
            ""
            if score >= FLESCH_TARGET
            else f"  below {FLESCH_TARGET}: shorten sentences and words"
        )
        misses += score < FLESCH_TARGET
        print(f"{name:<58} {words:>6} words  Flesch {score:5.1f}  {long:>3}/{count:<4} long{flag}")
        t = totals.setdefault(name.split("/")[0], [0, 0, 0])
        t[0], t[1], t[2] = t[0] + words, t[1] + count, t[2] + long
    lo, hi = BODY_WORDS
    for kit, (words, count, long) in totals.items():
        share = long / max(1, count)
        bad = [f"body text outside {lo:,}-{hi:,} words"] if not lo <= words <= hi else []
        bad += (
            [f"over {LONG_SENTENCE_SHARE:.0%} of sentences longer than {LONG_SENTENCE_WORDS} words"]
            if share > LONG_SENTENCE_SHARE
            else []
        )
        misses += len(bad)
        print(
            f"{kit}: {words} words of body text; "
            f"{long} of {count} sentences over {LONG_SENTENCE_WORDS} words "
            f"({share:.2%})" + ("  " + "; ".join(bad) if bad else "")
        )
    return 1 if misses else 0


def cmd_check_facts(args) -> int:
    """List every dated fact with its age; flag stale, unknown, unused and badly registered
    sources; write the CSV."""
    from .facts import check, print_report, register_path, today_for_checks, write_csv

    project = Project()
    try:
        today = today_for_checks(args.today)
    except ValueError:
        print(
            f"error: --today {args.today!r} is not a date; write it as YYYY-MM-DD", file=sys.stderr
        )
        return 2
    report = check(project, today)
    print_report(report)
    csv_path = write_csv(report, register_path(project))
    print(f"facts register: {csv_path} ({len(report.rows)} row(s))")
    failed = report.errors or (args.strict and report.warnings)
    return 1 if failed else 0


def cmd_import_docx(args) -> int:
    """Convert a Word manuscript into a MyST chapter of --toolkit (pandoc + our conventions)."""
    from .docx_import import convert

    docx = validate_docx(args.file)
    if not args.toolkit:
        raise ArgumentError(
            "TOOLKIT is missing; say which toolkit: "
            "make import-docx FILE=chapter.docx TOOLKIT=networking"
        )
    target, report = convert(docx, Project(), args.toolkit, args.chapter, force=args.force)
    print(f"wrote {target}")
    for note in report.notes:
        print(f"  to do: {note}")
    return 0


def cmd_docx(args) -> int:
    """Write a Word review copy per toolkit and language (build/review/*.docx)
    from the built print HTML."""
    from .artefacts import review_copy
    from .docx_export import export, reference_docx
    from .project import source_date_epoch

    project = Project()
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch(project.root)))
    kits, langs = project.select(args.toolkit, args.lang)
    ref = reference_docx(project.work_dir / "reference.docx")
    missing = 0
    for lang in langs:
        for kit in kits:
            html = project.work_dir / "print" / lang / kit.slug / "book.print.html"
            if not html.exists():
                print(f"error: {html} not built; run: make pdf TOOLKIT={kit.slug} BOOK_LANG={lang}")
                missing += 1
                continue
            print(export(html, project.build_dir / review_copy(kit.slug, lang), ref, lang))
    return 1 if missing else 0


def cmd_serve(args) -> int:
    """Live preview: rebuild the site of --lang on every save and reload the browser."""
    import subprocess

    project = Project()
    lang = (args.lang or "en").split(",")[0]
    out = project.build_dir / "serve" / lang
    print(f"Serving {lang} at http://127.0.0.1:{args.port}/  (Ctrl-C to stop)")
    from .l10n import catalogues

    catalogues.compile_language(
        project.locale_dir, project.work_dir / "locale", lang, project.source_dir
    )
    cmd = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(project.source_dir),
        str(out),
        "-D",
        f"language={lang}",
        "-D",
        f"locale_dirs={project.work_dir / 'locale'}",
        "-d",
        str(project.work_dir / "serve-doctrees" / lang),
        "--port",
        str(args.port),
        "--host",
        "127.0.0.1",
        "--watch",
        str(project.styles_dir),
        "-D",
        "html_static_path="
        + ",".join(
            str(p)
            for p in (
                project.work_dir / "static" / lang,
                project.work_dir / "fonts" / lang / "web",
                project.styles_dir / "common",
                project.styles_dir / "html",
            )
        ),
        "-D",
        "html_css_files=fonts.css,toolkit.css,site.css",
    ]
    return subprocess.call(cmd)


def cmd_new_edition(args) -> int:
    """Start a new edition of --toolkit: bump book.toml and open a "What's new" entry."""
    from .release import new_edition

    if not args.toolkit:
        print("error: say which toolkit: make new-edition TOOLKIT=networking", file=sys.stderr)
        return 2
    edition, news = new_edition(Project(), args.toolkit, args.date)
    print(f"{args.toolkit} is now edition {edition}; describe the changes in {news}")
    return 0


def cmd_release(args) -> int:
    """Strict build of everything, then dist/<edition>/ with checksums and one zip per language."""
    from .build import BuildError, Options, read_manifest, run
    from .l10n.progress import completeness
    from .release import release, verify

    project = Project()
    try:
        # --merged: the edition is already built (strict shards, merged in CI): release it as it is.
        built = (
            read_manifest(project.build_dir) if args.merged else run(project, Options(strict=True))
        )
    except BuildError as exc:
        print(
            f"release refused: {exc}"
            if args.merged
            else "release refused: the strict build failed (see above)"
        )
        return 1
    comp = {lang: completeness(project, lang) for lang in project.languages}
    dist, refused = release(project, built, comp)
    for r in refused:
        print(f"not released: {r}")
    problems = verify(dist)
    for p in problems:
        print(f"error: {p}")
    print(
        f"release written to {dist} ({len(list(dist.iterdir()))} files); SHA256SUMS "
        f"{'verified' if not problems else 'FAILED'}"
    )
    return 1 if problems else 0


def cmd_preflight(args) -> int:
    """Preflight every built PDF: variant, boxes, bleed, fonts, images, pages, tags, language,
    title, alt text."""
    from pathlib import Path

    from .print_shop import preflight

    project = Project()
    rows, issues = [], []
    pdfs = sorted((project.build_dir / "site" / "downloads").glob("*.pdf")) + sorted(
        (project.build_dir / "print").glob("*.pdf")
    )
    for path in pdfs:
        kind = (
            "print"
            if path.parent.name == "print"
            else "booklet"
            if path.stem.endswith("-booklet")
            else "forms"
            if path.stem.endswith("-worksheets")
            else "screen"
        )
        facts, found = preflight(Path(path), kind)
        rows.append(facts)
        issues += found
    for f in rows:
        extra = (
            f" figures {f['figures_with_alt']}/{f['figures']} with alt" if "figures" in f else ""
        )
        extra += f" fields {f['fields']}" if "fields" in f else ""
        print(
            f"{f['file']:<40} {f['kind']:<8} PDF {f['version']} {f['variant']:<10} "
            f"{f['pages']:>4} pages "
            f"lang={f['lang'] or '-'}{extra}"
        )
    for i in issues:
        print(f"issue: {i}")
    print(f"preflight: {len(issues)} issue(s) in {len(rows)} PDF(s)")
    return 1 if issues else 0


COMMANDS = {
    "build": cmd_build,
    "merge": cmd_merge,
    "languages": cmd_languages,
    "toolkits": cmd_toolkits,
    "gettext": cmd_gettext,
    "update-po": cmd_update_po,
    "check-po": cmd_check_po,
    "termbase": cmd_termbase,
    "check-glossary": cmd_check_glossary,
    "check-facts": cmd_check_facts,
    "check": cmd_check,
    "preflight": cmd_preflight,
    "import-docx": cmd_import_docx,
    "docx": cmd_docx,
    "serve": cmd_serve,
    "new-edition": cmd_new_edition,
    "release": cmd_release,
    "readability": cmd_readability,
    "check-po-change": cmd_check_po_change,
    "linkcheck": cmd_linkcheck,
    "add-language": cmd_add_language,
    "stats": cmd_stats,
}


def _validate(args) -> None:
    """Every value from the command line or the environment, before anything runs."""
    if getattr(args, "lang", None) and args.cmd != "add-language":
        args.lang = validate_languages(args.lang)
    if getattr(args, "toolkit", None):
        args.toolkit = validate_toolkits(args.toolkit, [k.slug for k in Project().toolkits])
    if getattr(args, "shard", None):
        from .shards import parse_shard

        args.shard = parse_shard(args.shard)
    if getattr(args, "page_size", None):
        args.page_size = validate_page_size(args.page_size)
    if hasattr(args, "chapter"):
        args.chapter = validate_chapter(args.chapter)
    if getattr(args, "base", None):
        args.base = validate_ref(args.base)
    if getattr(args, "date", None):
        import datetime as dt

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            raise ArgumentError(
                f"DATE={args.date!r} is not a date; write it as YYYY-MM-DD"
            ) from None


def _error(message: str) -> None:
    # Plain print, never a console with markup: a message may contain [brackets] (YAML, paths).
    print(f"error: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("DEBUG") == "1"
    argv = [a for a in argv if a != "--debug"]
    if debug:
        os.environ["DT_DEBUG"] = "1"  # workers' tracebacks are printed too
    try:
        return _main(argv)
    except Exception as exc:
        if debug:
            raise
        _error(_sentence(exc))
        return 2 if isinstance(exc, ArgumentError) else 1
    except KeyboardInterrupt:
        _error("interrupted; nothing was published, the previous edition is unchanged")
        return 130
    except BaseException as exc:
        if type(exc).__name__ != "Interrupted":
            raise
        _error(f"{exc}; nothing was published, the previous edition is unchanged")
        return 143


def _sentence(exc: Exception) -> str:
    """One line for any error: ours say what to do; system errors get the file and the advice."""
    from .docx_import import DocxImportError
    from .edition import BuildLocked
    from .project import ConfigError

    if isinstance(exc, (ArgumentError, ConfigError, BuildLocked, DocxImportError)):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        from .build import (
            os_advice,
        )  # here only: importing the build costs ~0.3 s of a refused command

        where = f"{exc.filename}: " if exc.filename else ""
        advice = (
            os_advice(exc.errno, exc.filename) or "; check the file and its folder, then try again"
        )
        return f"{where}{exc.strerror}{advice}"
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"a file is not UTF-8 ({exc}); save it as UTF-8 (run again with --debug to see which)"
        )
    return f"{type(exc).__name__}: {exc} (run again with --debug for the details)"


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m build_tools",
        description=__doc__.splitlines()[0],
        epilog="--debug (anywhere, or DEBUG=1): show tracebacks of errors",
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name, fn in COMMANDS.items():
        # The summary is the docstring's first paragraph, so that it can wrap at 100 columns.
        summary = " ".join(fn.__doc__.split("\n\n")[0].split())
        p = sub.add_parser(name, help=summary, description=fn.__doc__)
        if name == "build":
            p.add_argument("--toolkit", default=os.environ.get("TOOLKIT") or None)
            p.add_argument("--lang", default=os.environ.get("BOOK_LANG") or None)
            p.add_argument("--formats", default="html,epub,pdf,worksheets")
            p.add_argument("--strict", action="store_true", default=os.environ.get("STRICT") == "1")
            p.add_argument("--jobs", type=int, default=0)
            p.add_argument("--page-size", default=os.environ.get("PAGE_SIZE") or None)
            p.add_argument(
                "--no-wait",
                action="store_true",
                default=os.environ.get("NO_WAIT") == "1",
                help="exit at once if another build is using the build folder",
            )
            p.add_argument(
                "--shard",
                default=os.environ.get("SHARD") or None,
                help="K/N: build shard K of N of the languages "
                "(CI spreads a build over N machines)",
            )
        if name == "release":
            p.add_argument(
                "--merged",
                action="store_true",
                help="release the published edition of BUILD_DIR (merged from strict shards) "
                "without building",
            )
        if name == "merge":
            p.add_argument("dirs", nargs="+", metavar="DIR", help="build folders of the shards")
        if name == "import-docx":
            p.add_argument("file", nargs="?", default=os.environ.get("FILE") or None)
            p.add_argument("--toolkit", default=os.environ.get("TOOLKIT") or None)
            p.add_argument("--chapter", default=os.environ.get("CHAPTER") or None)
            p.add_argument(
                "--force",
                action="store_true",
                default=os.environ.get("FORCE") == "1",
                help="replace an existing chapter of the same name",
            )
        if name in ("docx", "new-edition"):
            p.add_argument("--toolkit", default=os.environ.get("TOOLKIT") or None)
        if name == "docx":
            p.add_argument("--lang", default=os.environ.get("BOOK_LANG") or None)
        if name == "new-edition":
            p.add_argument("--date", default=os.environ.get("DATE") or None)
        if name == "serve":
            p.add_argument("--lang", default=os.environ.get("BOOK_LANG") or None)
            p.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        if name == "check-facts":
            p.add_argument(
                "--today",
                default=os.environ.get("TODAY") or None,
                help="date the ages from this day (YYYY-MM-DD; default SOURCE_DATE_EPOCH or today)",
            )
            p.add_argument(
                "--strict",
                action="store_true",
                default=os.environ.get("STRICT") == "1",
                help="also fail on stale facts, unused sources and old-style boxes",
            )
        if name == "check-po-change":
            p.add_argument("--base", default=os.environ.get("BASE") or "HEAD")
        if name in ("check-po", "check-glossary"):
            p.add_argument(
                "--verbose", action="store_true", help="also print notes (fuzzy, length ratios)"
            )
        if name in (
            "update-po",
            "add-language",
            "stats",
            "check-po",
            "termbase",
            "check-glossary",
            "check",
        ):
            p.add_argument("--lang", default=os.environ.get("BOOK_LANG") or None)
        p.set_defaults(fn=fn)
    args = parser.parse_args(argv)
    _validate(args)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
