"""The merged glossary out again, in the formats `glossbot import` reads back.

- `yaml`: canonical YAML (lossless);
- `csv`: one row per entry with the column names the CSV reader knows (Term, Kind,
  Definition, Aliases, See also, Links, Tags), list cells separated by ` | `, links as
  `label url`; code blocks are not carried;
- `markdown`: one page, `# Glossary` then a `## Name` per entry, alias headings right
  under it, fenced code, "See also [A], [B]" and a "More at:" list;
- `anki`: a real `.apkg` deck built with genanki: front = name, back = definition (with
  code and links), tags from the entry's own tags, kind and source files, stable ids from the
  entry id so re-importing a newer export updates the notes instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
from collections.abc import Sequence
from pathlib import PurePath

import genanki

from knowledge.model import Entry
from knowledge.parse import canonical

FORMATS = ("yaml", "csv", "markdown", "anki")
CSV_COLUMNS = ("Term", "Kind", "Definition", "Aliases", "See also", "Links", "Tags")
_LIST = " | "


def to_yaml(entries: Sequence[Entry]) -> str:
    return canonical.dump(entries)


def to_csv(entries: Sequence[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        links = _LIST.join(f"{link.label} {link.url}".strip() for link in e.links)
        lists = (_LIST.join(e.aliases), _LIST.join(e.see_also), links, _LIST.join(e.tags))
        writer.writerow((e.name, e.kind, e.definition, *lists))
    return out.getvalue()


def _fence(code: str) -> str:
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return f"{ticks}\n{code}\n{ticks}"


def to_markdown(entries: Sequence[Entry], title: str = "Glossary") -> str:
    parts = [f"# {title}\n"]
    for e in entries:
        block = [f"## {name}" for name in e.names]
        block.append("")
        if e.redirect and not e.definition:
            block.append(f"See {e.redirect}")
        elif e.definition:
            block.append(e.definition)
        block.extend(f"\n{_fence(code)}" for code in e.code)
        if e.see_also:
            block.append("\nSee also " + ", ".join(f"[{name}]" for name in e.see_also))
        if e.links:
            block.append("\nMore at:")
            block.extend(f"  * [{link.label or link.url}]({link.url})" for link in e.links)
        if len(block) == len(e.names) + 1:
            block.append("---")  # an entry with no body: a rule keeps the next heading apart
        parts.append("\n".join(block) + "\n")
    return "\n".join(parts)


def _stable_id(text: str) -> int:
    """A positive 31-bit id that stays the same for the same text across exports."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") >> 1


_MODEL = genanki.Model(
    _stable_id("glossbot term card v1"),
    "glossbot term",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[
        {
            "name": "Term",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }
    ],
)


def _back(entry: Entry) -> str:
    parts = [html.escape(entry.definition or f"See {entry.redirect}").replace("\n", "<br>")]
    parts.extend(f"<pre>{html.escape(code)}</pre>" for code in entry.code)
    if entry.links:
        items = "".join(
            f'<li><a href="{html.escape(link.url)}">{html.escape(link.label or link.url)}</a></li>'
            for link in entry.links
        )
        parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def _tags(entry: Entry) -> list[str]:
    """Anki tags cannot hold spaces: 'deep learning' gives 'deep_learning', and a source
    'notes/ml.txt' gives the tag 'ml'."""
    stems = (PurePath(s.path).stem for s in entry.sources if s.path)
    tags = [*entry.tags, str(entry.kind), *stems]
    return list(dict.fromkeys(t for tag in tags if (t := "_".join(tag.split()))))


def to_anki(entries: Sequence[Entry], title: str = "glossbot glossary") -> bytes:
    """An .apkg deck; note ids come from a fixed timestamp, so they match across exports."""
    deck = genanki.Deck(_stable_id(f"deck:{title}"), title)
    for entry in entries:
        fields = [html.escape(entry.name), _back(entry)]
        deck.add_note(
            genanki.Note(
                model=_MODEL,
                fields=fields,
                tags=_tags(entry),
                guid=genanki.guid_for("glossbot", entry.id),
            )
        )
    out = io.BytesIO()
    genanki.Package(deck).write_to_file(out, timestamp=0)
    return out.getvalue()


def render(fmt: str, entries: Sequence[Entry]) -> str | bytes:
    """Entries in one of `FORMATS`: text, or bytes for the Anki deck."""
    match fmt:
        case "csv":
            return to_csv(entries)
        case "markdown":
            return to_markdown(entries)
        case "anki":
            return to_anki(entries)
    return to_yaml(entries)
