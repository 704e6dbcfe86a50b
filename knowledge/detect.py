"""Which parser reads a document: every format's evidence weighed from content and file name.

Each format has a sniffer that looks at the text (and the file's extension) and says how
sure it is, from 0 to 100, and why. The highest score wins; the runner-up is kept so
`glossbot import --explain` can say what else it considered. Content outweighs the name:
a `.txt` file can hold any format, and Python `# comments` in code are not Markdown
headings, so headings only count when a blank line comes before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.model import Entry, ParseResult

_HASHLINE = re.compile(r"^[^#\s][^\n]*#[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+\S")
_LIQUID = re.compile(r"\{%-?\s*\w+.*?%\}")
_MKDOCS = re.compile(r"^(?:\*\[[^\]]+\]:|!!!|\?\?\?\+?|///|--8<--)", re.MULTILINE)
_TABLE_HEAD = re.compile(r"^\|?\s*(?:term|name|word|acronym)\s*\|", re.IGNORECASE | re.MULTILINE)
_DEFLIST = re.compile(r"^\S[^\n]*\n(?:\n)?:[ \t]+\S", re.MULTILINE)
_RST_GLOSSARY = re.compile(r"^\.\. glossary::", re.MULTILINE)
_RST_UNDERLINE = re.compile(r"^\S[^\n]*\n([=\-~^\"'`#*+])\1{2,}[ \t]*$", re.MULTILINE)
_ANKI_HEADER = re.compile(r"^#(?:separator|html|notetype|deck|tags|columns)[ \t]*:", re.MULTILINE)
_TERM_COLUMNS = frozenset({"term", "name", "title", "word", "front", "concept", "acronym"})
_DEFINITION_COLUMNS = frozenset({"definition", "description", "meaning", "body", "back"})


@dataclass(frozen=True, slots=True)
class Guess:
    """A format with how sure the detector is (0-100) and the evidence, in words."""

    format: str
    score: int
    reason: str


Sniffer = Callable[[str, str, list[str]], Guess]


def _markdown_headings(lines: list[str]) -> dict[int, int]:
    """How many headings of each level start after a blank line, outside code fences."""
    counts: dict[int, int] = {}
    fence = ""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence and stripped.startswith(fence) else fence or stripped[:3]
            continue
        if fence or (i and lines[i - 1].strip()):
            continue
        if match := _HEADING.match(line):
            counts[len(match.group(1))] = counts.get(len(match.group(1)), 0) + 1
    return counts


def _ext(name: str) -> str:
    return name.lower().rsplit(".", 1)[-1] if "." in name else ""


def _first_line(lines: list[str]) -> str:
    return next((line for line in lines if line.strip()), "")


def _canonical(text: str, name: str, lines: list[str]) -> Guess:
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if text.startswith("# glossbot canonical glossary"):
        return Guess("canonical", 100, "opens with the canonical YAML header")
    if body and body[0].startswith("entries:"):
        return Guess("canonical", 95, "a YAML mapping with 'entries:'")
    if body and body[0].startswith("- name:") and _ext(name) in ("yaml", "yml"):
        return Guess("canonical", 80, "a YAML list whose items start with 'name:'")
    return Guess("canonical", 0, "")


def _jekyll(text: str, name: str, lines: list[str]) -> Guess:
    h1 = _markdown_headings(lines).get(1, 0)
    liquid = len(_LIQUID.findall(text))
    front = text.startswith("---\n") and re.search(r"^(?:layout|permalink):", text, re.MULTILINE)
    if h1 >= 3 and (liquid or front):
        return Guess("jekyll", 90, f"{h1} '# Term' headings with Jekyll front matter or tags")
    if h1 >= 3:
        return Guess("jekyll", 60 + min(h1, 20), f"{h1} '# Term' headings after blank lines")
    return Guess("jekyll", 10 if liquid else 0, "Liquid tags" if liquid else "")


def _hashline(text: str, name: str, lines: list[str]) -> Guess:
    heads = len(_HASHLINE.findall(text))
    h1 = _markdown_headings(lines).get(1, 0)
    if heads >= 3 and heads > h1:
        return Guess("hashline", 70 + min(heads, 25), f"{heads} lines end in '#' like 'Term#'")
    return Guess("hashline", 0, "")


def _notes(text: str, name: str, lines: list[str]) -> Guess:
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    outline = 0
    for line in lines[start + 1 :]:
        if not line[:1].isspace() or not line.strip():
            break
        outline += 1
    if outline >= 3:
        return Guess("notes", 85, f"a title line then an indented outline of {outline} sections")
    return Guess("notes", 5, "plain text with no other structure")


def _flashcards(text: str, name: str, lines: list[str]) -> Guess:
    if "flashcard" in name.lower() or "flashcard" in _first_line(lines).lower():
        return Guess("flashcards", 90, "the title or file name says flashcards")
    return Guess("flashcards", 0, "")


SNIFFERS: list[Sniffer] = [_canonical, _jekyll, _hashline, _notes, _flashcards]


def rank(text: str, filename: str = "") -> tuple[Guess, ...]:
    """Every format that could read `text`, most likely first."""
    lines = text.replace("\r\n", "\n").split("\n")
    guesses = [sniff(text, filename, lines) for sniff in SNIFFERS]
    ordered = sorted(guesses, key=lambda g: -g.score)
    return tuple(g for g in ordered if g.score > 0)


def detect_format(text: str, filename: str = "") -> str:
    """The most likely format of a document, for `glossbot import` without --format."""
    guesses = rank(text, filename)
    return guesses[0].format if guesses else "notes"


def oversized(result: ParseResult, text: str) -> Entry | None:
    """The one entry that swallowed most of a sizeable file: the sign of a wrong parser."""
    size = sum(len(line.strip()) for line in text.splitlines())
    if size < 2000 or not result.entries:
        return None
    biggest = max(result.entries, key=_size)
    return biggest if _size(biggest) > size * 0.6 else None


def _size(entry: Entry) -> int:
    parts: Sequence[str] = (entry.definition, *entry.code)
    return sum(len(line.strip()) for part in parts for line in part.splitlines())
