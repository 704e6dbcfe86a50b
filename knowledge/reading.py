"""Reading source files from disk: the encodings spreadsheets export, folders and globs.

Excel's "Unicode text" is UTF-16 with a byte-order mark, Sheets and Notion write UTF-8
(sometimes with a BOM); every parser gets plain `str` without the mark.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from knowledge.model import Diagnostic, Level

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
PAGE_SUFFIXES = (".md", ".markdown")


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
        return decode(path.read_bytes()), None
    except FileNotFoundError:
        return None, Diagnostic(label, line, Level.ERROR, f"file not found: {path}")
    except IsADirectoryError:
        return None, Diagnostic(label, line, Level.ERROR, f"{path} is a folder")
    except UnicodeDecodeError:
        message = f"cannot read {path}: it is not UTF-8 or UTF-16 text"
        return None, Diagnostic(label, line, Level.ERROR, message)
    except OSError as exc:
        return None, Diagnostic(label, line, Level.ERROR, f"cannot read {path}: {exc.strerror}")


def expand(folder: Path, pattern: str) -> list[Path] | None:
    """The files a source names: a file, every page in a folder, or a glob; None if a bad glob."""
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
