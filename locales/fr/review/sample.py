"""Reproducible review sample for locales/fr (REVIEW.md). Run from the repo root:
/work/main/.venv/bin/python locales/fr/review/sample.py > sample.tsv
Rule: per catalogue, eligible = translated, non-fuzzy messages whose msgstr differs from the msgid;
draw k messages with random.Random(SEED + file index) (files in sorted order); worksheet files draw only
from worksheet titles (the `::::{worksheet} Title` lines of source/<toolkit>/worksheets.md)."""
import random, re, pathlib, polib
SEED = 20261129
ROOT = pathlib.Path("locales/fr/LC_MESSAGES")
QUOTA = {"_shared/glossary.po": 5, "ui.po": 3}
for tk in ("networking", "fundraising", "outreach"):
    for f in (ROOT / tk).glob("0*.po"):
        QUOTA[f"{tk}/{f.name}"] = 3
    QUOTA[f"{tk}/worksheets.po"] = 2
    QUOTA[f"{tk}/figures.po"] = 2
    QUOTA[f"{tk}/about.po"] = 1
for i, name in enumerate(sorted(QUOTA)):
    po = polib.pofile(str(ROOT / name))
    elig = [e for e in po if e.msgstr and not e.fuzzy and e.msgstr != e.msgid and not e.obsolete]
    if name.endswith("worksheets.po"):
        tk = name.split("/")[0]
        titles = set(re.findall(r"^:{3,}\{worksheet\} (.+)$", pathlib.Path(f"source/{tk}/worksheets.md").read_text(), re.M))
        elig = [e for e in elig if e.msgid in titles]
    pick = sorted(random.Random(SEED + i).sample(elig, QUOTA[name]), key=lambda e: e.linenum)
    for e in pick:
        print(f"{name}:{e.linenum}\t{e.msgid}\t{e.msgstr}")
