"""Parsing the plain-text "hash-line" glossary, and the body conventions Jekyll pages share."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from knowledge.model import Diagnostic, Entry, Kind, Level, Link, ParseResult, SourceRef
from knowledge.names import key, parse_heading, split_suffix

# The helpers down to `_make_entry` are shared with the Jekyll parser, whose bodies follow the
# same "See also" / "More at" / "~ summary" conventions.

_Numbered = list[tuple[int, str]]  # (1-based line number, line)

_SEE_ALSO = re.compile(r"^See\s+als[oe]\b[\s:,]*(.*)$")  # 'See alse' is a typo in the seeds
_MORE_AT = re.compile(r"^(.*?)\s*\bMore at\s*:\s*(.*)$")
_REDIRECT = re.compile(r"^See\s+([A-Z0-9][^\n]{0,100}?)\s*\.?$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])(?:\s+(.*))?$")
# A reference holds a letter and does not index: '[Term]', but not 'V=[0,0]' or 'x[i]'.
_REF = re.compile(r"(?<![\w=])\[([^\[\]\n]*[^\W\d_][^\[\]\n]*)\](?!\()")
_EMOJI = re.compile(r"[ \t]*(?<![\w:/]):[a-z0-9_+-]+:(?![\w/])")
_URL = re.compile(r"https?://\S+")
_COMMA = re.compile(r",(?![^\[(]*[\])])")  # not inside '[...]' or '(...)'
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<!etc)(?<!vs)[.!?](?=\s)")
# Bracketed model tokens are text, not cross-references.
_SPECIAL_TOKENS = frozenset({"MASK", "CLS", "SEP", "PAD", "UNK"})
_SUMMARY_MAX = 200


@dataclass
class _Digest:
    """A body's prose with its trailing sections taken out, ready to become an `Entry`."""

    prose: list[str] = field(default_factory=list)
    tildes: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)


def _split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them, so line numbers agree between both parsers."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _clean_refs(text: str) -> str:
    """Inline markup a reader should not see: '[Term]' cross-references and ':emoji:' codes."""
    text = _REF.sub(lambda m: m.group(0) if m.group(1) in _SPECIAL_TOKENS else m.group(1), text)
    return _EMOJI.sub("", text).strip()


def _label(prefix: str) -> str:
    return prefix.strip().rstrip("-–:").strip()


def _bare_link(item: str) -> Link | None:
    """A "More at" item: 'label - url', 'label url' or a bare URL; a label alone links nowhere."""
    if match := _URL.search(item):
        return Link(match.group(0).rstrip(".,;"), _label(item[: match.start()]))
    return None


def _parse_see_also(rest: str) -> list[str]:
    """Names after 'See also': brackets dropped, the page letter and '...' placeholders too."""
    out: list[str] = []
    for i, part in enumerate(_COMMA.split(rest)):
        name = _clean_refs(part.strip().removeprefix("[").removesuffix("]"))
        placeholder = not name.strip(".… ")
        page_letter = i == 0 and len(name) == 1 and name.isalpha()
        if not placeholder and not page_letter and name not in out:
            out.append(name)
    return out


def _digest(
    lines: Sequence[str],
    clean: Callable[[str], str],
    link: Callable[[str], Link | None] = _bare_link,
) -> _Digest:
    """Walk a body once, sorting lines into prose, '~' summaries, "More at" and "See also"."""
    out = _Digest()
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
                out.prose.append(f"- {text}")
            bullet = line in ("-", "*")
        elif line == "~" or line.startswith("~ "):
            if text := clean(line[1:]):
                out.tildes.append(text)
                out.prose.append(text)
        elif line != ".":
            out.prose.append(clean(line))
    return out


def _join_lines(lines: Sequence[str]) -> str:
    """Lines with runs of blank lines collapsed to one and none at either end."""
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1]):
            out.append(line.rstrip() if line.strip() else "")
    return "\n".join(out).strip("\n")


def _first_sentence(text: str) -> str:
    """A fallback summary: the first sentence of the first line, cut at a word if long."""
    line = text.strip().split("\n", 1)[0].strip()
    if item := _LIST_ITEM.match(line):
        line = (item.group(1) or "").strip()
    ends = (
        m.end() for m in _SENTENCE_END.finditer(line) if any(c.isalpha() for c in line[: m.end()])
    )
    line = line[: next(ends, len(line))]
    if len(line) <= _SUMMARY_MAX:
        return line
    cut = line[:_SUMMARY_MAX].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return f"{cut or line[:_SUMMARY_MAX]}…"


def _summary(tildes: Sequence[str], definition: str) -> str:
    """The '~' lines that fit in a summary, else the definition's first sentence."""
    if not definition:
        return ""
    if not tildes:
        return _first_sentence(definition)
    out = tildes[0] if len(tildes[0]) <= _SUMMARY_MAX else _first_sentence(tildes[0])
    for tilde in tildes[1:]:
        if len(out) + 1 + len(tilde) > _SUMMARY_MAX:
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


def _make_entry(
    headings: Sequence[str], line: int, path: str, body: _Digest, code: Sequence[str]
) -> Entry:
    """Assemble an entry; a body that is only 'See X' becomes a redirect to X."""
    definition = _join_lines(body.prose)
    redirect = ""
    if "\n" not in definition and not code and (match := _REDIRECT.match(definition)):
        redirect, definition = match.group(1), ""
    summary = _summary(list(dict.fromkeys(body.tildes)), definition)
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


# What follows is the hash-line format's own: headings, unfenced code, '/// details'.

_DETAILS = re.compile(r"^///\s*details\s*\|\s*(.*)$")
_DETAILS_TYPE = re.compile(r"^(.*?)\s*\btype:(\w+)\s*$")
_INLINE_LIST = re.compile(r"^(.*?:)\s+\*\s+(.*)$")
_CODE_START = re.compile(
    r"^(?:import \w|from [\w.]+ import |def \w+\s*\(|class \w+\s*[(:]|return\b|print\(|"
    r"(?:for|while|if|elif|with|try|except)\b.*:$|else:$|@\w)"
)
_ASSIGN = re.compile(
    r"^[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*[-+*/]?=\s*[^=>\s]"
)
_CALL = re.compile(r"^[A-Za-z_][\w.]*\(.*[),(:]$")
_CLOSER = re.compile(r"^[)\]}]+[,;:]?$")


def _heading(line: str) -> str | None:
    """The term a line names, when it ends in '#' and reads like a title, not code."""
    text = line.strip()
    if not text.endswith("#") or text.startswith("#"):
        return None
    name = text[:-1].strip()
    if not name or not name[0].isalnum() or len(name) > 150:
        return None
    return None if "=" in name or "://" in name else name


def _same_concept(first: str, other: str) -> bool:
    """Whether a bodiless heading and the next one are two names for one entry."""
    names = {first, *parse_heading(first).aliases}
    return key(split_suffix(other)[0]) in {key(split_suffix(n)[0]) for n in names}


def _code_kind(line: str) -> int:
    """2 for a line that reads as code, 1 for a comment that may belong to code, else 0."""
    text = line.strip()
    if text.startswith("#"):
        return 1
    if any(p.match(text) for p in (_CODE_START, _ASSIGN, _CALL, _CLOSER)):
        return 2
    return 0


def _split_code(body: _Numbered) -> tuple[_Numbered, list[str]]:
    """Unfenced code: runs of 2+ code-like lines, at least one of them more than a comment."""
    kinds = [_code_kind(text) for _, text in body]
    prose: _Numbered = []
    code: list[str] = []
    i = 0
    while i < len(body):
        j = i
        while j < len(body) and kinds[j]:
            j += 1
        if j - i >= 2 and max(kinds[i:j]) == 2:
            code.append("\n".join(text.rstrip() for _, text in body[i:j]))
        else:
            prose.extend(body[i : max(j, i + 1)])
        i = max(j, i + 1)
    return prose, code


def _expand(body: _Numbered, path: str, diagnostics: list[Diagnostic]) -> list[str]:
    """Turn '/// details' questions into 'Question:' lines and 'Fix: * a * b' into items."""
    out: list[str] = []
    opened = 0
    for number, text in body:
        line = text.strip()
        if details := _DETAILS.match(line):
            line = details.group(1).strip()
            opened = 0 if line.endswith("///") else number
            line = line.removesuffix("///").strip()
            if kind := _DETAILS_TYPE.match(line):
                line = f"{kind.group(2).capitalize()}: {kind.group(1)}"
        elif opened and line.endswith("///"):
            opened, line = 0, line.removesuffix("///").strip()
        if inline := _INLINE_LIST.match(line):
            out.append(inline.group(1))
            out.extend(f"* {item}" for item in inline.group(2).split(" * "))
        elif line:
            out.append(line)
    if opened:
        diagnostics.append(Diagnostic(path, opened, Level.WARNING, "'/// details' never closed"))
    return out


def parse(text: str, path: str) -> ParseResult:
    """Read a hash-line glossary; consecutive headings for one concept make one entry."""
    lines = _split_lines(text)
    heads = [(i, name) for i, line in enumerate(lines) if (name := _heading(line)) is not None]
    ends = [*(i for i, _ in heads[1:]), len(lines)] if heads else []
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []

    def warn_orphan(start: int, end: int, why: str) -> None:
        for number in range(start, end):
            if lines[number].strip():
                diagnostics.append(Diagnostic(path, number + 1, Level.WARNING, why))
                return

    def flush(group: list[tuple[int, str]], body: _Numbered) -> None:
        prose, code = _split_code(body)
        content = _digest(_expand(prose, path, diagnostics), _clean_refs)
        names = [name for _, name in group]
        entries.append(_make_entry(names, group[0][0] + 1, path, content, code))

    warn_orphan(0, heads[0][0] if heads else len(lines), "text before the first heading ignored")
    group: list[tuple[int, str]] = []
    for (start, name), end in zip(heads, ends, strict=True):
        if len(name) == 1 and name.isalpha():  # a page title such as 'M#'
            if group:
                flush(group, [])
            group = []
            warn_orphan(start + 1, end, f"text under page title {name!r} ignored")
            continue
        if group and not _same_concept(group[0][1], name):
            flush(group, [])
            group = []
        group.append((start, name))
        if any(line.strip() for line in lines[start + 1 : end]):
            flush(group, [(n + 1, lines[n]) for n in range(start + 1, end)])
            group = []
    if group:
        flush(group, [])
    return ParseResult(tuple(entries), tuple(diagnostics))
