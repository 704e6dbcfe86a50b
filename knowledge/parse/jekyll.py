"""Parsing Markdown glossary pages where each heading of one level starts an entry.

Jekyll pages use '# Term'; `read_terms` serves any level, so the MkDocs reader shares it.
Liquid `{% highlight %}` blocks are code, like fences; reference links `[shown][Target]`
show `shown` and record `Target` as a see-also, or as a link when the page defines it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from knowledge.model import Diagnostic, Entry, Level, Link, ParseResult
from knowledge.parse.body import (
    bare_link,
    clean_refs,
    digest,
    link_label,
    make_entry,
    split_lines,
)

_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
_ATTRIBUTES = re.compile(r"\{:[^}]*\}")
_SUBHEADING = re.compile(r"^#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_TOC = frozenset({"* toc", "- toc"})
_HIGHLIGHT = re.compile(r"^(\s*)\{%-?\s*highlight\s+([\w+-]*)[^%]*-?%\}\s*$")
_END_HIGHLIGHT = re.compile(r"^(\s*)\{%-?\s*endhighlight\s*-?%\}\s*$")
_FULL_REF = re.compile(r"(?<!\!)\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
_SHORTCUT_REF = re.compile(r"(?<![\]!\w])\[([^\[\]\n]+)\](?![\[(:])")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # a thematic break
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S")


@dataclass(frozen=True, slots=True)
class Page:
    """A page's lines ready for markdown-it, and the link definitions found with it."""

    lines: list[str]
    references: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Block:
    """A heading or fence: its first line and the line after it, 0-based as markdown-it counts."""

    start: int
    end: int
    text: str = ""
    closed: bool = True


def md_links(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, text, url) of each '[text](url)' or '![alt](url)'.

    Scanned by hand because URLs such as 'Metropolis_(1927_film)' hold parentheses.
    """
    out: list[tuple[int, int, str, str]] = []
    i = 0
    while (close := text.find("](", i)) >= 0:
        open_ = text.rfind("[", i, close)
        depth, end = 0, -1
        for j in range(close + 1, len(text)):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            if depth == 0:
                end = j
                break
        if open_ < 0 or end < 0:
            i = close + 2
            continue
        start = open_ - 1 if open_ > 0 and text[open_ - 1] == "!" else open_
        out.append((start, end + 1, text[open_ + 1 : close], text[close + 2 : end].strip()))
        i = end + 1
    return out


def _link(item: str) -> Link | None:
    """A "More at" item: '[url](url)' or 'label [url](url)', else a plain one."""
    for start, _, text, url in md_links(item):
        if item[start] != "!":
            url = url.split("|")[0].strip().strip("<>")  # '...epdf|' pipes in one seed URL
            label = link_label(item[:start])
            if not label and not text.strip().startswith(("http://", "https://")):
                label = clean_refs(text)
            return Link(url, label) if url else None
    return bare_link(item)


def clean_line(line: str) -> str:
    """Markdown a chat reader should not see: liquid tags, images, link targets, backticks."""
    line = _FULL_REF.sub(lambda m: m.group(1), _ATTRIBUTES.sub("", _LIQUID.sub("", line)))
    for start, end, text, _ in reversed(md_links(line)):
        line = line[:start] + ("" if line[start] == "!" else text) + line[end:]
    if heading := _SUBHEADING.match(line.strip()):
        line = heading.group(1)
    return clean_refs(line.replace("`", ""))


def _front_matter_end(lines: list[str], path: str, diagnostics: list[Diagnostic]) -> int:
    """The first line after the YAML front matter, whose '#' comments are not headings."""
    if not lines or lines[0].strip() != "---":
        return 0
    for number in range(1, len(lines)):
        if lines[number].strip() in ("---", "..."):
            return number + 1
    diagnostics.append(Diagnostic(path, 1, Level.WARNING, "front matter never closed"))
    return 0


def _blocks(
    lines: list[str], level: int
) -> tuple[list[_Block], list[_Block], list[int], dict[str, str]]:
    """Top-level headings of `level`, fenced code, the lines of higher headings (which end a
    body), and the page's link definitions (upper-cased label -> URL), by markdown-it."""
    env: dict[str, dict[str, dict[str, object]]] = {}
    tokens = MarkdownIt("commonmark").parse("\n".join(lines), env)
    headings: list[_Block] = []
    fences: list[_Block] = []
    stops: list[int] = []
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "heading_open" and token.level == 0 and token.tag == f"h{level}":
            inline = tokens[index + 1] if index + 1 < len(tokens) else None
            name = " ".join(inline.content.split()) if inline is not None else ""
            headings.append(_Block(start, end, name))
        elif token.type == "heading_open" and token.level == 0 and int(token.tag[1:]) < level:
            stops.append(start)
        elif token.type == "fence":
            last = lines[end - 1].strip() if end - start >= 2 else ""
            closed = last.startswith(token.markup) and not last.lstrip(token.markup[0]).strip()
            fences.append(_Block(start, end, closed=closed))
    references = {
        label: str(ref.get("href", "")) for label, ref in env.get("references", {}).items()
    }
    return headings, fences, stops, references


def _split_fences(
    lines: list[str], start: int, end: int, fences: list[_Block]
) -> tuple[list[str], list[str]]:
    """A body's prose lines, and its fences' code verbatim (markdown-it would re-indent it)."""
    prose: list[str] = []
    code: list[str] = []
    inside = {fence.start: fence for fence in fences if start <= fence.start < end}
    number = start
    while number < end:
        fence = inside.get(number)
        if fence is None:
            prose.append(lines[number])
            number += 1
            continue
        last = fence.end - 1 if fence.closed else fence.end
        block = textwrap.dedent("\n".join(lines[fence.start + 1 : min(last, end)])).strip("\n")
        if block.strip():
            code.append(block)
        number = max(fence.end, number + 1)
    return prose, code


def prepare(text: str, path: str, diagnostics: list[Diagnostic]) -> tuple[list[str], int]:
    """Lines with the front matter blanked and `{% highlight %}` blocks turned into fences.

    Blanking rather than cutting keeps markdown-it's line numbers the file's own.
    """
    lines = split_lines(text)
    skip = _front_matter_end(lines, path, diagnostics)
    out = [""] * skip
    for line in lines[skip:]:
        if start := _HIGHLIGHT.match(line):
            line = f"{start.group(1)[:3]}```{start.group(2)}"
        elif end := _END_HIGHLIGHT.match(line):
            line = f"{end.group(1)[:3]}```"
        out.append(line)
    return out, skip


def _references(prose: list[str], references: Mapping[str, str]) -> tuple[list[str], list[Link]]:
    """Targets of '[shown][Target]' links: see-also names, or links when the page has a URL."""
    see_also: list[str] = []
    links: list[Link] = []
    for line in prose:
        for match in _SHORTCUT_REF.finditer(line):
            url = references.get(" ".join(match.group(1).split()).upper(), "")
            if url and not url.startswith("#"):
                links.append(Link(url, clean_refs(match.group(1))))
        for match in _FULL_REF.finditer(line):
            shown, target = match.group(1).strip(), match.group(2).strip() or match.group(1)
            url = references.get(" ".join(target.split()).upper(), "")
            if url and not url.startswith("#"):
                links.append(Link(url, clean_refs(shown)))
            elif (name := clean_refs(target)) and name not in see_also:
                see_also.append(name)
    return see_also, links


def read_terms(
    page: Page, path: str, level: int, skip: int, diagnostics: list[Diagnostic]
) -> tuple[list[Entry], dict[str, str]] | None:
    """Entries from the headings of `level` and the page's link definitions (label -> URL);
    None, with an error, when markdown-it fails."""
    lines = page.lines
    try:
        headings, fences, stops, found = _blocks(lines, level)
    except Exception as error:  # a third-party parser; a bad file must not stop a reload
        message = f"markdown could not be parsed: {type(error).__name__}"
        diagnostics.append(Diagnostic(path, 1, Level.ERROR, message))
        return None
    references = {**page.references, **found}
    _warn_fences(fences, path, diagnostics)
    for heading in headings:
        if not heading.text:
            message = "empty heading ignored"
            diagnostics.append(Diagnostic(path, heading.start + 1, Level.WARNING, message))
    headings = [heading for heading in headings if heading.text]

    first = min([headings[0].start if headings else len(lines), *stops])
    for number in range(skip, first):
        line = lines[number].strip()
        if line not in _TOC and line.strip("-*_ ") and clean_line(line):  # rules are not text
            message = "text before the first heading ignored"
            diagnostics.append(Diagnostic(path, number + 1, Level.WARNING, message))
            break

    entries: list[Entry] = []
    group: list[_Block] = []
    starts = sorted([*(h.start for h in headings), *stops, len(lines)])
    for index, heading in enumerate(headings):
        group.append(heading)
        end = next(start for start in starts if start > heading.start)
        following = headings[index + 1].start if index + 1 < len(headings) else -1
        if end == following and not any(s.strip() for s in lines[heading.end : end]):
            continue  # no body yet: the next heading is another name for this entry
        names = [block.text for block in group]
        span = (heading.end, end)
        entries.append(_entry(lines, names, group[0].start + 1, span, fences, references, path))
        group = []
    return entries, found


def _entry(
    lines: list[str],
    names: list[str],
    line: int,
    span: tuple[int, int],
    fences: list[_Block],
    references: Mapping[str, str],
    path: str,
) -> Entry:
    """The entry whose body is lines[span[0]:span[1]]."""
    prose, code = _split_fences(lines, *span, fences)
    prose = [t for t in prose if not _LINK_DEFINITION.match(t) and not _RULE.match(t)]
    see_also, links = _references(prose, references)
    body = digest(prose, clean_line, _link, nested=True)
    body.see_also.extend(name for name in see_also if name not in body.see_also)
    body.links.extend(links)
    return make_entry(names, line, path, body, code)


def _warn_fences(fences: list[_Block], path: str, diagnostics: list[Diagnostic]) -> None:
    for fence in fences:
        if not fence.closed:
            message = "code fence never closed"
            diagnostics.append(Diagnostic(path, fence.start + 1, Level.WARNING, message))


def read_body(
    page: Page, path: str, names: list[str], start: int, diagnostics: list[Diagnostic]
) -> Entry | None:
    """One entry named `names`, citing line 1, whose body is the page from line index `start`."""
    try:
        _, fences, _, found = _blocks(page.lines, 7)  # no level 7: every line is body
    except Exception as error:  # a third-party parser; a bad file must not stop a reload
        message = f"markdown could not be parsed: {type(error).__name__}"
        diagnostics.append(Diagnostic(path, 1, Level.ERROR, message))
        return None
    _warn_fences(fences, path, diagnostics)
    references = {**page.references, **found}
    span = (start, len(page.lines))
    return _entry(page.lines, names, 1, span, fences, references, path)


def parse(text: str, path: str) -> ParseResult:
    """Read a Jekyll glossary page; headings with no body between them name one entry."""
    diagnostics: list[Diagnostic] = []
    lines, skip = prepare(text, path, diagnostics)
    read = read_terms(Page(lines), path, 1, skip, diagnostics)
    diagnostics.sort(key=lambda d: d.line)
    return ParseResult(tuple(read[0] if read else ()), tuple(diagnostics))
