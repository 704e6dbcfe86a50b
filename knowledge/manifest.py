"""The content manifest: which source files make the glossary, in which format, in what order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.model import Diagnostic, Level
from knowledge.parse import FORMATS

FORMAT_NAMES = tuple(FORMATS)
_KEYS = {"file", "format", "title", "links"}


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One manifest item: `file` (a file, folder or glob) relative to the manifest's folder;
    an empty `format` is detected per file; `links` names a file of link definitions."""

    file: str
    format: str
    title: str
    line: int = 0
    links: str = ""


@dataclass(frozen=True, slots=True)
class Manifest:
    """`no_merge` holds groups of entry names a curator keeps apart (see knowledge.merge)."""

    path: Path
    sources: tuple[SourceSpec, ...]
    links: str = ""
    no_merge: tuple[tuple[str, ...], ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent


def default_manifest() -> Path:
    """The manifest shipped with the package: the bundled glossary."""
    return Path(__file__).parent / "sources" / "manifest.yaml"


_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(text: str, loader: type[yaml.SafeLoader]) -> tuple[yaml.Node | None, Any]:
    """The document's nodes (for line numbers) and its data."""
    return yaml.compose(text, Loader=loader), yaml.load(text, Loader=loader)  # safe loaders only


def parse_manifest(text: str, path: Path) -> tuple[Manifest | None, list[Diagnostic]]:
    """Read a manifest's text; every problem is an error diagnostic naming the line."""
    where = str(path)
    try:
        node, data = _read(text, _LOADER)
    except yaml.YAMLError:
        # Read again with the pure-Python loader: its message quotes the line, with a caret.
        try:
            node, data = _read(text, yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            message = f"manifest is not valid YAML: {exc}"
            return None, [Diagnostic(where, line, Level.ERROR, message)]
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return None, [Diagnostic(where, 1, Level.ERROR, "manifest needs a 'sources:' list")]
    lines = _item_lines(node)
    specs: list[SourceSpec] = []
    errors: list[Diagnostic] = []
    for i, item in enumerate(data["sources"]):
        line = lines[i] if i < len(lines) else 1
        problem = _check_item(item)
        if problem:
            errors.append(Diagnostic(where, line, Level.ERROR, problem))
            continue
        title, links = str(item.get("title") or ""), str(item.get("links") or "")
        specs.append(SourceSpec(item["file"], item.get("format") or "", title, line, links))
    links = data.get("links") or ""
    if not isinstance(links, str):
        errors.append(Diagnostic(where, 1, Level.ERROR, "'links' must be a file name"))
    no_merge, problem = _no_merge(data.get("no_merge"))
    if problem:
        errors.append(Diagnostic(where, _key_line(node, "no_merge"), Level.ERROR, problem))
    if errors:
        return None, errors
    return Manifest(path, tuple(specs), str(links), no_merge), []


def _no_merge(value: object) -> tuple[tuple[tuple[str, ...], ...], str]:
    """`no_merge:` as groups of names: a list of lists of two or more names."""
    if value is None:
        return (), ""
    usage = "'no_merge' must be a list of name lists, e.g. - [Mixture Of Local Experts, MoE]"
    if not isinstance(value, list):
        return (), usage
    groups: list[tuple[str, ...]] = []
    for item in value:
        if not isinstance(item, list) or len(item) < 2:
            return (), usage
        if not all(isinstance(n, str) and n.strip() for n in item):
            return (), usage
        groups.append(tuple(n.strip() for n in item))
    return tuple(groups), ""


def _key_line(node: yaml.Node | None, wanted: str) -> int:
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if key.value == wanted:
                return int(key.start_mark.line) + 1
    return 1


def _item_lines(node: yaml.Node | None) -> list[int]:
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "sources" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _check_item(item: object) -> str:
    if not isinstance(item, dict):
        return "each source needs a 'file'"
    unknown = sorted(set(map(str, item)) - _KEYS)
    if unknown:
        return f"unknown key {unknown[0]!r} in source (allowed: file, format, title, links)"
    if not isinstance(item.get("file"), str) or not item["file"].strip():
        return "source needs a 'file' (a path relative to the manifest)"
    if item.get("format") not in (*FORMAT_NAMES, None, ""):
        return f"source {item['file']!r}: 'format' must be one of {', '.join(FORMAT_NAMES)}"
    for key in ("title", "links"):
        if key in item and not isinstance(item[key], str):
            return f"source {item['file']!r}: {key!r} must be text"
    return ""
