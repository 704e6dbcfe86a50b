"""reStructuredText glossaries: Sphinx `.. glossary::` directives and plain definition lists.

A definition list item is a term line followed at once by a more indented line; inside a
glossary directive, consecutive term lines name one entry. Roles show their text
(`:term:\\`tokens <Token>\\`` reads "tokens"), and `:term:` targets become see-also. Labels
(`.. _x:`), comments, footnote and link targets and other directives are not entries; a
paragraph ending in `::` or a `.. code-block::` keeps the indented block after it as code.
Section titles (a line under- or overlined with punctuation) are skipped.
"""

from __future__ import annotations

import re
import textwrap

from knowledge.model import Entry, Kind, Link, ParseResult, SourceRef
from knowledge.parse.body import split_lines

_ROLE = re.compile(r":(\w+(?::\w+)?):`([^`<]*?)\s*(?:<([^>`]+)>)?`")
_LINK = re.compile(r"`([^`<]+?)\s*<(https?://[^>]+)>`__?")
_LITERAL = re.compile(r"``([^`]+)``")
_EMPHASIS = re.compile(r"\*{1,2}([^*\n]+)\*{1,2}")
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
_CODE_DIRECTIVE = re.compile(r"^\.\.\s+(?:code-block|code|sourcecode)::")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _inline(text: str, see_also: list[str], links: list[Link]) -> str:
    """Roles as their text, hyperlinks as their label (URL kept as a link), no markup."""

    def role(match: re.Match[str]) -> str:
        shown = match.group(2).strip() or (match.group(3) or "").strip()
        if match.group(1) == "term":
            target = (match.group(3) or shown).strip()
            if target not in see_also:
                see_also.append(target)
        return shown

    def link(match: re.Match[str]) -> str:
        links.append(Link(match.group(2).strip(), match.group(1).strip()))
        return match.group(1).strip()

    text = _LINK.sub(link, _ROLE.sub(role, text))
    return _EMPHASIS.sub(r"\1", _LITERAL.sub(r"\1", text)).replace("\\", "")


def _body(lines: list[str]) -> tuple[str, list[str], list[str], list[Link]]:
    """A definition's text, its literal blocks, see-also and links."""
    text: list[str] = []
    code: list[str] = []
    see_also: list[str] = []
    links: list[Link] = []
    block = textwrap.dedent("\n".join(lines)).split("\n")
    i = 0
    while i < len(block):
        line = block[i]
        directive = _CODE_DIRECTIVE.match(line.strip()) is not None
        if directive or line.rstrip().endswith("::"):
            lead = "" if directive else _inline(line.rstrip()[:-2].rstrip(), see_also, links)
            if lead:
                text.append(lead + ":")
            base, i = _indent(line), i + 1
            start = i
            while i < len(block) and (not block[i].strip() or _indent(block[i]) > base):
                i += 1
            if snippet := textwrap.dedent("\n".join(block[start:i])).strip("\n"):
                code.append("\n".join(s for s in snippet.split("\n") if not s.startswith(":")))
            continue
        stripped = line.strip()
        if stripped.startswith(("* ", "- ")):
            text.append("  " * (_indent(line) // 2) + "- " + _inline(stripped[2:], see_also, links))
        elif stripped:
            text.append(_inline(stripped, see_also, links))
        elif text and text[-1]:
            text.append("")
        i += 1
    return "\n".join(text).strip(), code, see_also, links


def _entry(names: list[str], body: list[str], path: str, line: int) -> Entry:
    definition, code, see_also, links = _body(body)
    name = names[0]
    return Entry(
        name=name,
        kind=Kind.TERM,
        aliases=tuple(dict.fromkeys(n for n in names[1:] if n != name)),
        definition=definition,
        code=tuple(code),
        links=tuple(dict.fromkeys(links)),
        see_also=tuple(s for s in dict.fromkeys(see_also) if s not in names),
        sources=(SourceRef(path, line),),
    )


def _is_term(lines: list[str], i: int) -> bool:
    """A definition list term: text followed at once by a more indented, non-blank line."""
    line = lines[i]
    if not line.strip() or line.lstrip().startswith((".. ", "..\t", ":", "* ", "- ")):
        return False
    if _UNDERLINE.match(line.strip()) or i + 1 >= len(lines):
        return False
    previous = lines[i - 1] if i else ""
    stacked = _indent(line) > 0 and _indent(previous) == _indent(line)
    if previous.strip() and not stacked:
        return False  # a paragraph's last line: what follows is a block quote
    following = lines[i + 1]
    return bool(following.strip()) and _indent(following) > _indent(line)


def parse(text: str, path: str) -> ParseResult:
    """Read the glossary directives and definition lists of a reST document."""
    lines = split_lines(text)
    entries: list[Entry] = []
    i = 0
    skip_deeper = -1  # inside a directive, comment or target: skip lines indented past this
    while i < len(lines):
        line = lines[i]
        if skip_deeper >= 0 and (not line.strip() or _indent(line) > skip_deeper):
            i += 1
            continue
        skip_deeper = -1
        stripped = line.strip()
        if stripped.startswith("..") and not stripped.startswith(".. glossary::"):
            skip_deeper = _indent(line)
            i += 1
            continue
        names: list[str] = []
        start = i
        while i < len(lines) and lines[i].strip() and not _is_term(lines, i):
            # Consecutive term lines in a glossary: every line but the last has no body.
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if not (following.strip() and _indent(following) == _indent(lines[i])):
                break
            if not _is_candidate(lines, i):
                break
            names.append(_inline(lines[i].strip(), [], []))
            i += 1
        if i < len(lines) and _is_term(lines, i):
            names.append(_inline(lines[i].strip(), [], []))
            base = _indent(lines[i])
            i += 1
            body_start = i
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > base):
                i += 1
            entries.append(_entry(names, lines[body_start:i], path, start + 1))
            continue
        i = max(i, start + 1)
    return ParseResult(tuple(entries), ())


def _is_candidate(lines: list[str], i: int) -> bool:
    """Whether a line could be an extra term line stacked above a glossary term."""
    stripped = lines[i].strip()
    if stripped.startswith(("..", ":", "* ", "- ")) or _UNDERLINE.match(stripped):
        return False
    j = i
    while (
        j + 1 < len(lines) and lines[j + 1].strip() and _indent(lines[j + 1]) == _indent(lines[i])
    ):
        j += 1
    return _is_term(lines, j) and _indent(lines[i]) > 0
