"""Building a `Glossary` from a manifest on disk: read, parse, merge, validate.

This is the one place in `knowledge` that touches files. It is synchronous on purpose;
the bot runs it in a worker thread so a reload never blocks the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.check import validate
from knowledge.glossary import Glossary, SourceInfo
from knowledge.manifest import default_manifest, parse_manifest
from knowledge.merge import merge
from knowledge.model import Diagnostic, Entry, Level
from knowledge.parse import FORMATS


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Either a glossary (with warnings) or, when anything is an error, no glossary."""

    glossary: Glossary | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.WARNING)


def _read(path: Path, label: str) -> tuple[str | None, Diagnostic | None]:
    try:
        return path.read_text(encoding="utf-8"), None
    except FileNotFoundError:
        return None, Diagnostic(label, 0, Level.ERROR, "file not found")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Diagnostic(label, 0, Level.ERROR, f"cannot read: {exc}")


def load(manifest_path: Path | None = None) -> LoadResult:
    """Load every source the manifest lists; the bundled glossary when no path is given."""
    path = manifest_path or default_manifest()
    text, problem = _read(path, str(path))
    if text is None:
        return LoadResult(None, (problem,) if problem else ())
    manifest, errors = parse_manifest(text, path)
    if manifest is None:
        return LoadResult(None, tuple(errors))
    diagnostics: list[Diagnostic] = []
    parsed: list[Entry] = []
    infos: list[SourceInfo] = []
    for spec in manifest.sources:
        source_text, problem = _read(manifest.folder / spec.file, spec.file)
        if source_text is None:
            diagnostics.extend([problem] if problem else [])
            continue
        result = FORMATS[spec.format](source_text, spec.file)
        parsed.extend(result.entries)
        diagnostics.extend(result.diagnostics)
        infos.append(SourceInfo(spec.file, spec.format, spec.title, len(result.entries)))
    entries, merge_notes = merge(parsed)
    diagnostics.extend(merge_notes)
    diagnostics.extend(validate(entries))
    if any(d.level is Level.ERROR for d in diagnostics):
        return LoadResult(None, tuple(diagnostics))
    glossary = Glossary(entries, tuple(infos), tuple(diagnostics))
    return LoadResult(glossary, glossary.diagnostics)
