"""Reading source files from disk: the encodings spreadsheets export, folders and globs.

Excel's "Unicode text" is UTF-16 with a byte-order mark, Sheets and Notion write UTF-8
(sometimes with a BOM); every parser gets plain `str` without the mark.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.model import Diagnostic, Level

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
PAGE_SUFFIXES = (".md", ".markdown")


@dataclass
class Reads:
    """Every file a load read (or looked for) and every folder or glob it listed: what a
    cached glossary depends on (`knowledge.cache`)."""

    files: dict[str, bytes | None] = field(default_factory=dict)
    """path -> the digest of what was read; None when it could not be read."""
    listings: dict[tuple[str, str], tuple[str, ...] | None] = field(default_factory=dict)
    """(folder, pattern) -> the files `expand` found."""


_reads: ContextVar[Reads | None] = ContextVar("reads", default=None)


@contextmanager
def recorded() -> Iterator[Reads]:
    """Record what the reads in this block depend on (the load runs in one thread)."""
    reads = Reads()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def digest(data: bytes) -> bytes:
    """What says a file changed: its content's hash. Hashing is a thousand times cheaper than
    parsing, and unlike a modification time it cannot miss two writes in one clock tick."""
    return hashlib.blake2b(data, digest_size=16).digest()


def stamp(path: str) -> bytes | None:
    """The digest of a file as it is now; None when it cannot be read."""
    try:
        with open(path, "rb") as file:
            return digest(file.read())
    except OSError:
        return None


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8, UTF-8 with BOM, or UTF-16 (with a BOM, or none but NULs)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if len(data) >= 2 and len(data) % 2 == 0 and b"\x00" in data[:200]:
        # UTF-16 without a mark: ASCII text leaves every other byte NUL.
        return data.decode("utf-16-le" if data[1] == 0 else "utf-16-be")
    return data.decode("utf-8")


def read_text(path: Path, label: str, line: int = 0) -> tuple[str | None, Diagnostic | None]:
    """A file's text, or a diagnostic at `label:line` (the manifest line that named it)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        _unread(path)
        if isinstance(exc, FileNotFoundError):
            message = f"file not found: {path}"
        elif isinstance(exc, IsADirectoryError):
            message = f"{path} is a folder"
        else:
            message = f"cannot read {path}: {exc.strerror}"
        return None, Diagnostic(label, line, Level.ERROR, message)
    reads = _reads.get()
    if reads is not None:
        reads.files[str(path)] = digest(data)
    try:
        return decode(data), None
    except UnicodeDecodeError:
        message = f"cannot read {path}: it is not UTF-8 or UTF-16 text"
        return None, Diagnostic(label, line, Level.ERROR, message)


def _unread(path: Path) -> None:
    """Records that `path` could not be read: a cache must notice when it appears."""
    reads = _reads.get()
    if reads is not None:
        reads.files[str(path)] = None


def expand(folder: Path, pattern: str) -> list[Path] | None:
    """The files a source names: a file, every page in a folder, or a glob; None if a bad glob."""
    found = _expanded(folder, pattern)
    reads = _reads.get()
    if reads is not None:
        listing = None if found is None else tuple(str(p) for p in found)
        reads.listings[str(folder), pattern] = listing
    return found


def _expanded(folder: Path, pattern: str) -> list[Path] | None:
    target = folder / pattern
    if target.is_dir():
        pages = (p for p in target.iterdir() if p.suffix.lower() in PAGE_SUFFIXES)
        return sorted(p for p in pages if not p.name.startswith("_"))  # Hugo _index.md
    if any(ch in pattern for ch in "*?["):
        try:
            return sorted(p for p in folder.glob(pattern) if p.is_file())
        except (ValueError, NotImplementedError):
            return None
    return [target]


def includer(folder: Path) -> Callable[[str], str | None]:
    """Reads a snippet named relative to a page's folder; None when it cannot be read."""

    def include(name: str) -> str | None:
        text, _ = read_text(folder / name, name)
        return text

    return include
