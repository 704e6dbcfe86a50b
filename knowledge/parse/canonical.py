"""The canonical YAML glossary format: hand-written entries, read by `parse`, written by `dump`.

Schema (version 1). The document is a mapping with one key, `entries`, holding a list of
entries; a bare top-level list of entries is accepted too. Each entry is a mapping:

    name:       required, non-empty text
    id:         optional; the stable slug, by default derived from the name
    kind:       optional: term | card | note (default term)
    aliases:    optional list of other names
    summary:    optional; by default the definition's first sentence (see `summarize`)
    definition: optional text, usually a `|` block literal
    code:       optional list of code blocks
    links:      optional list; each a bare URL or a mapping {url: ..., label: ...}
    see_also:   optional list of entry names
    redirect:   optional name of the entry this one stands for ("See Model Merging")
    tags:       optional list of labels (kept from imports, written by `glossbot export`)

Scalars are read as written, not as YAML 1.1 values, so an alias `NO` or `ON` stays text
instead of turning into a boolean and a name `1984` stays a name. Problems are never raised:
a YAML syntax error, an unknown key, a wrong type or a missing name becomes an ERROR
diagnostic with its line, and an entry with an error is left out while the others load.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from knowledge import model
from knowledge.gcpause import paused_gc
from knowledge.model import Diagnostic, Entry, Kind, Level, Link, ParseResult
from knowledge.parse import canonical_events
from knowledge.parse.canonical_events import LOADER
from knowledge.parse.schema import KEYS, KINDS, NULLS, TEXT_KEYS, kind_of, make_entry
from knowledge.summary import summarize

HEADER = """\
# glossbot canonical glossary v1
# entries: a list of mappings; only `name` is required.
#   name, id (default: slug of name), kind (term | card | note, default term),
#   aliases [names], summary (default: first sentence of definition), definition (text),
#   code [blocks], links [url or {url, label}], see_also [names], redirect (name),
#   tags [labels]
"""

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"


class _TextLoader(LOADER):  # type: ignore[valid-type,misc]
    """Composes nodes with every scalar tagged as text, except a plain null.

    The schema reads scalars as written, so the SafeLoader's implicit typing (a regex
    match per scalar for booleans, numbers and dates, in Python even under libyaml) would
    be thrown away; only null (an empty value) means something here.
    """

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and value in NULLS else _STR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


class _Problems:
    """The diagnostics of one document, each at the line of the node it is about."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[Diagnostic] = []

    def error(self, node: yaml.Node, message: str) -> None:
        self.found.append(Diagnostic(self.path, node.start_mark.line + 1, Level.ERROR, message))


def _text(node: yaml.Node) -> str | None:
    """A scalar as written ('' for null); None for a list or mapping."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    return "" if node.tag == _NULL_TAG else str(node.value)


def _texts(node: yaml.Node) -> list[str] | None:
    """A list of scalars as written; None when it is anything else."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return None
    out: list[str] = []
    for item in node.value:  # `_text` of each, inline: a big file has millions
        if item.__class__ is not yaml.ScalarNode:
            return None
        out.append("" if item.tag == _NULL_TAG else str(item.value))
    return out


def _links(node: yaml.Node, problems: _Problems) -> list[Link] | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.error(node, "'links' must be a list of URLs or {url, label} mappings")
        return None
    out: list[Link] = []
    for item in node.value:
        fields: dict[str, str] = {}
        if isinstance(item, yaml.ScalarNode):
            fields["url"] = _text(item) or ""
        elif isinstance(item, yaml.MappingNode):
            for key_node, value_node in item.value:
                key, value = _text(key_node), _text(value_node)
                if key not in ("url", "label"):
                    problems.error(key_node, f"unknown key {key!r} in a link (use url, label)")
                    return None
                if value is None:
                    problems.error(value_node, f"link {key!r} must be text")
                    return None
                fields[key] = value.strip()
        if not fields.get("url", "").strip():
            problems.error(item, "a link must be a URL or a mapping with a non-empty 'url'")
            return None
        out.append(Link(fields["url"].strip(), fields.get("label", "")))
    return out


def _entry(node: yaml.Node, path: str, problems: _Problems) -> Entry | None:
    """One entry, or None after reporting why it cannot be one."""
    if not isinstance(node, yaml.MappingNode):
        problems.error(node, "an entry must be a mapping with at least a 'name'")
        return None
    before = len(problems.found)
    texts: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    links: list[Link] = []
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value  # `_text(key_node)`, inline for the usual text key
        if key_node.tag != _STR_TAG or not isinstance(key, str):
            key = _text(key_node) or ""
        if key in values:
            problems.error(key_node, f"duplicate key {key!r} in an entry")
        elif key not in KEYS:
            allowed = ", ".join(sorted(KEYS))
            problems.error(key_node, f"unknown key {key!r} in an entry (allowed: {allowed})")
        elif key == "links":
            links = _links(value_node, problems) or []
        elif key in TEXT_KEYS:
            text = value_node.value if value_node.tag == _STR_TAG else _text(value_node)
            if not isinstance(text, str):
                problems.error(value_node, f"{key!r} must be text, not a list or mapping")
            else:
                texts[key] = text
        else:
            items = _texts(value_node)
            if items is None:
                problems.error(value_node, f"{key!r} must be a list of text items")
            else:
                lists[key] = items
        values.setdefault(key, value_node)
    name = texts.get("name", "").strip()
    if not name and ("name" in texts or "name" not in values):
        problems.error(node, "an entry needs a non-empty 'name'")
    if kind_of(texts) not in KINDS:
        message = f"'kind' must be one of term, card, note, not {texts['kind']!r}"
        problems.error(values["kind"], message)
    if len(problems.found) > before:
        return None
    return make_entry(texts, lists, links, path, node.start_mark.line + 1)


def _entry_nodes(root: yaml.Node, problems: _Problems) -> list[yaml.Node]:
    if isinstance(root, yaml.SequenceNode):
        return list(root.value)
    if not isinstance(root, yaml.MappingNode):
        problems.error(root, "expected a mapping with 'entries:' or a list of entries")
        return []
    nodes: list[yaml.Node] = []
    for key_node, value_node in root.value:
        if _text(key_node) != "entries":
            problems.error(key_node, f"unknown top-level key {_text(key_node)!r} (use 'entries')")
        elif isinstance(value_node, yaml.SequenceNode):
            nodes.extend(value_node.value)
        elif _text(value_node) != "":
            problems.error(value_node, "'entries' must be a list of entries")
    return nodes


def parse(text: str, path: str) -> ParseResult:
    """Read canonical YAML; see the module docstring for the schema.

    A sound file is read from libyaml's events (`canonical_events`); one the event reader
    gives up on is read again through the node tree (`parse_tree`), which reports each
    problem at its line.
    """
    with paused_gc():
        return _parse(text, path)


def _parse(text: str, path: str) -> ParseResult:
    if (entries := canonical_events.entries(text, path)) is not None:
        return ParseResult(tuple(entries))
    return parse_tree(text, path)


def parse_tree(text: str, path: str) -> ParseResult:
    """`parse` through libyaml's node tree: slower, and says what is wrong, where."""
    problems = _Problems(path)
    try:
        root = yaml.compose(text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"YAML syntax error: {exc.problem or exc.context or 'unreadable'}"
        return ParseResult((), (Diagnostic(path, line, Level.ERROR, message),))
    except yaml.reader.ReaderError as exc:
        # A control character: the reader knows its offset, not its line.
        line = text.count("\n", 0, max(0, exc.position)) + 1
        message = f"YAML cannot be read: {str(exc).splitlines()[0]}"
        return ParseResult((), (Diagnostic(path, line, Level.ERROR, message),))
    except yaml.YAMLError as exc:
        message = f"YAML cannot be read: {str(exc).splitlines()[0] if str(exc) else 'error'}"
        return ParseResult((), (Diagnostic(path, 1, Level.ERROR, message),))
    except RecursionError:
        message = "YAML nests too deeply to read"
        return ParseResult((), (Diagnostic(path, 1, Level.ERROR, message),))
    if root is None:
        return ParseResult()
    entries = [e for n in _entry_nodes(root, problems) if (e := _entry(n, path, problems))]
    return ParseResult(tuple(entries), tuple(problems.found))


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with multi-line text as `|` blocks and lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted style by itself when a block cannot hold the text.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_text)


def _record(entry: Entry) -> Iterator[tuple[str, Any]]:
    """The non-default fields of an entry, in schema order."""
    yield "name", entry.name
    if model.given_id(entry):
        yield "id", entry.id
    if entry.kind is not Kind.TERM:
        yield "kind", entry.kind.value
    if entry.aliases:
        yield "aliases", list(entry.aliases)
    if not model.is_derived(entry, "summary") and entry.summary != summarize(entry.definition):
        yield "summary", entry.summary
    if entry.definition:
        yield "definition", entry.definition
    if entry.code:
        yield "code", list(entry.code)
    if entry.links:
        yield (
            "links",
            [
                {"url": link.url, "label": link.label} if link.label else link.url
                for link in entry.links
            ],
        )
    if entry.see_also:
        yield "see_also", list(entry.see_also)
    if entry.redirect:
        yield "redirect", entry.redirect
    if entry.tags:
        yield "tags", list(entry.tags)


def dump(entries: Iterable[Entry]) -> str:
    """Canonical YAML for `entries`, with the schema comment on top; `parse` reads it back."""
    document = {"entries": [dict(_record(entry)) for entry in entries]}
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return HEADER + body
