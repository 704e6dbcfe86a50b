"""How glossary names are compared: normal forms, plurals, type suffixes and acronyms.

Parsers, merging, the resolver and the quiz (masking, distractors, free answers) must
agree on when two spellings name the same thing, so that agreement lives here, in pure
functions; `forms` lists every spelling an entry answers to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from knowledge.model import Entry

# The glossary's type suffixes, longest first so "Loss Function" wins over "Function".
TYPE_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        (
            "Model",
            "Models",
            "Company",
            "Person",
            "Algorithm",
            "Loss Function",
            "Dataset",
            "Benchmark",
            "Movie",
            "Game",
            "Tool",
            "Framework",
            "ML Framework",
            "Architecture",
            "Metric",
            "Python Module",
            "Module",
            "Vector Database",
            "Database",
            "Mechanism",
            "Process",
            "System",
            "Agent",
            "Score",
            "Layer",
            "Classifier",
        ),
        key=len,
        reverse=True,
    )
)

_SUFFIX = re.compile(" (" + "|".join(re.escape(s) for s in TYPE_SUFFIXES) + ")$", re.IGNORECASE)
_SUFFIX_NAMES = {s.lower(): s for s in TYPE_SUFFIXES}
_LONGEST_SUFFIX = len(TYPE_SUFFIXES[0])
# One-word suffixes that are not the last word of a longer one ('Model', not 'Framework' of
# 'ML Framework'), by their lower case: a name's last word settles those at once.
_LAST_WORD_SUFFIX = {
    s.lower(): s
    for s in TYPE_SUFFIXES
    if " " not in s and not any(t.endswith(" " + s) for t in TYPE_SUFFIXES)
}
_LAST_WORDS = frozenset(s.rsplit(" ", 1)[-1].lower() for s in TYPE_SUFFIXES)
_DASHES = re.compile(r"[\u2010-\u2015\-_/]+")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
# `normalize` of ASCII text as byte tables: dashes and white space become spaces (newlines
# are kept: they separate texts in `normalize_all`), what is neither a word character nor
# white space goes.
_ASCII_SPACED = bytes.maketrans(
    b"-_/" + bytes(c for c in range(128) if chr(c).isspace() and c != 10),
    b" " * (3 + sum(chr(c).isspace() and c != 10 for c in range(128))),
)
_ASCII_DROPPED = bytes(
    c for c in range(128) if not (chr(c).isalnum() or chr(c).isspace() or chr(c) in "-_/")
)
_PAREN = re.compile(r"\(([^()]*)(?:\)|$)")
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9\-\.&]{0,11}$")


def normalize(text: str) -> str:
    """Lower-case, accents and punctuation dropped, hyphens as spaces, spaces collapsed."""
    return _remembering(0, _normalize, text)


def _normalize(text: str) -> str:
    if not text.isascii():  # ASCII has no accents to drop: the common case skips the scan
        text = _without_accents(text)
    text = text.replace("&", " and ").replace("’", "'").replace("'s ", " ")
    text = _DASHES.sub(" ", text.lower())
    text = _NOT_WORD.sub("", text)
    return _SPACES.sub(" ", text).strip()


def singular(word: str) -> str:
    """A deliberately small English singulariser: enough for 'models', 'queries', 'losses'."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def key(text: str) -> str:
    """The comparison key: normalised, every word singular."""
    return _remembering(1, _key, text)


@lru_cache(maxsize=65_536)
def _key(text: str) -> str:
    return " ".join(singular(w) for w in normalize(text).split())


_remembered: list[tuple[dict[str, str], dict[str, str]]] = []
"""The tables of the `remembered` blocks running now, innermost last."""


def _remembering(table: int, compute: Callable[[str], str], text: str) -> str:
    """`compute(text)`, from (or into) the innermost `remembered` block's table, if any."""
    if not _remembered:
        return compute(text)
    held = _remembered[-1][table]
    found = held.get(text)
    if found is None:
        found = held[text] = compute(text)
    return found


@contextmanager
def remembered(texts: Iterable[str]) -> Iterator[None]:
    """Within the block, `normalize` and `key` answer from tables built for all `texts` at
    once (`normalize_all`, `keys_of_normal`) and remember every other text they are asked.

    Merging and checking a glossary ask for each name's key six or seven times; at 100,000
    entries that is more names than the bounded cache of `key` holds, and it thrashed.
    The tables live as long as the block (a load), so a long-running bot keeps no more
    than the bounded cache. Values are pure functions of the text, so a lookup in another
    thread that meets the tables gets the same answers.
    """
    distinct = list(dict.fromkeys(texts))
    normal = normalize_all(distinct)
    tables = (
        dict(zip(distinct, normal, strict=True)),
        dict(zip(distinct, keys_of_normal(normal), strict=True)),
    )
    _remembered.append(tables)
    try:
        yield
    finally:
        for i, held in enumerate(_remembered):
            if held is tables:
                del _remembered[i]
                break


def normals(texts: Sequence[str]) -> list[str]:
    """`normalize` of each text, for bulk work inside a `remembered` block."""
    return _each(0, normalize, texts)


def keys(texts: Sequence[str]) -> list[str]:
    """`key` of each text, for bulk work inside a `remembered` block."""
    return _each(1, key, texts)


def _each(table: int, one: Callable[[str], str], texts: Sequence[str]) -> list[str]:
    """`one` of each text; from the innermost `remembered` block's table, looked up once,
    not once per text, when there is one."""
    if not _remembered:
        return [one(t) for t in texts]
    found = list(map(_remembered[-1][table].get, texts))
    return [k if k is not None else one(t) for k, t in zip(found, texts, strict=True)]


def compact(text: str) -> str:
    """The key without spaces, so 'ML Flow' meets 'MLflow' and 'Multi-Class' meets 'Multiclass'."""
    return key(text).replace(" ", "")


@lru_cache(maxsize=65_536)
def split_suffix(name: str) -> tuple[str, str]:
    """Split a trailing type suffix off: 'Mistral AI Company' -> ('Mistral AI', 'Company')."""
    return _split_suffix(name)


def _split_suffix(name: str) -> tuple[str, str]:
    stripped = name.strip()
    head, space, last = stripped.rpartition(" ")
    last = last.lower()
    if not space or last not in _LAST_WORDS:  # no suffix ends so: no search needed
        return stripped, ""
    suffix = _LAST_WORD_SUFFIX.get(last)
    if suffix is not None:  # a one-word suffix that ends no longer one: no search either
        return head.rstrip(), suffix
    # The leftmost match is the longest suffix; none can start further back than this.
    match = _SUFFIX.search(stripped, max(1, len(stripped) - _LONGEST_SUFFIX - 1))
    if match is None:
        return stripped, ""
    return stripped[: match.start()].rstrip(), _SUFFIX_NAMES[match.group(1).lower()]


def is_type_suffix(text: str) -> bool:
    """Whether `text` is nothing but a type suffix ('Model', 'loss function'), or empty:
    a word that names a kind of thing, not a thing."""
    if text and text == text.strip() and text.rpartition(" ")[2].lower() not in _LAST_WORDS:
        return False  # no suffix ends with its last word: no search needed
    return _split_suffix(f"x {text}")[1].lower() == text.lower()


def base_and_suffix(name: str) -> tuple[str, str]:
    """The heading's plain text (`parse_heading`) split at its type suffix (`split_suffix`):
    'Mean Absolute Error (MAE) Loss Function' -> ('Mean Absolute Error', 'Loss Function').
    Not cached: merging asks it of every entry once."""
    if "(" in name or " ".join(name.split()) != name:
        name = _parse_heading(name).plain
    return _split_suffix(name)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading taken apart: 'Mean Absolute Error (MAE) Loss Function'.

    `plain` drops the parenthetical ('Mean Absolute Error Loss Function'), `short` swaps it
    in ('MAE Loss Function'), `acronym` is the parenthetical alone when it looks like one.
    """

    text: str
    plain: str
    short: str
    acronym: str

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every other name this heading implies, without repeats, in a stable order."""
        out: list[str] = []
        for alias in (self.plain, self.short, self.acronym):
            if alias and alias != self.text and alias not in out:
                out.append(alias)
        return tuple(out)


@lru_cache(maxsize=65_536)
def parse_heading(text: str) -> Heading:
    """Take acronyms and expansions in parentheses out of a heading.

    Handles the seeds' typos too: '(GANs0' is an unclosed parenthetical whose trailing
    digit stands for the missing ')'.
    """
    return _parse_heading(text)


def _parse_heading(text: str) -> Heading:
    """`parse_heading` uncached, for the bulk paths (`forms`, `form_table`): a glossary
    of a hundred thousand headings would only churn the cache."""
    text = _SPACES.sub(" ", text).strip()
    match = _PAREN.search(text)
    if not match:
        return Heading(text, text, "", "")
    inner = match.group(1).strip()
    if not match.group(0).endswith(")"):
        inner = inner.rstrip("0123456789").strip()
    before = text[: match.start()].strip()
    after = text[match.end() :].strip()
    plain = _SPACES.sub(" ", f"{before} {after}").strip()
    if not inner:
        return Heading(text, plain, "", "")
    short = _SPACES.sub(" ", f"{inner} {after}").strip()
    if _ACRONYM.match(inner) and " " not in inner:
        return Heading(text, plain, short if after else "", inner)
    # A longer parenthetical is an expansion: 'FM (Foundational Model) Lifecycle'.
    return Heading(text, plain, short, "")


_COMPANY_TAILS = (" AI", " Labs", " Inc")


def forms(entry: Entry) -> tuple[set[str], set[str]]:
    """The spellings an entry answers to: its names, then looser forms that rank below them.

    Loose forms are a name without its type suffix ('Mixtral' for 'Mixtral Model'), a
    person's family name, a company without 'AI'. A query that is someone's full name or
    alias beats one that only matches another entry loosely: 'Machine Learning' is the
    entry of that name, not 'Machine Learning Framework' shorn of its suffix.
    """
    strict: list[str] = []
    loose: list[str] = []
    for name in entry.names:
        _add_forms(name, strict, loose)
    return set(strict), set(loose).difference(strict)


def _add_forms(name: str, strict: list[str], loose: list[str]) -> None:
    heading = _parse_heading(name) if "(" in name else None
    for form in (name, *heading.aliases) if heading else (name,):
        strict.append(form)
        base, suffix = _split_suffix(form)
        loose.append(base)
        more = _MORE_LOOSE.get(suffix)
        if more is not None:
            loose.extend(more(base))


def _family_name(base: str) -> list[str]:
    return [base.rsplit(" ", 1)[1]] if " " in base else []


def _without_company_tail(base: str) -> list[str]:
    return [base[: -len(t)] for t in _COMPANY_TAILS if base.endswith(t)]


_MORE_LOOSE = {"Person": _family_name, "Company": _without_company_tail}
"""Type suffixes whose entries answer to more than their name without the suffix."""


@dataclass(frozen=True, slots=True)
class FormTable:
    """`forms` of many entries, flat: form i is `texts[i]`, of entry `owners[i]`, loose when
    `loose[i]`. Each entry's name comes first, then its other strict forms, then its loose
    ones, each once."""

    texts: list[str]
    owners: list[int]
    loose: bytearray


def form_table(entries: Sequence[Entry]) -> FormTable:
    """What `forms` gives entry by entry, for a whole glossary in one pass: a resolver
    index of a million entries cannot afford two sets per entry."""
    texts: list[str] = []
    owners: list[int] = []
    loose = bytearray()
    for number, entry in enumerate(entries):
        name = entry.name
        if not entry.aliases and "(" not in name:  # nearly every heading: a short path
            base, suffix = _split_suffix(name)
            more = _MORE_LOOSE.get(suffix)
            if suffix and more is None:  # most of them: the name, then itself without suffix
                texts += (name, base)
                owners += (number, number)
                loose += b"\0\1"
                continue
            texts.append(name)
            owners.append(number)
            loose.append(0)
            for form in (base, *more(base)) if more is not None else (base,):
                if form != name:
                    texts.append(form)
                    owners.append(number)
                    loose.append(1)
            continue
        strict_forms: list[str] = []
        loose_forms: list[str] = []
        for name in entry.names:
            _add_forms(name, strict_forms, loose_forms)
        ordered = list(dict.fromkeys(strict_forms))
        count = len(ordered)
        ordered += [f for f in dict.fromkeys(loose_forms) if f not in strict_forms]
        texts += ordered
        owners += [number] * len(ordered)
        loose += bytes(count) + b"\1" * (len(ordered) - count)
    return FormTable(texts, owners, loose)


def normalize_all(texts: Sequence[str]) -> list[str]:
    """`normalize` of each text, equal item by item, for many texts at once: plain ASCII
    ones (nearly every name) are folded together, joined by newlines, by C-level byte
    operations, so a hundred thousand names cost milliseconds, not most of a second."""
    if not texts:
        return []
    blob = "\n".join(texts)
    odd: list[int] = []
    if not blob.isascii() or blob.count("\n") != len(texts) - 1:
        odd = [i for i, t in enumerate(texts) if not t.isascii() or "\n" in t]
        blob = "\n".join("" if not t.isascii() or "\n" in t else t for t in texts)
    data = blob.encode("ascii").replace(b"&", b" and ").replace(b"'s ", b" ")
    data = data.lower().translate(_ASCII_SPACED, _ASCII_DROPPED)
    while b"  " in data:
        data = data.replace(b"  ", b" ")
    data = data.replace(b" \n", b"\n").replace(b"\n ", b"\n").strip(b" ")
    out = data.decode("ascii").split("\n")
    for i in odd:
        out[i] = normalize(texts[i])
    return out


class _Singulars(dict[str, str]):
    def __missing__(self, word: str) -> str:
        self[word] = held = singular(word)
        return held


def keys_of_normal(normal: Sequence[str]) -> list[str]:
    """`key` of texts that are already normalised (`normalize_all`), many at once: only a
    text with a word ending in 's' can change, and each distinct word is folded once."""
    folded = _Singulars()
    return [
        (folded[n] if " " not in n else " ".join([folded[w] for w in n.split(" ")]))
        if n.endswith("s") or "s " in n
        else n
        for n in normal
    ]


def _without_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))
