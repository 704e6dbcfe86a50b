"""One term per file: a Jekyll or Hugo collection, an Obsidian vault, a machinelearning.wtf repo.

Each Markdown file is one entry. YAML front matter gives `title` (the name; else the file
name, de-slugged), `aliases` (names; Hugo's URL aliases such as `/old/path/` are skipped),
`related` / `related_terms` / `see_also` (see-also, by file slug or name), `references` /
`links` (URLs or `{url, label}`), `tags` / `categories` (labels), and `redirect_to` /
`destination` (this file only points at another term, so its name becomes an alias of that
term). The body is the definition.
`link_folder` turns file slugs in see-also and redirects into the named entries' names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import Any

import yaml

from knowledge.model import Diagnostic, Level, Link, ParseResult
from knowledge.parse.jekyll import Page, prepare, read_body

_RELATED = ("related", "related_terms", "see_also", "seealso", "see also")
_LINKS = ("references", "links", "sources", "urls")
_REDIRECT = ("redirect_to", "destination", "redirect")
_TAGS = ("tags", "categories", "category")


def _front_matter(text: str, path: str, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    try:
        data = yaml.safe_load(text[3:end])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        diagnostics.append(Diagnostic(path, line, Level.WARNING, "front matter is not valid YAML"))
        return {}
    return data if isinstance(data, dict) else {}


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [
            str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()
        ]
    return []


def _links(value: object) -> list[Link]:
    out: list[Link] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            out.append(Link(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("url"), str):
            label = item.get("label") or item.get("title") or item.get("name") or ""
            out.append(Link(item["url"].strip(), str(label)))
    return out


def slug_of(path: str) -> str:
    """The file's slug: its name without folder or extension."""
    return PurePath(path).stem


def _name_from_slug(slug: str) -> str:
    words = slug.replace("_", " ").replace("-", " ").split()
    return " ".join(words)[:1].upper() + " ".join(words)[1:] if words else slug


def _first(data: dict[str, Any], keys: Sequence[str]) -> object:
    return next((data[k] for k in keys if k in data), None)


def parse(text: str, path: str) -> ParseResult:
    """Read one term's file; see the module docstring for the front matter keys."""
    diagnostics: list[Diagnostic] = []
    data = _front_matter(text, path, diagnostics)
    lines, skip = prepare(text, path, diagnostics)
    name = " ".join(_texts(data.get("title") or data.get("name"))) or _name_from_slug(slug_of(path))
    redirect = " ".join(_texts(_first(data, _REDIRECT))).strip("/").rsplit("/", 1)[-1]
    entry = read_body(Page(lines), path, [name], skip, diagnostics)
    if entry is None:
        return ParseResult((), tuple(diagnostics))
    aliases = [a for a in _texts(data.get("aliases")) if "/" not in a and a != name]
    related = [r for r in _texts(_first(data, _RELATED)) if r != name]
    entry = replace(
        entry,
        aliases=tuple(dict.fromkeys((*entry.aliases, *aliases))),
        see_also=tuple(dict.fromkeys((*entry.see_also, *related))),
        links=tuple(dict.fromkeys((*entry.links, *_links(_first(data, _LINKS))))),
        redirect=redirect or entry.redirect,
        tags=tuple(dict.fromkeys(_texts(_first(data, _TAGS)))),
        definition="" if redirect else entry.definition,
        summary="" if redirect else entry.summary,
    )
    return ParseResult((entry,), tuple(diagnostics))


def link_folder(results: Sequence[ParseResult]) -> ParseResult:
    """One folder's pages together: see-also and redirects by file slug become names."""
    entries = [e for r in results for e in r.entries]
    names = {slug_of(e.sources[0].path): e.name for e in entries if e.sources}

    def named(ref: str) -> str:
        return names.get(ref.strip("/").rsplit("/", 1)[-1], ref)

    linked = [
        replace(
            e,
            see_also=tuple(dict.fromkeys(named(s) for s in e.see_also)),
            redirect=named(e.redirect) if e.redirect else "",
        )
        for e in entries
    ]
    diagnostics = tuple(d for r in results for d in r.diagnostics)
    return ParseResult(tuple(linked), diagnostics)
