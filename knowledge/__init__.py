"""The glossary store: source documents, their parsers, merging, and the immutable `Glossary`."""

from knowledge.check import Changes, diff, validate
from knowledge.glossary import Glossary, SourceInfo
from knowledge.load import LoadResult, load
from knowledge.model import (
    Diagnostic,
    Entry,
    Kind,
    Level,
    Link,
    ParseResult,
    SourceRef,
    entry_to_dict,
)

__all__ = [
    "Changes",
    "Diagnostic",
    "Entry",
    "Glossary",
    "Kind",
    "Level",
    "Link",
    "LoadResult",
    "ParseResult",
    "SourceInfo",
    "SourceRef",
    "diff",
    "entry_to_dict",
    "load",
    "validate",
]
