"""A book's environment digest is the same in every process (string hashes vary per process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
from types import SimpleNamespace
from myst_parser.config.main import MdParserConfig
from build_tools.book_inputs import environment_index
config = MdParserConfig(enable_extensions={"colon_fence", "attrs_block", "attrs_inline", "deflist"})
env = SimpleNamespace(myst_config=config, titles={"alpha/index": "Alpha"}, tags={"b", "a", "c"})
print(environment_index(env, "alpha", ["alpha", "beta"]))
"""


def test_the_environment_digest_does_not_depend_on_the_process_hash_seed():
    digests = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout.strip()
        for seed in range(1, 9)
    }
    assert len(digests) == 1 and None not in digests and "None" not in digests, digests


def test_the_environment_digest_ignores_the_titles_of_sphinx_built_in_pages():
    """Their titles follow the catalogue the process loaded last, not the language built."""
    from types import SimpleNamespace

    from build_tools.book_inputs import environment_index

    def env(index_title: str, chapter_title: str):
        labels = {
            "py-modindex": ("py-modindex", "", index_title),
            "alpha-first": ("alpha/01-first", "alpha-first", chapter_title),
        }
        return SimpleNamespace(
            found_docs={"alpha/index", "alpha/01-first"},
            domaindata={"std": {"labels": labels, "anonlabels": {}}, "py": {"modules": {}}},
        )

    base = environment_index(env("Python Module Index", "Premiers pas"), "alpha", ["alpha"])
    assert (
        environment_index(env("Index des modules Python", "Premiers pas"), "alpha", ["alpha"])
        == base
    )
    assert (
        environment_index(env("Python Module Index", "Premières étapes"), "alpha", ["alpha"])
        != base
    )
