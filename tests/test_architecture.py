"""The shape the codebase promises: imports point one way, exports are explicit, modules small."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PLATFORM_SDKS = ("discord", "slack_bolt", "slack_sdk", "aiohttp")
MAX_LINES = 420


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", ["bot", "knowledge"])
def test_core_never_imports_a_platform_sdk(package: str) -> None:
    for path in python_files(package):
        for module in imported_modules(path):
            assert module.split(".")[0] not in PLATFORM_SDKS, f"{path}: imports {module}"


def test_imports_point_one_way() -> None:
    for path in python_files("knowledge"):
        roots = {m.split(".")[0] for m in imported_modules(path)}
        assert not roots & {"bot", "adapters"}, path
    for path in python_files("bot"):
        roots = {m.split(".")[0] for m in imported_modules(path)}
        assert "adapters" not in roots, path


@pytest.mark.parametrize("package", ["knowledge", "bot.store", "adapters.console"])
def test_exports_are_sorted_and_real(package: str) -> None:
    module = importlib.import_module(package)
    exported = module.__all__
    assert exported == sorted(exported)
    for name in exported:
        assert hasattr(module, name), f"{package}.{name}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Which of our modules each module imports, TYPE_CHECKING blocks included.

    `from bot import scheduler` points at `bot.scheduler`, `from bot.store import Score` at
    the `bot.store` package.
    """
    files = {
        module_name(p): p for pkg in ("bot", "knowledge", "adapters") for p in python_files(pkg)
    }
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in files)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    inner = f"{node.module}.{alias.name}"
                    if inner in files:
                        edges.add(inner)
                    elif node.module in files:
                        edges.add(node.module)
        graph[name] = edges - {name}
    return graph


def cycle_from(graph: dict[str, set[str]], start: str) -> list[str]:
    """A path of imports from `start` back to itself, or [] when there is none."""
    trail: dict[str, str] = {}
    todo = [start]
    while todo:
        here = todo.pop()
        for there in sorted(graph[here]):
            if there == start:
                path = [here]
                while path[-1] != start:
                    path.append(trail[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if there not in trail:
                trail[there] = here
                todo.append(there)
    return []


def test_no_import_circles() -> None:
    graph = import_graph()
    assert "bot.core" in graph and "bot.services" in graph["bot.commands.quiz"]
    circles = [cycle for name in sorted(graph) if (cycle := cycle_from(graph, name))]
    assert not circles, " -> ".join(circles[0])


def test_no_module_grows_past_the_limit() -> None:
    for package in ("bot", "knowledge", "adapters"):
        for path in python_files(package):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= MAX_LINES, f"{path} has {lines} lines"
