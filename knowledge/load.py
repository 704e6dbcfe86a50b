"""Building a `Glossary` from a manifest on disk: read, parse, merge, validate.

This is the one place in `knowledge` that touches files. It is synchronous on purpose;
the bot runs it in a worker thread so a reload never blocks the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge import names
from knowledge.check import file_warnings, unused_vetoes, validate
from knowledge.gcpause import paused_gc
from knowledge.glossary import Glossary, SourceInfo
from knowledge.manifest import Manifest, SourceSpec, default_manifest, parse_manifest
from knowledge.merge import Merge, merge
from knowledge.model import Diagnostic, Entry, Level, ParseResult
from knowledge.reading import expand, includer, read_text


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Either a glossary (with warnings) or, when anything is an error, no glossary.

    `merges` says which differently named entries became one, for `glossbot check`.
    """

    glossary: Glossary | None
    diagnostics: tuple[Diagnostic, ...]
    merges: tuple[Merge, ...] = ()

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.WARNING)


def _read_links(manifest: Manifest, spec: SourceSpec, diagnostics: list[Diagnostic]) -> str:
    name = spec.links or manifest.links
    if not name:
        return ""
    text, problem = read_text(manifest.folder / name, str(manifest.path), spec.line)
    diagnostics.extend([problem] if problem else [])
    return text or ""


def _load_source(
    manifest: Manifest, spec: SourceSpec, diagnostics: list[Diagnostic]
) -> ParseResult | None:
    """Every file a manifest item names, parsed; None when it names nothing readable."""
    # The parsers are imported here, when a source is parsed: a one-shot run whose
    # glossary is cached (`knowledge.cache`) never pays for them.
    from knowledge.importing import detected, folder_format, parse_source
    from knowledge.parse.page import link_folder

    where = str(manifest.path)
    paths = expand(manifest.folder, spec.file)
    if not paths:
        why = "is not a valid glob" if paths is None else "matches no file"
        diagnostics.append(Diagnostic(where, spec.line, Level.ERROR, f"{spec.file!r} {why}"))
        return None
    links = _read_links(manifest, spec, diagnostics)
    many = len(paths) > 1 or (manifest.folder / spec.file).is_dir()
    results: list[ParseResult] = []
    for path in paths:
        text, problem = read_text(path, where, spec.line)
        if text is None:
            diagnostics.extend([problem] if problem else [])
            continue
        label = path.relative_to(manifest.folder).as_posix() if many else spec.file
        fmt = spec.format or (folder_format(text, label) if many else detected(text, label))
        parsed = parse_source(fmt, text, label, includer(path.parent), links)
        warnings = tuple(file_warnings(text, label, fmt))
        results.append(ParseResult(parsed.entries, parsed.diagnostics + warnings))
    return link_folder(results) if many else (results[0] if results else None)


def load(manifest_path: Path | None = None) -> LoadResult:
    """Load every source the manifest lists; the bundled glossary when no path is given."""
    with paused_gc():
        return _load(manifest_path or default_manifest())


def _load(path: Path) -> LoadResult:
    text, problem = read_text(path, str(path))
    if text is None:
        return LoadResult(None, (problem,) if problem else ())
    manifest, errors = parse_manifest(text, path)
    if manifest is None:
        return LoadResult(None, tuple(errors))
    diagnostics: list[Diagnostic] = []
    parsed: list[Entry] = []
    infos: list[SourceInfo] = []
    for spec in manifest.sources:
        result = _load_source(manifest, spec, diagnostics)
        if result is None:
            continue
        parsed.extend(result.entries)
        diagnostics.extend(result.diagnostics)
        fmt = spec.format or "detected"
        infos.append(SourceInfo(spec.file, fmt, spec.title, len(result.entries)))
    with names.remembered(t for e in parsed for t in (*e.names, *e.see_also, e.redirect)):
        merged = merge(parsed, manifest.no_merge)
        diagnostics.extend(merged.diagnostics)
        diagnostics.extend(validate(merged.entries))
        diagnostics.extend(unused_vetoes(manifest, parsed))
    if any(d.level is Level.ERROR for d in diagnostics):
        return LoadResult(None, tuple(diagnostics), merged.merges)
    glossary = Glossary(merged.entries, tuple(infos), tuple(diagnostics))
    return LoadResult(glossary, glossary.diagnostics, merged.merges)
