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


COMMANDS = {"build": cmd_build, "languages": cmd_languages, "toolkits": cmd_toolkits}


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
        p.set_defaults(fn=fn)
    args = parser.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
