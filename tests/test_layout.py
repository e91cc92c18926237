"""The shape of ``generator/``: modules small enough to hold in one's head, stages that
import only the stages before them, and a pipeline that runs without MkDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

MAX_LINES = 400


LAYERS = {
    "processes": 0,  # the fork policy, beneath every stage
    "model": 1,
    "load": 2,
    "check": 3,
    "derive": 4,
    "site": 5,
    "publish": 6,
    "pipeline": 7,  # the stages in order; what comes after calls it
    "adapter": 8,
    "cli": 8,
    "spreadsheet": 8,
}
"""Each part of ``generator/`` and its place in the order of the build: a module may
import its own part and the parts before it. ``generator/__init__.py`` and
``__main__.py`` sit above all of them."""

ALLOWED = {
    ("model", "generator.check.problems"): "a Problem is plain data that every stage "
    "reports, a document's own (model.source_doc) included",
    ("load", "generator.check.problems"): "a Problem is plain data that every stage "
    "reports, loading first",
}
"""(importing part, imported module) → why the import goes against the order."""


def _modules() -> list[Path]:
    return sorted((REPO / "generator").rglob("*.py"))


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def test_no_module_is_over_400_lines():
    over = {}
    for path in _modules():
        rel = path.relative_to(REPO).as_posix()
        if (count := _lines(path)) > MAX_LINES:
            over[rel] = count
    assert over == {}, f"modules over {MAX_LINES} lines (split them): {over}"


def _is_module(module: str) -> bool:
    path = REPO.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path) -> set[tuple[str, int]]:
    """(module imported, line) of every import in ``path``, relative ones resolved,
    wherever it is (top level, in a function, under TYPE_CHECKING); for ``from a import
    b``, ``a.b`` when that is a module."""
    parts = path.relative_to(REPO).with_suffix("").parts
    package = parts[:-1]
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {(alias.name, node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                inner = f"{module}.{alias.name}"
                found.add((inner if _is_module(inner) else module, node.lineno))
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "generator" or len(parts) < 2 or parts[1] not in LAYERS:
        return None
    return parts[1]


def test_stages_import_only_the_stages_before_them():
    against: list[str] = []
    used: set[tuple[str, str]] = set()
    for path in _modules():
        rel = path.relative_to(REPO)
        own = _layer(".".join(rel.with_suffix("").parts))
        if own is None:
            continue
        for module, line in sorted(_imports(path), key=lambda found: found[1]):
            layer = _layer(module)
            if layer is None or LAYERS[layer] <= LAYERS[own]:
                continue
            if (own, module) in ALLOWED:
                used.add((own, module))
                continue
            against.append(f"{rel.as_posix()}:{line}: {own} imports {module} ({layer})")
    assert against == [], "imports against the order of the stages:\n" + "\n".join(against)
    assert set(ALLOWED) - used == set(), "exceptions no longer needed: remove them"


def test_the_pipeline_imports_no_mkdocs():
    code = (
        "import sys, generator.pipeline\n"
        "print('\\n'.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('mkdocs', 'material'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []
