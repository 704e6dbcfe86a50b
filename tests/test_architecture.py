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


def test_no_module_grows_past_the_limit() -> None:
    for package in ("bot", "knowledge", "adapters"):
        for path in python_files(package):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= MAX_LINES, f"{path} has {lines} lines"
