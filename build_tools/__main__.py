"""Command line of the Diaspora Toolkits: ``python -m build_tools <task>``.

Every task documents itself: ``python -m build_tools --help`` (and
``make help``) list them from the docstrings below.
"""

from __future__ import annotations

import argparse
import os
import sys

from .project import Project


def cmd_build(args) -> int:
    """Build the site, EPUBs and PDFs (filters: --toolkit, --lang, --formats)."""
    from .build import BuildError, Options, run

    formats = tuple(f for f in args.formats.split(",") if f)
    try:
        run(Project(), Options(toolkit=args.toolkit, lang=args.lang, formats=formats, strict=args.strict,
                               jobs=args.jobs, page_size=args.page_size))
    except BuildError:
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
    from .l10n import gettext

    print(gettext(Project()))
    return 0


def cmd_update_po(args) -> int:
    """Refresh the catalogues of --lang (default: all) from the templates, then normalise them."""
    from .l10n import gettext, update_po

    project = Project()
    gettext(project)
    update_po(project, project.select(None, args.lang)[1])
    return 0


def cmd_add_language(args) -> int:
    """Start a new language: create locales/<lang>/ with empty catalogues."""
    from .l10n import add_language, gettext

    if not args.lang:
        print("error: say which language: make add-language BOOK_LANG=so", file=sys.stderr)
        return 2
    project = Project()
    gettext(project)
    add_language(project, args.lang)
    print(f"created locales/{args.lang}/LC_MESSAGES; translate the .po files there (see TRANSLATING.md)")
    return 0


def cmd_stats(args) -> int:
    """Print translated / fuzzy / untranslated messages and words per toolkit and language."""
    from .stats import print_table

    print_table(Project(), args.lang)
    return 0


def cmd_check_po(args) -> int:
    """Check catalogues (syntax, roles, numbers, links, unsafe markup); print file:line and the fix."""
    from .check_po import check

    project = Project()
    langs = [l for l in project.select(None, args.lang)[1] if l != "en"]
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
    """Check the glossary and its use (definitions, references, first uses, translations); print file:line and the fix."""
    from .glossary_tools import check_definitions, check_first_use, check_references, check_translations

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
        print(f"{lang}: {c.checked - len(c.offending)}/{c.checked} term uses translated with the approved term "
              f"({c.ratio:.0%}; threshold {threshold:.0%}) {state}")
        failed |= c.ratio < threshold
    return 1 if failed else 0


COMMANDS = {"build": cmd_build, "languages": cmd_languages, "toolkits": cmd_toolkits, "gettext": cmd_gettext,
            "update-po": cmd_update_po, "check-po": cmd_check_po, "termbase": cmd_termbase,
            "check-glossary": cmd_check_glossary, "add-language": cmd_add_language, "stats": cmd_stats}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name, fn in COMMANDS.items():
        p = sub.add_parser(name, help=fn.__doc__.splitlines()[0], description=fn.__doc__)
        if name == "build":
            p.add_argument("--toolkit", default=os.environ.get("TOOLKIT") or None)
            p.add_argument("--lang", default=os.environ.get("BOOK_LANG") or None)
            p.add_argument("--formats", default="html,epub,pdf")
            p.add_argument("--strict", action="store_true", default=os.environ.get("STRICT") == "1")
            p.add_argument("--jobs", type=int, default=0)
            p.add_argument("--page-size", default=os.environ.get("PAGE_SIZE") or None)
        if name in ("check-po", "check-glossary"):
            p.add_argument("--verbose", action="store_true", help="also print notes (fuzzy, length ratios)")
        if name in ("update-po", "add-language", "stats", "check-po", "termbase", "check-glossary"):
            p.add_argument("--lang", default=os.environ.get("BOOK_LANG") or None)
        p.set_defaults(fn=fn)
    args = parser.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
