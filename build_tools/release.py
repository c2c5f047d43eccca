"""Editions: ``make new-edition`` and ``make release``.

- ``new_edition``: bump a toolkit's edition in ``book.toml`` and open a
  "What's new" entry in ``whats-new.md`` (part of every format).
- ``release``: strict build; languages below the translation threshold are
  refused, with the missing messages named; ``dist/<edition>/`` gets every
  artefact under a self-explanatory name, the manifest, the facts register
  (``facts-register.csv``: every dated fact, its source and its age, for
  staff to re-check before the next edition), ``SHA256SUMS`` and one zip per
  language, all reproducible (fixed timestamps, sorted entries).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import polib

from .project import SOURCE_LANGUAGE, Project, source_date_epoch


def new_edition(project: Project, slug: str, date: str | None = None) -> tuple[str, Path]:
    kit = project.toolkit(slug)
    book = project.source_dir / slug / "book.toml"
    edition = str(int(kit.edition) + 1) if kit.edition.isdigit() else kit.edition + "+1"
    date = date or dt.date.today().isoformat()
    text = book.read_text(encoding="utf-8")
    text = re.sub(r'^edition = ".*"$', f'edition = "{edition}"', text, flags=re.M)
    text = re.sub(r'^date = ".*"$', f'date = "{date}"', text, flags=re.M)
    book.write_text(text, encoding="utf-8")
    news = project.source_dir / slug / "whats-new.md"
    lines = news.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("## "))
    entry = [
        f"## Edition {edition} ({date})",
        "",
        "- Describe here, in one line each, what changed in this edition.",
        "",
    ]
    news.write_text("\n".join(lines[:at] + entry + lines[at:]) + "\n", encoding="utf-8")
    return edition, news


def missing_messages(project: Project, lang: str, slug: str, limit: int = 10) -> list[str]:
    out = []
    for po_path in sorted((project.locale_dir / lang / "LC_MESSAGES").rglob("*.po")):
        rel = po_path.relative_to(project.locale_dir / lang / "LC_MESSAGES").as_posix()
        if not (rel.startswith(f"{slug}/") or rel.startswith("_shared/")):
            continue
        for e in polib.pofile(str(po_path)):
            if e.msgid and not e.obsolete and (not e.translated() or "fuzzy" in e.flags):
                out.append(f"{po_path}:{e.linenum}: {e.msgid[:70]!r}")
    return out[:limit] + ([f"… and {len(out) - limit} more"] if len(out) > limit else [])


def _zip(files: list[tuple[str, Path]], out: Path, epoch: int) -> None:
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, path in sorted(files):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(out)


def release_name(project: Project) -> str:
    editions = sorted({k.edition for k in project.toolkits})
    return "edition-" + "-".join(editions)


def release(
    project: Project, built: list, completeness: dict[str, dict[str, float]]
) -> tuple[Path, list[str]]:
    """Assemble dist/<edition>/ from a finished strict build; return it and the refusals."""
    threshold = float(project.series.get("translation_threshold", 0.9))
    epoch = source_date_epoch(project.root)
    dist = project.root / "dist" / release_name(project)
    staging = dist.with_name(dist.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    refused, manifest = [], []
    per_lang: dict[str, list[tuple[str, Path]]] = {}
    titles = {}
    for art in built:
        if art.format not in ("epub", "pdf"):
            continue
        ratio = completeness.get(art.language, {}).get(art.toolkit, 1.0)
        if art.language != SOURCE_LANGUAGE and ratio < threshold:
            missing = missing_messages(project, art.language, art.toolkit, 5)
            refused.append(
                f"{art.toolkit}-{art.language}: {ratio:.0%} translated "
                f"(< {threshold:.0%}); missing:\n    " + "\n    ".join(missing)
            )
            continue
        kit = project.toolkit(art.toolkit)
        titles[art.toolkit] = kit
        name = (
            f"diaspora-toolkits_{art.toolkit}_{art.language}"
            f"_edition-{kit.edition}_{kit.date}.{art.format}"
        )
        target = staging / name
        shutil.copyfile(art.path, target)
        per_lang.setdefault(art.language, []).append((name, target))
        manifest.append(
            {
                "toolkit": art.toolkit,
                "language": art.language,
                "format": art.format,
                "file": name,
                "bytes": target.stat().st_size,
                "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
                "pages": art.pages,
                "edition": kit.edition,
                "date": kit.date,
            }
        )
    refused = sorted(set(refused))
    _facts_register(project, staging, epoch)
    (staging / "manifest.json").write_text(
        json.dumps(
            {"release": dist.name, "artefacts": sorted(manifest, key=lambda a: a["file"])},
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    for lang, files in per_lang.items():
        _zip(files, staging / f"diaspora-toolkits_{lang}_{dist.name}.zip", epoch)
    sums = []
    for path in sorted(staging.iterdir()):
        sums.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
    (staging / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    shutil.rmtree(dist, ignore_errors=True)
    staging.replace(dist)
    return dist, refused


def _facts_register(project: Project, staging: Path, epoch: int) -> None:
    """The register of ``make check-facts``, dated from SOURCE_DATE_EPOCH so the release is
    reproducible."""
    from .facts import check, register_path, write_csv

    today = dt.datetime.fromtimestamp(epoch, dt.UTC).date() if epoch else None
    csv_path = write_csv(check(project, today), register_path(project))
    shutil.copyfile(csv_path, staging / "facts-register.csv")


def verify(dist: Path) -> list[str]:
    """Problems found by re-reading SHA256SUMS (empty = verified)."""
    problems = []
    for line in (dist / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        path = dist / name
        if not path.exists():
            problems.append(f"{name}: listed but missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: checksum differs")
    return problems
