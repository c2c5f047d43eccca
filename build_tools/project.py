"""What the project is made of, read from the filesystem.

Toolkits are the folders of ``source/`` that hold an ``index.md`` and a
``book.toml``; languages are the folders of ``locales/`` plus the source
language.  Nothing else in the repository lists them (Makefile, CI and Sphinx
configuration all ask this module).
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_LANGUAGE = "en"
# Scripts written right to left.  A language not listed here is left to right.
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur", "he", "syr", "dv"})


@dataclass(frozen=True)
class Toolkit:
    slug: str
    number: int
    edition: str
    date: str
    colour: str
    isbn: str = ""
    doi: str = ""
    credits: tuple[str, ...] = ()
    required: tuple[str, ...] = ()     # labels of sections the toolkit must have

    @property
    def label_prefix(self) -> str:
        return f"{self.slug}-"


@dataclass
class Project:
    """A project tree: the real one, or a fixture under ``tests/``."""

    root: Path = field(default_factory=lambda: Path(os.environ.get("DT_ROOT", REPO)))
    build_dir: Path | None = None
    styles_dir: Path = field(default_factory=lambda: REPO / "styles")

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        if self.build_dir is None:
            self.build_dir = Path(os.environ.get("BUILD_DIR", self.root / "build"))
        self.build_dir = Path(self.build_dir).resolve()

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locales"

    @property
    def work_dir(self) -> Path:
        """Caches and intermediate trees: never published."""
        return self.build_dir / ".work"

    @cached_property
    def series(self) -> dict:
        with open(self.source_dir / "series.toml", "rb") as fh:
            return tomllib.load(fh)

    @cached_property
    def toolkits(self) -> list[Toolkit]:
        found = []
        for index in sorted(self.source_dir.glob("*/index.md")):
            book = index.parent / "book.toml"
            if not book.exists() or index.parent.name.startswith("_"):
                continue
            with open(book, "rb") as fh:
                data = tomllib.load(fh)
            found.append(
                Toolkit(
                    slug=index.parent.name,
                    number=int(data["number"]),
                    edition=str(data["edition"]),
                    date=str(data["date"]),
                    colour=str(data.get("colour", "#1d4e89")),
                    isbn=str(data.get("isbn", "")),
                    doi=str(data.get("doi", "")),
                    credits=tuple(data.get("credits", ())),
                    required=tuple(data.get("required", ())),
                )
            )
        return sorted(found, key=lambda t: (t.number, t.slug))

    def toolkit(self, slug: str) -> Toolkit:
        for kit in self.toolkits:
            if kit.slug == slug:
                return kit
        known = ", ".join(k.slug for k in self.toolkits)
        raise SystemExit(f"error: no toolkit {slug!r} in {self.source_dir} (known: {known})")

    @cached_property
    def languages(self) -> list[str]:
        found = {SOURCE_LANGUAGE}
        if self.locale_dir.is_dir():
            found |= {p.name for p in self.locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir()}
        return [SOURCE_LANGUAGE] + sorted(found - {SOURCE_LANGUAGE})

    def select(self, toolkit: str | None = None, lang: str | None = None) -> tuple[list[Toolkit], list[str]]:
        """Apply the TOOLKIT= and BOOK_LANG= filters (comma-separated, empty = all)."""
        kits = self.toolkits
        if toolkit:
            kits = [self.toolkit(s.strip()) for s in toolkit.split(",") if s.strip()]
        langs = self.languages
        if lang:
            wanted = [s.strip() for s in lang.split(",") if s.strip()]
            unknown = [w for w in wanted if w not in langs]
            if unknown:
                raise SystemExit(
                    f"error: no catalogues for {', '.join(unknown)} in {self.locale_dir}\n"
                    f"  fix: make add-language BOOK_LANG={unknown[0]}   (known: {', '.join(langs)})"
                )
            langs = wanted
        return kits, langs


def is_rtl(lang: str) -> bool:
    return lang.split("_")[0].split("-")[0] in RTL_LANGUAGES


def source_date_epoch(root: Path = REPO) -> int:
    """SOURCE_DATE_EPOCH, or the date of the last commit, or 0 outside git."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return int(out) if out else 0
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0
