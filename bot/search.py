"""Ranked full-text search over names and definitions, with SQLite FTS5 and bm25.

The index is an in-memory SQLite database built once per glossary (in a worker thread,
with the rest of the content). A query is sub-millisecond, so it runs inline.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass

from knowledge import Entry, Glossary

_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "i"}
    | {"in", "is", "it", "its", "my", "of", "on", "or", "that", "the", "this", "to", "was"}
    | {"what", "when", "where", "which", "who", "why", "with", "you", "your", "thing", "things"}
)


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    snippet: str


class SearchIndex:
    """FTS5 over each entry's names (weighted up) and text."""

    def __init__(self, glossary: Glossary) -> None:
        self._entries = glossary.entries
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            "names, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            "INSERT INTO docs(rowid, names, body) VALUES (?, ?, ?)",
            (
                (i, " ".join(e.names), "\n".join((e.definition, *e.code)))
                for i, e in enumerate(self._entries)
            ),
        )
        self._db.commit()

    def search(self, text: str, limit: int = 10) -> list[Hit]:
        """Entries matching any meaningful word of `text`, best first (bm25, names x5)."""
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
        if not words:
            words = _WORD.findall(text.lower())
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
        with self._lock:
            rows = self._db.execute(
                "SELECT rowid, snippet(docs, 1, '**', '**', '…', 12) FROM docs "
                "WHERE docs MATCH ? ORDER BY bm25(docs, 5.0, 1.0) LIMIT ?",
                (query, limit),
            ).fetchall()
        return [Hit(self._entries[rowid], snippet) for rowid, snippet in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
