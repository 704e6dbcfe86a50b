"""The content commands of `glossbot`: `import` a team's glossary file and explain what it read.

Everything about the import goes to stderr (entries found, per kind, warnings with file and
line) so stdout stays the canonical YAML, ready to redirect into a file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from adapters.tools.loaded import glossary_or_errors
from bot.config import Config
from knowledge import Entry, Level, export
from knowledge.importing import EMPTY, Imported, import_folder, import_text, kind_counts
from knowledge.parse import FORMATS, canonical
from knowledge.reading import expand, includer, read_text

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Register `import` and `export` on the `glossbot` command line."""
    imp = sub.add_parser(
        "import", parents=[common], help="convert a glossary file to canonical YAML"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=sorted(FORMATS), help="default: detected")
    imp.add_argument(
        "--explain", action="store_true", help="say which parser reads the file and why"
    )

    exp = sub.add_parser("export", parents=[common], help="write the glossary out again")
    exp.add_argument("--format", choices=export.FORMATS, help="default: from -o, else yaml")
    exp.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")


def run(config: Config, args: argparse.Namespace) -> int:
    """Run the content command `args.command`."""
    if args.command == "export":
        return _export(config, args.format, args.output)
    return _import(args.file, args.format, args.explain)


_BY_SUFFIX = {".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".apkg": "anki"}


def _export(config: Config, fmt: str | None, output: Path | None) -> int:
    chosen = fmt or (_BY_SUFFIX.get(output.suffix.lower(), "yaml") if output else "yaml")
    if chosen == "anki" and output is None:
        print("glossbot: an Anki deck is a binary file: give -o FILE.apkg", file=sys.stderr)
        return EXIT_USAGE
    glossary = glossary_or_errors(config)
    if glossary is None:
        return EXIT_ERRORS
    entries = glossary.entries
    data = export.render(chosen, entries)
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode())
    else:
        try:
            if isinstance(data, bytes):
                output.write_bytes(data)
            else:
                output.write_text(data, encoding="utf-8")
        except OSError as exc:
            print(f"glossbot: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    where = output or "stdout"
    print(f"exported {len(entries)} entries as {chosen} to {where}", file=sys.stderr)
    return EXIT_OK


def _import(path: Path, fmt: str | None, explain: bool) -> int:
    if path.is_dir():
        return _import_folder(path)
    text, problem = read_text(path, str(path))
    if text is None:
        print(f"glossbot: {problem.message if problem else f'cannot read {path}'}", file=sys.stderr)
        return EXIT_USAGE
    imported = import_text(text, path.name, fmt, includer(path.parent))
    if explain:
        print(_explanation(imported))
        return EXIT_ERRORS if imported.failed else EXIT_OK
    for line in _summary(imported, path):
        print(line, file=sys.stderr)
    if imported.problem:
        return EXIT_ERRORS
    sys.stdout.write(canonical.dump(imported.result.entries))
    return EXIT_ERRORS if imported.failed else EXIT_OK


def _import_folder(folder: Path) -> int:
    """Every Markdown page of a folder, one term per file unless a page is a glossary."""
    pages: list[tuple[str, str]] = []
    for path in expand(folder, ".") or []:
        text, problem = read_text(path, path.name)
        if text is None:
            print(f"glossbot: {problem.message if problem else path}", file=sys.stderr)
            return EXIT_USAGE
        pages.append((path.name, text))
    result = import_folder(pages, include=includer(folder))
    found = _found(result.entries)
    print(f"{folder.name}/: {len(pages)} pages, {found}", file=sys.stderr)
    for d in result.diagnostics:
        print(d, file=sys.stderr)
    if not result.entries:
        print(f"glossbot: {folder}: no Markdown pages (*.md) with entries found", file=sys.stderr)
        return EXIT_ERRORS
    sys.stdout.write(canonical.dump(result.entries))
    return EXIT_ERRORS if any(d.level is Level.ERROR for d in result.diagnostics) else EXIT_OK


def _summary(imported: Imported, path: Path) -> list[str]:
    entries = imported.result.entries
    how = "as asked" if imported.forced else "detected"
    found = _found(entries)
    lines = [f"{path.name}: {found}, format {imported.format} ({how})"]
    lines.extend(str(d) for d in imported.result.diagnostics)
    if imported.problem:
        lines.append(f"glossbot: {path.name}: {imported.problem}: {_advice(imported)}")
    return lines


def _found(entries: tuple[Entry, ...]) -> str:
    """'3 entries (2 terms, 1 card)'."""
    return f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'} ({_per_kind(entries)})"


def _per_kind(entries: tuple[Entry, ...]) -> str:
    counted = kind_counts(entries).items()
    return ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counted) or "none"


def _advice(imported: Imported) -> str:
    if imported.problem == EMPTY:
        return "nothing to import"
    if imported.suggestion:
        return f"it looks like {imported.suggestion}; try --format {imported.suggestion}"
    formats = ", ".join(sorted(FORMATS))
    return f"no format reads it well; try --format with one of {formats}"


def _explanation(imported: Imported) -> str:
    chosen, runner_up = imported.chosen, imported.runner_up
    why = (
        "forced with --format"
        if imported.forced
        else (chosen.reason if chosen else "nothing else fits")
    )
    lines = [f"format: {imported.format}", f"why: {why}"]
    if chosen is not None:
        lines.append(f"confidence: {chosen.score}/100")
    if runner_up is not None:
        lines.append(f"runner-up: {runner_up.format} ({runner_up.score}/100: {runner_up.reason})")
    else:
        lines.append("runner-up: none")
    entries = imported.result.entries
    lines.append(f"entries: {len(entries)} ({_per_kind(entries)})")
    lines.append(f"warnings: {len(imported.result.diagnostics)}")
    if imported.problem:
        lines.append(f"problem: {imported.problem}: {_advice(imported)}")
    return "\n".join(lines)
