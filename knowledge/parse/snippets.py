"""pymdownx snippets, the MkDocs way of sharing text between pages, spliced into a page.

The forms MkDocs Material documents:
- one line `--8<-- "file.md"` (also `-8<-`, either quote);
- a block: a lone `--8<--` line, one file name a line (blank lines skipped, `;name`
  commented out), and a closing `--8<--`;
- a part of a file: `file.md:3:5` (lines 3 to 5, either end may be left out) or
  `file.md:name` (the text between `--8<-- [start:name]` and `--8<-- [end:name]`);
- `;--8<-- "file"` is an escaped marker, shown as written without its `;`.
Files are read through `include`, relative to the page; a file that cannot be read, a
missing section, a remote URL (glossbot never fetches) and an unclosed block each give a
warning with the page line, and are left out. Section markers in an included file are
not text, and nothing is included more than once along one chain, so a loop ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.model import Diagnostic, Level
from knowledge.parse.body import split_lines

Include = Callable[[str], str | None]

_LINE = re.compile(r"^\s*-{1,2}8<-{1,2}[ \t]+[\"']([^\"']+)[\"']\s*$")
_FENCE = re.compile(r"^\s*-{1,2}8<-{1,2}\s*$")
_ESCAPED = re.compile(r"^(\s*);(-{1,2}8<-{1,2}.*)$")
_SECTION = re.compile(r"^\s*-{1,2}8<-{1,2}[ \t]+\[(start|end):([\w-]+)\]\s*$")
_PART = re.compile(r"^(.*?):(\d*)(?::(\d*))?$")
_NAMED = re.compile(r"^(.*\.\w+):([\w-]+)$")
_DEPTH = 4


class _Splicer:
    """The lines of one page with its snippets in, and the page line each stands for."""

    def __init__(self, path: str, include: Include | None, diagnostics: list[Diagnostic]):
        self.path = path
        self.include = include
        self.diagnostics = diagnostics
        self.out: list[str] = []
        self.origin: list[int] = []

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, Level.WARNING, message))

    def emit(self, text: str, line: int) -> None:
        self.out.append(text)
        self.origin.append(line)

    def lines(
        self, lines: list[str], page_line: Callable[[int], int], chain: tuple[str, ...]
    ) -> None:
        """Splice `lines`; `page_line(i)` is the page line that line i (0-based) cites."""
        i = 0
        while i < len(lines):
            line, at = lines[i], page_line(i)
            if _FENCE.match(line):
                end = next((j for j in range(i + 1, len(lines)) if _FENCE.match(lines[j])), -1)
                if end < 0:
                    self.warn(at, "snippet block '--8<--' is never closed; left out")
                    return
                for name in (n.strip() for n in lines[i + 1 : end]):
                    if name and not name.startswith(";"):
                        self.file(name, at, chain)
                i = end + 1
                continue
            if (single := _LINE.match(line)) is not None:
                self.file(single.group(1), at, chain)
            elif escaped := _ESCAPED.match(line):
                self.emit(escaped.group(1) + escaped.group(2), at)
            elif not (chain and _SECTION.match(line)):
                self.emit(line, at)
            i += 1

    def file(self, name: str, at: int, chain: tuple[str, ...]) -> None:
        if name.startswith(("http://", "https://")):
            self.warn(at, f"snippet {name!r} is a URL, which glossbot does not fetch; left out")
            return
        file, part = _split(name)
        text = self.include(file) if self.include is not None and file not in chain else None
        if text is None:
            self.warn(at, f"snippet {file!r} not found next to the page; left out")
            return
        lines = split_lines(text)
        chosen = _part(lines, part)
        if chosen is None:
            self.warn(at, f"snippet {name!r}: no section {part!r} in {file!r}; left out")
            return
        if len(chain) >= _DEPTH:
            self.warn(at, f"snippet {file!r} nests snippets too deep; left out")
            return
        self.lines(chosen, lambda _: at, (*chain, file))


def _split(name: str) -> tuple[str, str]:
    """'file.md:3:5' -> ('file.md', '3:5'); 'file.md:intro' -> ('file.md', 'intro')."""
    if (numbered := _PART.match(name)) and (numbered.group(2) or numbered.group(3) is not None):
        return numbered.group(1), name[len(numbered.group(1)) + 1 :]
    if named := _NAMED.match(name):
        return named.group(1), named.group(2)
    return name, ""


def _part(lines: list[str], part: str) -> list[str] | None:
    """The lines a part names: all, a 1-based inclusive range, or a named section."""
    if not part:
        return lines
    if part[0].isdigit() or part[0] == ":":
        first, _, last = part.partition(":")
        return lines[max(int(first) - 1, 0) if first else 0 : int(last) if last else len(lines)]
    marks = [
        (i, mark.group(1))
        for i, line in enumerate(lines)
        if (mark := _SECTION.match(line)) and mark.group(2) == part
    ]
    begin = next((i for i, kind in marks if kind == "start"), -1)
    if begin < 0:
        return None
    end = next((i for i, kind in marks if kind == "end" and i > begin), len(lines))
    return lines[begin + 1 : end]


def splice(
    lines: list[str], path: str, include: Include | None, diagnostics: list[Diagnostic]
) -> tuple[list[str], list[int]]:
    """The page's lines with its snippets spliced in, and for each the page line (1-based)."""
    splicer = _Splicer(path, include, diagnostics)
    splicer.lines(lines, lambda i: i + 1, ())
    return splicer.out, splicer.origin
