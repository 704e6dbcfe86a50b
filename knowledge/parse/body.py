"""Body conventions the two glossary formats share: "See also", "More at", "~ summary" lines,
[Term] cross-references, redirects ("See X"), and turning a body into an `Entry`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from knowledge.model import DERIVED, Entry, Kind, Link, SourceRef
from knowledge.names import parse_heading
from knowledge.summary import SUMMARY_LIMIT, summarize

Numbered = list[tuple[int, str]]  # (1-based line number, line)

_SEE_ALSO = re.compile(r"^See\s+als[oe]\b[\s:,]*(.*)$")  # 'See alse' is a typo in the seeds
_MORE_AT = re.compile(r"^(.*?)\s*\bMore at\s*:\s*(.*)$")
_REDIRECT = re.compile(r"^See\s+([A-Z0-9][^\n]{0,100}?)\s*\.?$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])(?:\s+(.*))?$")
# A reference holds a letter and does not index: '[Term]', but not 'V=[0,0]' or 'x[i]'.
_REF = re.compile(r"(?<![\w=])\[([^\[\]\n]*[^\W\d_][^\[\]\n]*)\](?!\()")
_EMOJI = re.compile(r"[ \t]*(?<![\w:/]):[a-z0-9_+-]+:(?![\w/])")
_URL = re.compile(r"https?://\S+")
_COMMA = re.compile(r",(?![^\[(]*[\])])")  # not inside '[...]' or '(...)'
# Bracketed model tokens are text, not cross-references.
_SPECIAL_TOKENS = frozenset({"MASK", "CLS", "SEP", "PAD", "UNK"})


@dataclass
class Digest:
    """A body's prose with its trailing sections taken out, ready to become an `Entry`."""

    prose: list[str] = field(default_factory=list)
    tildes: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)


@dataclass
class _Lists:
    """Markdown list structure kept in a definition: depth by indentation, numbers renumbered.

    Each open level is (marker indentation, running number or 0 for bullets, width of the
    rendered marker), so a child is indented under its parent's text as Markdown wants.
    """

    levels: list[tuple[int, int, int]] = field(default_factory=list)

    def render(self, raw: str, marker: str, text: str) -> str:
        indent = len(raw) - len(raw.lstrip())
        while self.levels and indent < self.levels[-1][0]:
            self.levels.pop()
        if not self.levels or indent > self.levels[-1][0]:
            self.levels.append((indent, 0, 2))
        prefix = "".join(" " * width for _, _, width in self.levels[:-1])
        number = self.levels[-1][1] + 1 if marker[:1].isdigit() else 0
        shown = f"{number}." if number else "-"
        self.levels[-1] = (indent, number, len(shown) + 1)
        return f"{prefix}{shown} {text}"

    def close(self) -> None:
        self.levels.clear()


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them, so line numbers agree between both parsers."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def clean_refs(text: str) -> str:
    """Inline markup a reader should not see: '[Term]' cross-references and ':emoji:' codes."""
    # Most lines have neither (each pattern needs its bracket or colon): skip the searches.
    if "[" in text:
        text = _REF.sub(lambda m: m.group(0) if m.group(1) in _SPECIAL_TOKENS else m.group(1), text)
    if ":" in text:
        text = _EMOJI.sub("", text)
    return text.strip()


def link_label(prefix: str) -> str:
    return prefix.strip().rstrip("-–:").strip()


def bare_link(item: str) -> Link | None:
    """A "More at" item: 'label - url', 'label url' or a bare _URL; a label alone links nowhere."""
    if match := _URL.search(item):
        return Link(match.group(0).rstrip(".,;"), link_label(item[: match.start()]))
    return None


def _parse_see_also(rest: str) -> list[str]:
    """Names after 'See also': brackets dropped, the page letter and '...' placeholders too."""
    out: list[str] = []
    for i, part in enumerate(_COMMA.split(rest)):
        name = clean_refs(part.strip().removeprefix("[").removesuffix("]"))
        placeholder = not name.strip(".… ")
        page_letter = i == 0 and len(name) == 1 and name.isalpha()
        if not placeholder and not page_letter and name not in out:
            out.append(name)
    return out


def digest(
    lines: Sequence[str],
    clean: Callable[[str], str],
    link: Callable[[str], Link | None] = bare_link,
    *,
    nested: bool = False,
) -> Digest:
    """Walk a body once, sorting lines into prose, '~' summaries, "More at" and "See also".

    With `nested`, list items keep their depth and numbering as Markdown; otherwise every
    item becomes a top-level '- ' bullet.
    """
    out = Digest()
    lists = _Lists()
    in_more_at = bullet = False
    for raw in lines:
        line = raw.strip()
        if bullet and line:  # a bullet alone on its line marks the next line as the item
            line, bullet = f"- {line}", False
        item = _LIST_ITEM.match(line)
        if in_more_at:
            if item:
                if found := link(item.group(1) or ""):
                    out.links.append(found)
                continue
            if not line and not out.links:
                continue
            in_more_at = False
        if see := _SEE_ALSO.match(line):
            out.see_also.extend(s for s in _parse_see_also(see.group(1)) if s not in out.see_also)
        elif (more := _MORE_AT.match(line)) and (not more.group(2) or not more.group(1)):
            # 'More at:' opens a list; prose may run into it ('...combination!More at:') and
            # a lone link may follow it on the same line.
            if more.group(1):
                out.prose.append(clean(more.group(1)))
            if more.group(2) and (found := link(more.group(2))):
                out.links.append(found)
            in_more_at = True
        elif item:
            if text := clean(item.group(1) or ""):
                out.prose.append(lists.render(raw, line, text) if nested else f"- {text}")
            bullet = line in ("-", "*")
            continue
        elif line == "~" or line.startswith("~ "):
            if text := clean(line[1:]):
                out.tildes.append(text)
                out.prose.append(text)
        elif line != ".":
            out.prose.append(clean(line))
        if line:
            lists.close()
    return out


def _join_lines(lines: Sequence[str]) -> str:
    """Lines with runs of blank lines collapsed to one and none at either end."""
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1]):
            out.append(line.rstrip() if line.strip() else "")
    return "\n".join(out).strip("\n")


def _summary_of(tildes: Sequence[str], definition: str) -> str:
    """The '~' lines that fit in a summary, else the definition's first sentence (which the
    entry derives itself when first asked)."""
    if not definition:
        return ""
    if not tildes:
        return DERIVED
    out = tildes[0] if len(tildes[0]) <= SUMMARY_LIMIT else summarize(tildes[0])
    for tilde in tildes[1:]:
        if len(out) + 1 + len(tilde) > SUMMARY_LIMIT:
            break
        out = f"{out} {tilde}"
    return out


def _aliases(headings: Sequence[str]) -> tuple[str, ...]:
    """Every other name of an entry: alias headings and what `parse_heading` reads in each."""
    name = headings[0]
    out: list[str] = []
    for i, heading in enumerate(headings):
        implied = parse_heading(heading).aliases
        for alias in implied if i == 0 else (heading, *implied):
            alias = alias.strip()
            if alias and alias != name and alias not in out:
                out.append(alias)
    return tuple(out)


def make_entry(
    headings: Sequence[str], line: int, path: str, body: Digest, code: Sequence[str]
) -> Entry:
    """Assemble an entry; a body that is only 'See X' becomes a redirect to X."""
    definition = _join_lines(body.prose)
    redirect = ""
    if "\n" not in definition and not code and (match := _REDIRECT.match(definition)):
        redirect, definition = match.group(1), ""
    summary = _summary_of(list(dict.fromkeys(body.tildes)), definition)
    return Entry(
        name=headings[0],
        kind=Kind.TERM,
        aliases=_aliases(headings),
        definition=definition,
        summary=summary,
        code=tuple(code),
        links=tuple(dict.fromkeys(body.links)),
        see_also=tuple(body.see_also),
        sources=(SourceRef(path, line),),
        redirect=redirect,
    )
