"""The free-form notes format: a titled outline, its sections, and their unmarked sub-headings.

Shape. The first non-blank line is the document's title. Indented lines right after it are
the outline, naming the sections in order; an unindented `Label:` line followed by indented
lines (`See also:` / ` Optimization`) lists further names, which count as sections only if
the body has them. Each section starts at the next unindented line equal to its outline
name, searched in outline order from the previous section, so a repeated name
(`Verification` twice) gets two sections and a word like `Data` elsewhere is not mistaken
for one.

Sub-headings are not marked, so they are guessed. A line inside a section is one when it
is shaped like a title (unindented, 1-4 words, at most 30 characters, no URL, `=`, `#` or
verb such as `is`, not code, not ending in `.` `:` `?` `,` `;` `!`, not opening with the
same word as the line before) and the next non-blank line reads as its body:
- for any title, when that line is indented (a list), code (`Openai` before `import
  openai`) or opens with a web address followed by words (`Tasks`, `renting gpu`);
- for a capitalised title, when that line is prose of five or more words or a bare link,
  unless the title ends a run of short lines (`Recurrent` after `Convolutional`), where
  only prose carrying a link will do (`LoRA` after `Deepfakes`).
So lower-case items before a sentence (`outliers`, `batch normalization`) and runs of short
lines (`SVM`, `Kernel`, `decision trees`) stay text. A missed sub-heading costs little: its
text is still in its section's entry.

Text. Indented lines become `- item` lines, URLs move to `links` (labelled with the short
text before them, or after them at the end of a line) and leave the text, and code (import,
from, print(, def, class, assignments to calls or literals, bracket continuations, `#`
comments next to code and the command after such a comment) moves to `code` blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.model import Diagnostic, Entry, Kind, Level, Link, ParseResult, SourceRef

_URL = re.compile(r"https?://[^\s<>\"']+")
# A line opening with a web address ("vast.ai lambdalabs ...") is body text, like a URL.
_WEB_START = re.compile(r"^(?:https?://|www\.|[\w-]+\.(?:ai|com|org|io|net|dev)\b)")
_CODE_START = re.compile(
    r"^(?:import \w|from [\w.]+ import \w|print\(|def \w+\(|class \w+.*:$"
    r"|[A-Za-z_][\w.]*(?:\[[^\]]*\])*\s*=\s*[\w.]*[(\"'\[{])"
)
_WORD = re.compile(r"\w")
_NOT_A_TITLE_END = (".", ":", "?", ",", ";", "!")
# A short line with one of these is a sentence missing its full stop ('SARSA is on policy').
_VERBS = frozenset({"is", "are", "was", "were", "has", "have", "can", "will", "does"})
_CODE_CONTINUATION_LIMIT = 50


@dataclass(frozen=True, slots=True)
class _Part:
    """A named stretch of lines: [start, end) with the name on line `start`."""

    name: str
    start: int
    end: int
    see_also: tuple[str, ...] = ()


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t") and bool(line.strip())


def _words(line: str) -> int:
    return sum(1 for token in _URL.sub(" ", line).split() if _WORD.search(token))


def _code_lines(lines: Sequence[str]) -> list[bool]:
    """Which lines are code; see the module docstring for the signs."""
    code = [False] * len(lines)
    depth, held = 0, 0  # open brackets, and for how many lines they have stayed open
    for k, line in enumerate(lines):
        previous = lines[k - 1] if k else ""
        following = lines[k + 1] if k + 1 < len(lines) else ""
        after_comment = k > 0 and code[k - 1] and previous.startswith("#")
        if depth > 0 and line.strip() and held < _CODE_CONTINUATION_LIMIT:
            code[k], held = True, held + 1
        elif _CODE_START.match(line):
            code[k], depth, held = True, 0, 0
        elif line.startswith("#"):
            code[k] = (k > 0 and code[k - 1]) or bool(_CODE_START.match(following))
        elif after_comment and line.strip() and not _URL.search(line):
            code[k] = not (line.rstrip().endswith(".") and _words(line) >= 5)
        if not code[k]:
            depth = 0
        elif not line.startswith("#"):
            depth = max(0, depth + sum(map(line.count, "([{")) - sum(map(line.count, ")]}")))
    return code


def _is_title(line: str, is_code: bool) -> bool:
    """Whether a line could be a sub-heading by its own shape (its next line decides)."""
    text = line.strip()
    return (
        bool(text)
        and not _indented(line)
        and not is_code
        and 1 <= len(text.split()) <= 4
        and len(text) <= 30
        and _WORD.search(text) is not None
        and not _URL.search(text)
        and "=" not in text
        and not text.startswith(("#", "-", "*"))
        and not text.endswith(_NOT_A_TITLE_END)
        and not _VERBS.intersection(text.lower().split())
    )


def _sub_headings(lines: Sequence[str], code: Sequence[bool], start: int, end: int) -> list[int]:
    """The sub-heading lines in lines[start:end]; see the module docstring for the rule."""
    found: list[int] = []
    for k in range(start, end):
        if not _is_title(lines[k], code[k]):
            continue
        nxt = next((j for j in range(k + 1, end) if lines[j].strip()), None)
        if nxt is None:
            continue
        body = lines[nxt].strip()
        before = next((j for j in range(k - 1, -1, -1) if lines[j].strip()), None)
        previous = lines[before] if before is not None else ""
        if previous.split()[:1] == lines[k].split()[:1]:
            continue  # 'whisper model largev2' after 'whisper audio.flac ...': a list
        words, has_url = _words(body), _URL.search(body) is not None
        if _indented(lines[nxt]) or code[nxt] or (_WEB_START.match(body) and words > 0):
            found.append(k)
        elif lines[k].strip()[:1].isupper() and not _is_title(body, code[nxt]):
            in_a_run = before is not None and _is_title(previous, code[before])
            prose = words >= 5 or (words == 0 and has_url)
            if prose and (not in_a_run or (has_url and words >= 5)):
                found.append(k)
    return found


def _label(before: str, after: str, last: bool) -> str:
    for text, allowed in ((before, True), (after, last)):
        text = text.strip(" -:,;")
        if allowed and text and len(text) <= 60 and len(text.split()) <= 6:
            return text
    return ""


def _links(line: str) -> tuple[str, list[Link]]:
    """The line without its URLs, and the URLs as links."""
    matches = list(_URL.finditer(line))
    links: list[Link] = []
    for i, match in enumerate(matches):
        url = match.group(0).rstrip(".,;:!?")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        begin = matches[i - 1].end() if i else 0
        finish = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        after = line[match.end() : finish]
        links.append(Link(url, _label(line[begin : match.start()], after, i + 1 == len(matches))))
    return " ".join(_URL.sub(" ", line).split()), links


@dataclass(frozen=True, slots=True)
class _Text:
    definition: str
    code: tuple[str, ...]
    links: tuple[Link, ...]


def _render(lines: Sequence[str], code: Sequence[bool], start: int, end: int) -> _Text:
    """Clean text, code blocks and links of lines[start:end]."""
    text: list[str] = []
    blocks: list[list[str]] = []
    links: dict[str, Link] = {}
    for k in range(start, end):
        line = lines[k]
        if code[k]:
            if k == start or not code[k - 1]:
                blocks.append([])
            blocks[-1].append(line.rstrip())
            continue
        clean, found = _links(line)
        for link in found:
            links.setdefault(link.url, link)
        if clean:
            text.append(f"- {clean}" if _indented(line) else clean)
    return _Text("\n".join(text), tuple("\n".join(b) for b in blocks), tuple(links.values()))


def _expansion(name: str, definition: str) -> str:
    """'Low rank adaptation' for 'LoRA': the opening words whose initials spell the name."""
    capitals = [ch for ch in name if ch.isupper()]
    first = definition.split("\n", 1)[0].removeprefix("- ").split()
    if " " in name or len(capitals) < 2 or len(first) < len(capitals):
        return ""
    words = first[: len(capitals)]
    if "".join(w[0] for w in words).lower() == "".join(capitals).lower():
        return " ".join(words).strip(".,:;")
    return ""


def _outline(lines: Sequence[str], title: int) -> tuple[list[tuple[str, int]], list[str], int]:
    """The outline's (name, line index) pairs, the extra 'See also:' names, and the body start."""
    outline: list[tuple[str, int]] = []
    extras: list[str] = []
    k, into_extras = title + 1, False
    while k < len(lines):
        line = lines[k]
        following = lines[k + 1] if k + 1 < len(lines) else ""
        if _indented(line):
            if into_extras:
                extras.append(line.strip())
            else:
                outline.append((line.strip(), k))
        elif line.strip().endswith(":") and _indented(following) and outline:
            into_extras = True
        elif line.strip():
            break
        k += 1
    return outline, extras, k


def _sections(
    lines: Sequence[str], title: int, path: str
) -> tuple[list[_Part], int, list[Diagnostic]]:
    """Every section found in outline order, where the body starts, and what went missing."""
    outline, extras, body = _outline(lines, title)
    starts: list[tuple[str, int]] = []
    diagnostics: list[Diagnostic] = []
    position = body
    wanted = [(name, k, True) for name, k in outline] + [(name, -1, False) for name in extras]
    for name, outline_line, required in wanted:
        hit = next((j for j in range(position, len(lines)) if lines[j].rstrip() == name), None)
        if hit is None:
            if required:
                message = f"the outline lists {name!r} but no section of that name follows"
                diagnostics.append(Diagnostic(path, outline_line + 1, Level.WARNING, message))
            continue
        starts.append((name, hit))
        position = hit + 1
    ends = [k for _, k in starts[1:]] + [len(lines)] if starts else []
    parts = [_Part(name, k, end) for (name, k), end in zip(starts, ends, strict=True)]
    return parts, body, diagnostics


def _entry(part: _Part, rendered: _Text, path: str) -> Entry:
    expansion = _expansion(part.name, rendered.definition)
    return Entry(
        name=part.name,
        kind=Kind.NOTE,
        aliases=(expansion,) if expansion and expansion != part.name else (),
        definition=rendered.definition,
        code=rendered.code,
        links=rendered.links,
        see_also=tuple(s for s in dict.fromkeys(part.see_also) if s != part.name),
        sources=(SourceRef(path, part.start + 1),),
    )


def _split(
    lines: Sequence[str], code: Sequence[bool], start: int, end: int, parent: str
) -> list[_Part]:
    """The sub-headings of lines[start:end], each running to the next one."""
    heads = _sub_headings(lines, code, start, end)
    stops = [*heads[1:], end] if heads else []
    return [
        _Part(lines[k].strip(), k, stop, (parent,)) for k, stop in zip(heads, stops, strict=True)
    ]


def parse(text: str, path: str) -> ParseResult:
    """Read a notes document; see the module docstring for how it is taken apart."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    title = next((k for k, line in enumerate(lines) if line.strip()), None)
    if title is None:
        return ParseResult()
    code = _code_lines(lines)
    title_name = lines[title].strip()
    sections, body, diagnostics = _sections(lines, title, path)
    if not sections:
        # No outline: the whole text is the title's note, still split at its sub-headings.
        subs = _split(lines, code, title + 1, len(lines), title_name)
        head = _Part(title_name, title, len(lines), tuple(s.name for s in subs))
        entries = [_entry(head, _render(lines, code, title + 1, len(lines)), path)]
        entries.extend(_entry(s, _render(lines, code, s.start + 1, s.end), path) for s in subs)
        return ParseResult(tuple(entries), tuple(diagnostics))
    names = list(dict.fromkeys(s.name for s in sections))
    preface = _render(lines, code, body, sections[0].start)
    overview = "\n".join(["Notes on:", *(f"- {name}" for name in names)])
    head_text = _Text(
        "\n".join(filter(None, (overview, preface.definition))), preface.code, preface.links
    )
    entries = [_entry(_Part(title_name, title, body, tuple(names)), head_text, path)]
    for section in sections:
        subs = _split(lines, code, section.start + 1, section.end, section.name)
        part = _Part(section.name, section.start, section.end, tuple(s.name for s in subs))
        entries.append(_entry(part, _render(lines, code, section.start + 1, section.end), path))
        entries.extend(_entry(s, _render(lines, code, s.start + 1, s.end), path) for s in subs)
    return ParseResult(tuple(entries), tuple(diagnostics))
