"""The cached catalogue state is keyed by all the project code that computes it."""

from __future__ import annotations

import ast
from pathlib import Path

from build_tools.l10n import state

PACKAGE = Path(state.__file__).resolve().parent.parent  # build_tools/


def _project_imports(path: Path) -> set[Path]:
    """Files of build_tools that *path* imports, at module level or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = node.module.split(".") if node.module else []
            target = base.joinpath(*parts)
            names = [target / f"{a.name}.py" for a in node.names] if not parts else []
            for candidate in [target.with_suffix(".py"), *names]:
                if candidate.is_file():
                    found.add(candidate.resolve())
    return found


def test_the_cache_key_covers_every_module_the_readers_import():
    covered = {p.resolve() for p in state.CODE}
    todo, seen = list(covered), set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        # project.py only locates folders; the key hashes what it locates (the .po files) itself.
        if path.name != "project.py":
            todo.extend(_project_imports(path))
    missing = sorted(str(p.relative_to(PACKAGE)) for p in seen - covered if p.name != "project.py")
    assert not missing, f"add these modules to build_tools/l10n/state.py:CODE: {missing}"
