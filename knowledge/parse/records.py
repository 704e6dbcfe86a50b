"""JSON and YAML glossaries that are not canonical: lists of records, or mappings by term.

Shapes read (key names as in `fields`, any case):
- a list of records: `[{"term": ..., "definition": ...}, ...]`, also under one wrapping key
  (`{"glossary": [...]}`);
- a mapping from term to definition: `{"Token": "A piece of text."}`;
- a mapping from term to record, as 18F's glossary has it: `{"Token": {"description": ...,
  "type": "term"}}`, where a record of type `acronym` naming its `term` is a redirect.
YAML is read through its node tree, so each entry cites the line it starts on; JSON that
YAML cannot read (tabs for indentation) is read by `json` and cites line 1.
"""

from __future__ import annotations

import json
from dataclasses import replace

import yaml

from knowledge.model import Diagnostic, Entry, Level, ParseResult
from knowledge.parse.body import split_lines
from knowledge.parse.fields import Field, field_of, to_entry

_WRAPPERS = frozenset({"glossary", "terms", "entries", "items", "data", "words", "definitions"})
_ACRONYM_KINDS = frozenset({"acronym", "abbreviation", "initialism", "alias", "redirect"})


def _scalars(node: yaml.Node) -> list[str]:
    """The text values of a node: a scalar, a list of them, or {url, label} link mappings."""
    if isinstance(node, yaml.ScalarNode):
        return [str(node.value)] if node.value is not None else []
    if isinstance(node, yaml.SequenceNode):
        return [text for item in node.value for text in _scalars(item)]
    if isinstance(node, yaml.MappingNode):
        pairs = {str(k.value).lower(): _scalars(v) for k, v in node.value}
        url = pairs.get("url") or pairs.get("href") or []
        label = pairs.get("label") or pairs.get("title") or []
        return [" ".join([*label[:1], *url[:1]])] if url else []
    return []


def _record(node: yaml.MappingNode, path: str, line: int, name: str = "") -> Entry | None:
    """A record's entry; `name` is its key in a mapping by term (18F style)."""
    values: dict[Field, list[str]] = {}
    for key, value in node.value:
        if (field := field_of(str(key.value))) is not None:
            values.setdefault(field, []).extend(_scalars(value))
    if not name:
        return to_entry(values, path, line)
    kind = " ".join(values.pop(Field.KIND, [])).strip().lower()
    target = " ".join(values.pop(Field.TERM, [])).strip()
    entry = to_entry({**values, Field.TERM: [name]}, path, line)
    if entry is None or not target or target == name:
        return entry
    if kind in _ACRONYM_KINDS or not entry.has_definition:
        return Entry(name=name, redirect=target, sources=entry.sources)
    return to_entry({**values, Field.TERM: [name], Field.ALIASES: [target]}, path, line)


def _entries(root: yaml.Node, path: str, problems: list[Diagnostic]) -> list[Entry]:
    if isinstance(root, yaml.SequenceNode):
        found = []
        for item in root.value:
            if isinstance(item, yaml.MappingNode) and (
                entry := _record(item, path, item.start_mark.line + 1)
            ):
                found.append(entry)
            else:
                message = "item skipped: a record needs a term (or name) and a definition"
                problems.append(Diagnostic(path, item.start_mark.line + 1, Level.WARNING, message))
        return found
    if not isinstance(root, yaml.MappingNode):
        message = "expected a list of records or a mapping from term to definition"
        problems.append(Diagnostic(path, root.start_mark.line + 1, Level.ERROR, message))
        return []
    if len(root.value) == 1:
        key, value = root.value[0]
        wrapped = str(key.value).lower() in _WRAPPERS
        if isinstance(value, yaml.SequenceNode) or (
            wrapped and isinstance(value, yaml.MappingNode)
        ):
            return _entries(value, path, problems)
    found = []
    for key, value in root.value:
        name = str(key.value).strip()
        if isinstance(value, yaml.MappingNode):
            entry = _record(value, path, key.start_mark.line + 1, name)
        else:
            values = {Field.TERM: [name], Field.DEFINITION: _scalars(value)}
            entry = to_entry(values, path, key.start_mark.line + 1)
        if entry is not None:
            found.append(entry)
    return found


def _compose(text: str, path: str) -> tuple[yaml.Node | None, Diagnostic | None]:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), None
    except (yaml.YAMLError, RecursionError) as error:
        try:
            return yaml.compose(json.dumps(json.loads(text)), Loader=yaml.SafeLoader), None
        except (ValueError, RecursionError, yaml.YAMLError):
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            message = f"not readable as JSON or YAML: {getattr(error, 'problem', None) or error}"
            last = len(split_lines(text))
            return None, Diagnostic(path, min(line, last), Level.ERROR, message)


def parse(text: str, path: str) -> ParseResult:
    """Read a JSON or YAML glossary; see the module docstring for the shapes."""
    root, problem = _compose(text, path)
    if root is None:
        return ParseResult((), (problem,) if problem else ())
    problems: list[Diagnostic] = []
    entries = _entries(root, path, problems)
    # YAML also breaks lines at U+0085 and U+2028; cite lines as every other parser counts them.
    last = len(split_lines(text))
    entries = [
        replace(e, sources=tuple(replace(s, line=min(s.line, last)) for s in e.sources))
        for e in entries
    ]
    return ParseResult(tuple(entries), tuple(replace(d, line=min(d.line, last)) for d in problems))
