"""A loaded glossary kept on disk between one-shot runs, so `glossbot define` starts fast.

Parsing the bundled sources is about half of a one-shot lookup's run time; unpickling the
result is a millisecond. The cache is used only by the one-shot tools (`define`,
`search`): the bot and `glossbot check` always parse, so a reload or a check sees the
files as they are now.

A cached glossary is used only when nothing it came from has changed: every file the
load read or looked for (by a hash of its content: reading and hashing the files is a
thousand times cheaper than parsing them), every folder or glob it listed, the knowledge
package's own code and the Python version. Anything else (a missing,
corrupt or foreign cache file, an unwritable folder) falls back to parsing: the cache can
make a run faster, never wrong, and never makes it fail.

The folder is `$GLOSSBOT_CACHE_DIR`, else `$XDG_CACHE_HOME/glossbot`, else
`~/.cache/glossbot`; `GLOSSBOT_CACHE_DIR=off` turns the cache off.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.glossary import Glossary, SourceInfo
from knowledge.reading import Reads, recorded, stamp

if TYPE_CHECKING:
    from knowledge.load import LoadResult
    from knowledge.merge import Merge
    from knowledge.model import Diagnostic, Entry

log = logging.getLogger(__name__)
_FORMAT = 1
"""Bumped when what is pickled changes shape."""
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class _Saved:
    code: tuple[object, ...]
    reads: Reads
    entries: tuple[Entry, ...]
    sources: tuple[SourceInfo, ...]
    diagnostics: tuple[Diagnostic, ...]
    merges: tuple[Merge, ...]


def cache_folder() -> Path | None:
    """Where cached glossaries live; None when the cache is turned off."""
    configured = os.environ.get("GLOSSBOT_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "glossbot"


def load_cached(manifest: Path | None, folder: Path | None) -> LoadResult:
    """What `knowledge.load.load(manifest)` gives, from `folder` when still current."""
    if folder is None:
        return _parse(manifest)[0]
    where = folder / _file_name(manifest)
    saved = _read(where)
    if saved is not None and saved.code == _code() and _current(saved.reads):
        return _result(saved)
    result, reads = _parse(manifest)
    if result.glossary is not None:  # errors are shown and fixed, not kept
        _write(where, result, reads)
    return result


def _parse(manifest: Path | None) -> tuple[LoadResult, Reads]:
    from knowledge.load import load  # here: a cache hit never imports the parsers

    with recorded() as reads:
        return load(manifest), reads


def _file_name(manifest: Path | None) -> str:
    named = str(manifest.resolve()) if manifest is not None else "(bundled)"
    return hashlib.sha256(named.encode()).hexdigest()[:24] + ".pickle"


def _code() -> tuple[object, ...]:
    """What the parsers' output depends on besides the sources: their own code."""
    files = sorted((p.relative_to(_PACKAGE).as_posix(), stamp(str(p))) for p in _py_files())
    return (_FORMAT, sys.version, tuple(files))


def _py_files() -> list[Path]:
    return [*_PACKAGE.glob("*.py"), *_PACKAGE.glob("parse/*.py")]


def _current(reads: Reads) -> bool:
    from knowledge.reading import expand

    if any(stamp(path) != was for path, was in reads.files.items()):
        return False
    for (folder, pattern), listing in reads.listings.items():
        found = expand(Path(folder), pattern)
        if (None if found is None else tuple(str(p) for p in found)) != listing:
            return False
    return True


def _result(saved: _Saved) -> LoadResult:
    from knowledge.load import LoadResult

    glossary = Glossary(saved.entries, saved.sources, saved.diagnostics)
    return LoadResult(glossary, saved.diagnostics, saved.merges)


def _read(where: Path) -> _Saved | None:
    try:
        with where.open("rb") as file:
            saved = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as exc:  # any broken cache file is only a miss
        log.debug("ignoring the cached glossary %s: %s", where, exc)
        return None
    return saved if isinstance(saved, _Saved) else None


def _write(where: Path, result: LoadResult, reads: Reads) -> None:
    glossary = result.glossary
    assert glossary is not None
    saved = _Saved(
        _code(), reads, glossary.entries, glossary.sources, glossary.diagnostics, result.merges
    )
    try:
        where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written aside and renamed: a run reading at the same time sees the old or the new.
        descriptor, aside = tempfile.mkstemp(dir=where.parent, suffix=".tmp")
    except OSError as exc:
        log.debug("cannot cache the glossary in %s: %s", where.parent, exc)
        return
    try:
        with os.fdopen(descriptor, "wb") as file:
            pickle.dump(saved, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(aside, where)
    except Exception as exc:  # a cache that cannot be written is no cache
        log.debug("cannot cache the glossary in %s: %s", where.parent, exc)
        Path(aside).unlink(missing_ok=True)
