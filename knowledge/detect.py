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
from itertools import chain
from operator import attrgetter

from knowledge.model import Entry, ParseResult
from knowledge.parse.fields import Field, field_of
from knowledge.parse.markdown import heading_levels, level_of_terms

# Patterns about line starts begin with a newline and run over `Sample.lined` (the text
# after one '\n'): `re` then jumps from newline to newline, where `^` would have it try
# every character. No match ends on a newline it consumed, so the counts are the same.
_HASHLINE = re.compile(r"\n[^#\s][^\n]*#[ \t]*$", re.MULTILINE)
_LIQUID = re.compile(r"\{%-?\s*\w+.*?%\}")
_MKDOCS = re.compile(r"\n(?:\*\[[^\]]+\]:|!!!|\?\?\?\+?|///|--8<--)")
_TABLE_HEAD = re.compile(r"\n\|?\s*(?:term|name|word|acronym)\s*\|", re.IGNORECASE)
_DEFLIST = re.compile(r"\n\S[^\n]*\n(?:\n)?:[ \t]+\S")
_RST_GLOSSARY = re.compile(r"\n\.\. glossary::")
_RST_UNDERLINE = re.compile(r"\n\S[^\n]*\n([=\-~^\"'`#*+])\1{2,}[ \t]*$", re.MULTILINE)
_RST_DIRECTIVE = re.compile(r"\n\.\. \S")
_ANKI_HEADER = re.compile(r"\n#(?:separator|html|notetype|deck|tags|columns)[ \t]*:")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)  # only run when a table head is found


_SAMPLE = 256_000
_SIZEABLE, _MOST = 2000, 0.6


@dataclass(frozen=True, slots=True)
class Guess:
    """A format with how sure the detector is (0-100) and the evidence, in words."""

    format: str
    score: int
    reason: str


@dataclass(frozen=True, slots=True)
class Sample:
    """What every sniffer looks at, worked out once: the text, its name, its lines (with
    Windows line ends read as one), the text after a newline for the line-start patterns,
    and how many headings of each level it has."""

    text: str
    name: str
    lines: list[str]
    lined: str
    headings: dict[int, int]

    @classmethod
    def of(cls, text: str, name: str) -> Sample:
        lines = text.replace("\r\n", "\n").split("\n")
        return cls(text, name, lines, "\n" + text, heading_levels(lines))


Sniffer = Callable[[Sample], Guess]


def _ext(name: str) -> str:
    return name.lower().rsplit(".", 1)[-1] if "." in name else ""


def _first_line(lines: list[str]) -> str:
    return next((line for line in lines if line.strip()), "")


def _canonical(sample: Sample) -> Guess:
    text, name = sample.text, sample.name
    lines = sample.lines
    first = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    if text.startswith("# glossbot canonical glossary"):
        return Guess("canonical", 100, "opens with the canonical YAML header")
    if first.startswith("entries:"):
        return Guess("canonical", 95, "a YAML mapping with 'entries:'")
    if first.startswith("- name:") and _ext(name) in ("yaml", "yml"):
        return Guess("canonical", 80, "a YAML list whose items start with 'name:'")
    return Guess("canonical", 0, "")


def _jekyll(sample: Sample) -> Guess:
    text, h1 = sample.text, sample.headings.get(1, 0)
    liquid = len(_LIQUID.findall(text))
    front = text.startswith("---\n") and re.search(r"^(?:layout|permalink):", text, re.MULTILINE)
    if h1 >= 3 and (liquid or front):
        return Guess("jekyll", 90, f"{h1} '# Term' headings with Jekyll front matter or tags")
    if h1 >= 3:
        return Guess("jekyll", 60 + min(h1, 20), f"{h1} '# Term' headings after blank lines")
    return Guess("jekyll", 10 if liquid else 0, "Liquid tags" if liquid else "")


def _hashline(sample: Sample) -> Guess:
    heads = len(_HASHLINE.findall(sample.lined))
    h1 = sample.headings.get(1, 0)
    if heads >= 3 and heads > h1:
        return Guess("hashline", 70 + min(heads, 25), f"{heads} lines end in '#' like 'Term#'")
    return Guess("hashline", 0, "")


def _notes(sample: Sample) -> Guess:
    lines = sample.lines
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    outline = 0
    for line in lines[start + 1 :]:
        if not line[:1].isspace() or not line.strip():
            break
        outline += 1
    if outline >= 3:
        return Guess("notes", 85, f"a title line then an indented outline of {outline} sections")
    return Guess("notes", 5, "plain text with no other structure")


def _flashcards(sample: Sample) -> Guess:
    if "flashcard" in sample.name.lower() or "flashcard" in _first_line(sample.lines).lower():
        return Guess("flashcards", 90, "the title or file name says flashcards")
    return Guess("flashcards", 0, "")


def _header_fields(line: str) -> set[Field]:
    cells = re.split(r"[,;\t|]", line.strip().strip("|"))
    return {f for cell in cells if (f := field_of(cell.strip().strip('"'))) is not None}


def _csv(sample: Sample) -> Guess:
    ext, first = _ext(sample.name), _first_line(sample.lines).lstrip("\ufeff")
    fields = _header_fields(first) if re.search(r"[,;\t]", first) else set()
    if Field.TERM in fields and len(fields) >= 2 and not first.startswith(("#", "|")):
        return Guess("csv", 95, f"a header row naming {', '.join(sorted(fields))} columns")
    if ext in ("csv", "tsv", "tab"):
        return Guess("csv", 90, f"a .{ext} file")
    return Guess("csv", 0, "")


def _anki(sample: Sample) -> Guess:
    if _ANKI_HEADER.search(sample.lined):
        return Guess("anki", 100, "Anki's export header lines (#separator:, #html:)")
    if _ext(sample.name) not in ("txt", ""):
        return Guess("anki", 0, "")
    body = [line for line in sample.lines if line.strip()]
    tabbed = sum(1 for line in body if "\t" in line)
    if len(body) >= 2 and tabbed >= 0.8 * len(body):
        return Guess("anki", 75, "tab-separated notes with no header row, as Anki exports them")
    return Guess("anki", 0, "")


def _records(sample: Sample) -> Guess:
    ext, start = _ext(sample.name), sample.text.lstrip("\ufeff \t\r\n")[:1]
    if ext == "json" or (start in "[{" and start):
        return Guess("json", 90 if ext == "json" else 85, "JSON (a list or mapping of terms)")
    if ext in ("yaml", "yml"):
        return Guess("yaml", 85, "YAML that is not glossbot's canonical form")
    return Guess("json", 0, "")


def _rst(sample: Sample) -> Guess:
    if _RST_GLOSSARY.search(sample.lined):
        return Guess("rst", 100, "a Sphinx '.. glossary::' directive")
    if _ext(sample.name) in ("rst", "rest"):
        return Guess("rst", 85, "a .rst file")
    if _RST_UNDERLINE.search(sample.lined) and _RST_DIRECTIVE.search(sample.lined):
        return Guess("rst", 50, "reST section underlines and '..' directives")
    return Guess("rst", 0, "")


def _markdown(sample: Sample) -> Guess:
    level = level_of_terms(sample.headings)
    terms = sample.headings.get(level, 0) if level >= 2 else 0
    mkdocs = len(_MKDOCS.findall(sample.lined))
    extras = f", with {mkdocs} MkDocs markers" if mkdocs else ""
    if terms >= 2:
        hashes = "#" * level
        return Guess("markdown", 80 + min(terms, 15), f"{terms} '{hashes} Term' headings{extras}")
    if _ext(sample.name) in ("md", "markdown"):
        return Guess("markdown", 30, "a Markdown file")
    return Guess("markdown", 0, "")


def _mdtable(sample: Sample) -> Guess:
    text = sample.text
    rows = len(_TABLE_ROW.findall(text)) if _TABLE_HEAD.search(sample.lined) else 0
    items = len(_DEFLIST.findall(sample.lined))
    terms = max(sample.headings.values(), default=0)
    if rows - 2 > terms or items > terms:
        what = f"a term table of {rows - 2} rows" if rows > items else f"{items} definition items"
        return Guess("mdtable", 88, f"{what} (more than headings)")
    return Guess("mdtable", 0, "")


def _page(sample: Sample) -> Guess:
    text = sample.text
    front = text.startswith("---") and re.search(r"^(?:title|aliases):", text, re.MULTILINE)
    terms = max(sample.headings.values(), default=0)
    if front and terms <= 1 and _ext(sample.name) in ("md", "markdown"):
        return Guess("page", 70, "one Markdown page with front matter: one term per file")
    return Guess("page", 0, "")


SNIFFERS: list[Sniffer] = [
    _canonical,
    _csv,
    _anki,
    _records,
    _rst,
    _jekyll,
    _markdown,
    _mdtable,
    _page,
    _hashline,
    _notes,
    _flashcards,
]


def rank(text: str, filename: str = "") -> tuple[Guess, ...]:
    """Every format that could read `text`, most likely first, judged on its first 256 KB
    (ample for any signal, and it keeps detecting a large export cheap)."""
    sample = Sample.of(text[:_SAMPLE], filename)
    guesses = [sniff(sample) for sniff in SNIFFERS]
    ordered = sorted(guesses, key=lambda g: -g.score)
    return tuple(g for g in ordered if g.score > 0)


def detect_format(text: str, filename: str = "") -> str:
    """The most likely format of a document, for `glossbot import` without --format."""
    guesses = rank(text, filename)
    return guesses[0].format if guesses else "notes"


def oversized(result: ParseResult, text: str) -> Entry | None:
    """The one entry that swallowed most of a sizeable file (over 60% of its text, when it
    has at least 2,000 characters): the sign of a wrong parser."""
    if not result.entries:
        return None
    # An entry's raw length bounds its size, so most imports are settled without measuring
    # the file: an entry within 60% of the smallest file that counts is no swallower.
    entries = result.entries
    definitions = max(map(len, map(attrgetter("definition"), entries)))
    code = sum(map(len, chain.from_iterable(map(attrgetter("code"), entries))))
    if definitions + code <= _SIZEABLE * _MOST:  # no entry is longer than that
        return None
    longest = max(map(_raw_size, entries))
    if longest <= _SIZEABLE * _MOST:
        return None
    size = sum(map(len, map(str.strip, text.splitlines())))
    if size < _SIZEABLE or longest <= size * _MOST:
        return None
    biggest = max(result.entries, key=_size)
    return biggest if _size(biggest) > size * _MOST else None


def _raw_size(entry: Entry) -> int:
    return len(entry.definition) + sum(map(len, entry.code))


def _size(entry: Entry) -> int:
    parts: Sequence[str] = (entry.definition, *entry.code)
    return sum(len(line.strip()) for part in parts for line in part.splitlines())
