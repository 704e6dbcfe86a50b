"""Reading a sound canonical YAML file straight from libyaml's events, without a node tree.

Composing a 100,000-entry file builds over a million nodes (each a Python object with two
marks) only to walk them once and throw them away; the events carry the same values and
lines, one at a time. This reader takes the plain shape `glossbot import` writes and
people write by hand: untagged scalars, block or flow lists and mappings, the keys of the
schema. At anything else, and at any problem at all (an unknown key, a wrong type, a
missing name, a syntax error, an alias, a tag), it gives up and returns None, and the full
reader in `canonical` reads the file again to report every problem at its line.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from knowledge.model import Entry, Link
from knowledge.parse.schema import KEYS, KINDS, NULLS, TEXT_KEYS, kind_of, make_entry

LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's C loader when PyYAML was built with it (about 10x faster), else pure Python."""

Next = Callable[[], Event]


class _GiveUp(Exception):
    """The file is not in the plain shape, or has a problem: the full reader decides."""


_GIVE_UP = _GiveUp()


def entries(text: str, path: str) -> list[Entry] | None:
    """Every entry of a sound canonical file, each at its line; None for the full reader."""
    loader = LOADER(text)
    try:
        return _document(loader.get_event, path)
    except (_GiveUp, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _expect(event: Event, kind: type[Event]) -> None:
    if event.__class__ is not kind:
        raise _GIVE_UP


def _document(next_event: Next, path: str) -> list[Entry]:
    _expect(next_event(), StreamStartEvent)
    _expect(next_event(), DocumentStartEvent)
    event = next_event()
    if event.__class__ is MappingStartEvent and event.tag is None:  # entries: [...]
        if _text(next_event()) != "entries":
            raise _GIVE_UP
        found = _entries(next_event(), next_event, path)
        _expect(next_event(), MappingEndEvent)
    else:
        found = _entries(event, next_event, path)
    _expect(next_event(), DocumentEndEvent)
    _expect(next_event(), StreamEndEvent)
    return found


def _entries(start: Event, next_event: Next, path: str) -> list[Entry]:
    if start.__class__ is not SequenceStartEvent or start.tag is not None:
        raise _GIVE_UP
    found: list[Entry] = []
    while (event := next_event()).__class__ is not SequenceEndEvent:
        found.append(_entry(event, next_event, path))
    return found


def _text(event: Event) -> str:
    """An untagged scalar as written, '' for a plain null."""
    if event.__class__ is not ScalarEvent or event.tag is not None:
        raise _GIVE_UP
    value: str = event.value
    return "" if event.implicit[0] and value in NULLS else value


def _opens_list(event: Event) -> bool:
    """True when the event starts a list; False for a plain null (`~`, `null` or nothing),
    which a list key reads as no items."""
    if event.__class__ is SequenceStartEvent and event.tag is None:
        return True
    plain = isinstance(event, ScalarEvent) and event.tag is None and event.implicit[0]
    if plain and _text(event) == "":  # a plain null; a quoted '' is text
        return False
    raise _GIVE_UP


def _entry(start: Event, next_event: Next, path: str) -> Entry:
    if start.__class__ is not MappingStartEvent or start.tag is not None:
        raise _GIVE_UP
    texts: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    links: list[Link] = []
    seen: set[str] = set()
    while (event := next_event()).__class__ is not MappingEndEvent:
        key = _text(event)
        if key in seen or key not in KEYS:
            raise _GIVE_UP
        seen.add(key)
        if key in TEXT_KEYS:
            texts[key] = _text(next_event())
        elif key == "links":
            links = _links(next_event(), next_event)
        else:
            lists[key] = _texts(next_event(), next_event)
    if not texts.get("name", "").strip() or not start.start_mark:
        raise _GIVE_UP
    if "kind" in texts and kind_of(texts) not in KINDS:
        raise _GIVE_UP
    return make_entry(texts, lists, links, path, start.start_mark.line + 1)


def _texts(start: Event, next_event: Next) -> list[str]:
    """A list of scalars (a null for none)."""
    if not _opens_list(start):
        return []
    out: list[str] = []
    while (event := next_event()).__class__ is not SequenceEndEvent:
        out.append(_text(event))
    return out


def _links(start: Event, next_event: Next) -> list[Link]:
    """URLs or {url, label} mappings, each with a non-empty URL (a null for none)."""
    if not _opens_list(start):
        return []
    out: list[Link] = []
    while (event := next_event()).__class__ is not SequenceEndEvent:
        fields: dict[str, str] = {}
        if event.__class__ is MappingStartEvent and event.tag is None:
            while (item := next_event()).__class__ is not MappingEndEvent:
                key = _text(item)
                if key not in ("url", "label"):
                    raise _GIVE_UP
                fields[key] = _text(next_event()).strip()
        else:
            fields["url"] = _text(event)
        if not (url := fields.get("url", "").strip()):
            raise _GIVE_UP
        out.append(Link(url, fields.get("label", "")))
    return out
