"""Parsing the plain-text "hash-line" glossary: headings ending in '#', unfenced code."""

from __future__ import annotations

import re

from knowledge.model import Diagnostic, Entry, Level, ParseResult
from knowledge.names import key, parse_heading, split_suffix
from knowledge.parse.body import Numbered, clean_refs, digest, make_entry, split_lines

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


def _split_code(body: Numbered) -> tuple[Numbered, list[str]]:
    """Unfenced code: runs of 2+ code-like lines, at least one of them more than a comment."""
    kinds = [_code_kind(text) for _, text in body]
    prose: Numbered = []
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


def _expand(body: Numbered, path: str, diagnostics: list[Diagnostic]) -> list[str]:
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
    lines = split_lines(text)
    heads = [(i, name) for i, line in enumerate(lines) if (name := _heading(line)) is not None]
    ends = [*(i for i, _ in heads[1:]), len(lines)] if heads else []
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []

    def warn_orphan(start: int, end: int, why: str) -> None:
        for number in range(start, end):
            if lines[number].strip():
                diagnostics.append(Diagnostic(path, number + 1, Level.WARNING, why))
                return

    def flush(group: list[tuple[int, str]], body: Numbered) -> None:
        prose, code = _split_code(body)
        content = digest(_expand(prose, path, diagnostics), clean_refs)
        names = [name for _, name in group]
        entries.append(make_entry(names, group[0][0] + 1, path, content, code))

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
