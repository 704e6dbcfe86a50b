"""Markdown glossary pages whose terms are headings: MkDocs (Material), Docusaurus, wikis.

A lone `#` page title is not a term; terms are the heading level the page uses most below
it (`##`, or `###` under letter sections). MkDocs extensions are read, not shown:
- abbreviations `*[LLM]: Large Language Model` become aliases of the entry they expand;
- admonitions `!!! tip "Title"` / `??? note` and pymdownx blocks `/// type | Title` ... `///`
  keep their text, with the title (or the type) as a lead-in line;
- snippets `--8<-- "file"` (one line, a block of names, a line range or a section) are
  replaced by the file, read through `include` relative to the page, or dropped with a
  warning when it cannot be read (see `knowledge.parse.snippets`);
- reference links resolve through link definitions `[Name]: url` in the page or in the
  manifest's `links:` file; a definition pointing at another entry's anchor
  (`[LLM]: #large-language-model`) makes its label an alias of that entry.
Entries cite the page's own lines even where a snippet added lines.
"""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it import MarkdownIt

from knowledge.model import Diagnostic, Entry, ParseResult, SourceRef, slugify
from knowledge.names import key
from knowledge.parse.jekyll import Page, prepare, read_terms
from knowledge.parse.snippets import Include, splice

_HEADING = re.compile(r"^(#{1,6})[ \t]+\S")
_ABBREVIATION = re.compile(r"^\*\[([^\]\n]+)\]:[ \t]*(.*?)\s*$")
_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+\"(.*?)\")?\s*$")
_BLOCK = re.compile(r"^(\s*)///[ \t]*([\w-]+)(?:[ \t]*\|[ \t]*(.*?))?\s*$")
_BLOCK_END = re.compile(r"^\s*///\s*$")
_OPTION = re.compile(r"^\s*(?:type|attrs|open):")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.MULTILINE)
_HEADING_ATTRS = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")
_ANCHOR = re.compile(r"#([\w-]+)")


def heading_levels(lines: list[str]) -> dict[int, int]:
    """How many headings of each level start after a blank line, outside code fences.

    Python '# comments' in unfenced code sit right under other code, so they do not count.
    """
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


def term_level(lines: list[str]) -> int:
    """The heading level that names terms: the commonest below a lone page title."""
    return level_of_terms(heading_levels(lines))


def level_of_terms(counts: dict[int, int]) -> int:
    """`term_level` from the page's `heading_levels`."""
    deeper = {level: n for level, n in counts.items() if level >= 2}
    if counts.get(1, 0) >= 2 and counts[1] >= max(deeper.values(), default=0):
        return 1
    return max(deeper, key=lambda level: (deeper[level], -level)) if deeper else 1


def _unwrap(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Admonitions and blocks without their markup, and the abbreviations taken out."""
    out: list[str] = []
    abbreviations: dict[str, str] = {}
    indent = -1  # the indentation of an open admonition's marker, -1 when none is open
    for line in lines:
        if indent >= 0 and line.strip() and len(line) - len(line.lstrip()) <= indent:
            indent = -1
        if indent >= 0:
            line = line[min(indent + 4, len(line) - len(line.lstrip())) :]
        if abbreviation := _ABBREVIATION.match(line):
            abbreviations[abbreviation.group(1).strip()] = abbreviation.group(2)
            line = ""
        elif admonition := _ADMONITION.match(line):
            indent = len(admonition.group(1))
            title = admonition.group(3) if admonition.group(3) is not None else admonition.group(2)
            line = f"{admonition.group(1)}{title.strip().capitalize()}:" if title.strip() else ""
        elif _BLOCK_END.match(line):
            line = ""
        elif block := _BLOCK.match(line):
            title = (block.group(3) or block.group(2)).strip()
            line = f"{block.group(1)}{title[:1].upper()}{title[1:]}:"
        elif _OPTION.match(line) and out and out[-1].endswith(":"):
            line = ""  # a block's 'type: warning' option line
        out.append(line)
    return out, abbreviations


def _link_definitions(text: str) -> dict[str, str]:
    """Upper-cased label -> URL of every link definition in a links file."""
    env: dict[str, dict[str, dict[str, object]]] = {}
    MarkdownIt("commonmark").parse(text, env)
    return {label: str(ref.get("href", "")) for label, ref in env.get("references", {}).items()}


def _with_aliases(entries: list[Entry], extra: dict[str, list[str]]) -> list[Entry]:
    out = []
    for entry in entries:
        new = [a for a in extra.get(entry.id, []) if a != entry.name and a not in entry.aliases]
        out.append(replace(entry, aliases=(*entry.aliases, *dict.fromkeys(new))) if new else entry)
    return out


def parse(text: str, path: str, include: Include | None = None, links: str = "") -> ParseResult:
    """Read a heading-terms Markdown page; see the module docstring for the MkDocs parts."""
    diagnostics: list[Diagnostic] = []
    lines, skip = prepare(text, path, diagnostics)
    lines, origin = splice(lines, path, include, diagnostics)
    lines, abbreviations = _unwrap(lines)
    anchors: dict[str, int] = {}  # '{ #id }' set on a heading -> its line
    for number, line in enumerate(lines, start=1):
        if _HEADING.match(line) and (attrs := _HEADING_ATTRS.search(line)):
            anchors.update(dict.fromkeys(_ANCHOR.findall(attrs.group(0)), number))
            lines[number - 1] = line[: attrs.start()]
    references = _link_definitions(links) if links.strip() else {}
    read = read_terms(Page(lines, references), path, term_level(lines), skip, diagnostics)
    if read is None:
        return ParseResult((), tuple(diagnostics))
    found, page_references = read
    by_name = {key(n): e.id for e in found for n in e.names}
    at_line = {e.sources[0].line: e.id for e in found}
    by_anchor = {slugify(n): e.id for e in found for n in e.names}
    by_anchor |= {anchor: at_line[n] for anchor, n in anchors.items() if n in at_line}
    extra: dict[str, list[str]] = {}
    for abbreviation, expansion in abbreviations.items():
        if (target := by_name.get(key(expansion))) is not None:
            extra.setdefault(target, []).append(abbreviation)
    written = {
        m.group(1).upper(): m.group(1)
        for m in _DEFINITION.finditer(f"{links}\n" + "\n".join(lines))
    }
    for label, url in {**references, **page_references}.items():
        if url.startswith("#") and (target := by_anchor.get(url[1:])) is not None:
            extra.setdefault(target, []).append(written.get(label, label))
    entries = [
        replace(e, sources=tuple(SourceRef(s.path, origin[s.line - 1]) for s in e.sources))
        for e in _with_aliases(found, extra)
    ]
    remapped = [
        replace(d, line=origin[d.line - 1]) if 0 < d.line <= len(origin) else d for d in diagnostics
    ]
    return ParseResult(tuple(entries), tuple(sorted(remapped, key=lambda d: d.line)))
