"""What the project is made of, read from the filesystem.

Toolkits are the folders of ``source/`` that hold an ``index.md`` and a
``book.toml``; languages are the folders of ``locales/`` plus the source
language.  Nothing else in the repository lists them (Makefile, CI and Sphinx
configuration all ask this module).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_LANGUAGE = "en"
# Scripts written right to left.  A language not listed here is left to right.
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur", "he", "syr", "dv"})


class ConfigError(Exception):
    """A configuration file is wrong: the message names the file (and line) and says what to
    write."""


def load_toml(path: Path) -> dict:
    """A TOML file, or ConfigError with file:line for a syntax error or bad encoding."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{path}:{m.group(1)}" if m else str(path)
        reason = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise ConfigError(
            f"{where}: {reason} (TOML syntax); fix that line: a missing closing quote or "
            'bracket is the usual cause (values look like: edition = "2")'
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8; save it as UTF-8") from None


def _line_of(path: Path, key: str) -> str:
    """':<line>' of the line that sets *key* (tomllib gives no positions for values)."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", line):
                return f":{n}"
    except (OSError, UnicodeDecodeError):
        pass
    return ""


def _field(data: dict, key: str, path: Path, kind: type, example: str, default=None):
    """data[key] converted to *kind*, or ConfigError saying what to write."""
    if key not in data:
        if default is not None:
            return default
        raise ConfigError(f"{path}: '{key}' is missing; add a line such as: {key} = {example}")
    value = data[key]
    try:
        if kind is float and isinstance(value, bool) or kind is float and isinstance(value, str):
            raise ValueError
        return kind(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{path}{_line_of(path, key)}: {key} = {value!r} is not valid; "
            f"write it like: {key} = {example}"
        ) from None


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
    required: tuple[str, ...] = ()  # labels of sections the toolkit must have

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
        path = self.source_dir / "series.toml"
        if not path.is_file():
            raise ConfigError(
                f"{path}: missing; every project needs a series.toml (see source/README.md)"
            )
        data = load_toml(path)
        for key in ("name", "publisher", "author", "licence", "licence_url", "rights", "base_url"):
            _field(data, key, path, str, '"..."')
        for key, default in (
            ("translation_threshold", 0.9),
            ("glossary_consistency_threshold", 0.8),
        ):
            share = _field(data, key, path, float, "0.90", default)
            if not 0 <= share <= 1:
                raise ConfigError(
                    f"{path}{_line_of(path, key)}: {key} = {share} "
                    "must be a share between 0 and 1, "
                    "such as 0.90"
                )
            data[key] = share
        if "page_size" in data:
            from .arguments import ArgumentError, validate_page_size  # noqa: PLC0415

            try:
                data["page_size"] = validate_page_size(str(data["page_size"]))
            except ArgumentError as exc:
                raise ConfigError(f"{path}: {exc}") from None
        return data

    @cached_property
    def toolkits(self) -> list[Toolkit]:
        found = []
        for index in sorted(self.source_dir.glob("*/index.md")):
            book = index.parent / "book.toml"
            if not book.exists() or index.parent.name.startswith("_"):
                continue
            data = load_toml(book)
            found.append(
                Toolkit(
                    slug=index.parent.name,
                    number=_field(data, "number", book, int, "1"),
                    edition=_edition(data, book),
                    date=_date(data, book),
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

    def select(
        self, toolkit: str | None = None, lang: str | None = None
    ) -> tuple[list[Toolkit], list[str]]:
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


def _edition(data: dict, path: Path) -> str:
    edition = _field(data, "edition", path, str, '"1"')
    if not re.fullmatch(r"[1-9][0-9]{0,3}", edition):
        raise ConfigError(
            f"{path}{_line_of(path, 'edition')}: edition = {edition!r} is not an edition number; "
            'write a whole number: edition = "2"'
        )
    return edition


def _date(data: dict, path: Path) -> str:
    date = _field(data, "date", path, str, '"2026-01-15"')
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise ConfigError(
            f"{path}{_line_of(path, 'date')}: date = {date!r} is not a date; "
            'write it as YYYY-MM-DD: date = "2026-01-15"'
        ) from None
    return date


def is_rtl(lang: str) -> bool:
    return lang.split("_")[0].split("-")[0] in RTL_LANGUAGES


def source_date_epoch(root: Path = REPO, from_environment: bool = True) -> int:
    """SOURCE_DATE_EPOCH, or the date of the last commit, or 0 outside git."""
    if from_environment and os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return int(out) if out else 0
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0
