"""The layout keeps its promises: layers point one way, no cycles, small modules, clear names."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.support.paths import ROOT

PACKAGES = ("bot", "handlers", "store")
ASSEMBLY = {"bot.app", "bot.cli"}
MAX_LINES = 250
# Same file name, same role in each package: the domain's repository mirrors its service.
SAME_ROLE = {"__init__.py", "subscriptions.py", "workspace.py", "models.py"}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.split(".")[0] in PACKAGES}


def _layer(module: str) -> int:
    if module in ASSEMBLY:
        return 3
    return {"handlers": 2, "bot": 1, "store": 0}[module.split(".")[0]]


def test_no_module_imports_a_layer_above_it() -> None:
    modules = _modules()
    upward = [
        f"{name} -> {target}"
        for name, path in modules.items()
        for target in _imports(path)
        if target in modules and _layer(target) > _layer(name)
    ]
    assert upward == []


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: {t for t in _imports(path) if t in modules} for name, path in modules.items()}
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    # A package importing its own submodule is how Python packages work, not a cycle.
    real = [c for c in cycles if not all(n.startswith(c.split(" -> ")[0]) for n in c.split(" -> "))]
    assert real == []


def test_modules_stay_small() -> None:
    long = {
        name: length
        for name, path in _modules().items()
        if (length := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_a_file_name_means_one_role() -> None:
    homes: dict[str, list[str]] = defaultdict(list)
    for name, path in _modules().items():
        homes[path.name].append(name)
    repeated = {
        file: names for file, names in homes.items() if len(names) > 1 and file not in SAME_ROLE
    }
    assert repeated == {}
