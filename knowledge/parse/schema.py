"""The canonical YAML schema's keys and the entry a checked set of its values makes.

Both readers of canonical YAML (`canonical`, from libyaml's node tree, with a diagnostic for
every problem, and `canonical_events`, from its event stream, for files without one) build
their entries here, so the two cannot disagree on what a valid entry means.
"""

from __future__ import annotations

from knowledge.model import DERIVED, Entry, Kind, Link, SourceRef, slugify

TEXT_KEYS = frozenset(("name", "id", "kind", "summary", "definition", "redirect"))
LIST_KEYS = frozenset(("aliases", "code", "links", "see_also", "tags"))
KEYS = TEXT_KEYS | LIST_KEYS
KINDS = {k.value: k for k in Kind}
NULLS = frozenset(("", "~", "null", "Null", "NULL"))
"""The plain scalars YAML's core schema reads as null (an empty `summary:` among them)."""


_TERM = Kind.TERM.value  # looked up once: reading an enum member's value is a call


def kind_of(texts: dict[str, str]) -> str:
    """The entry's kind as written, lower-cased ('term' when not given); check it in KINDS."""
    return (texts["kind"].strip().lower() or _TERM) if "kind" in texts else _TERM


def make_entry(
    texts: dict[str, str], lists: dict[str, list[str]], links: list[Link], path: str, line: int
) -> Entry:
    """The entry of checked values: a non-empty name and a known kind (see `kind_of`)."""
    name = texts["name"].strip()
    aliases = _unique(lists.get("aliases"))
    code = lists.get("code")
    return Entry(
        name=name,
        kind=KINDS[kind_of(texts)],
        aliases=tuple(a for a in aliases if a != name) if name in aliases else aliases,
        definition=texts.get("definition", "").strip(),
        summary=texts["summary"].strip() if "summary" in texts else DERIVED,
        code=tuple(c.rstrip("\n") for c in code if c.strip()) if code else (),
        links=tuple(links),
        see_also=_unique(lists.get("see_also")),
        sources=(SourceRef(path, line),),
        redirect=texts.get("redirect", "").strip(),
        tags=_unique(lists.get("tags")),
        # Ids travel in button ids and database rows: kept as a slug ('Old Name' -> 'old-name').
        id=slugify(given) if (given := texts.get("id", "").strip()) else DERIVED,
    )


def _unique(items: list[str] | None) -> tuple[str, ...]:
    """The stripped, non-empty items, each once, in order of first appearance."""
    return tuple(dict.fromkeys(filter(None, map(str.strip, items)))) if items else ()
