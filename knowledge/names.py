"""How glossary names are compared: normal forms, plurals, type suffixes and acronyms.

Parsers, merging, the resolver and the quiz (masking, distractors, free answers) must
agree on when two spellings name the same thing, so that agreement lives here, in pure
functions; `forms` lists every spelling an entry answers to.
"""

from __future__ import annotations

import re
import unicodedata
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
_DASHES = re.compile(r"[\u2010-\u2015\-_/]+")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_PAREN = re.compile(r"\(([^()]*)(?:\)|$)")
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9\-\.&]{0,11}$")
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&\-]{1,11})\s*\)")
_NAME_WORD = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """Lower-case, accents and punctuation dropped, hyphens as spaces, spaces collapsed."""
    if not text.isascii():  # ASCII has no accents to drop: the common case skips the scan
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
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


@lru_cache(maxsize=65_536)
def key(text: str) -> str:
    """The comparison key: normalised, every word singular."""
    return " ".join(singular(w) for w in normalize(text).split())


def compact(text: str) -> str:
    """The key without spaces, so 'ML Flow' meets 'MLflow' and 'Multi-Class' meets 'Multiclass'."""
    return key(text).replace(" ", "")


@lru_cache(maxsize=65_536)
def split_suffix(name: str) -> tuple[str, str]:
    """Split a trailing type suffix off: 'Mistral AI Company' -> ('Mistral AI', 'Company')."""
    stripped = name.strip()
    match = _SUFFIX.search(stripped, 1)  # the leftmost match is the longest suffix
    if match is None:
        return stripped, ""
    return stripped[: match.start()].rstrip(), _SUFFIX_NAMES[match.group(1).lower()]


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
    strict: set[str] = set()
    loose: set[str] = set()
    for name in entry.names:
        heading = parse_heading(name) if "(" in name else None
        for form in (name, *heading.aliases) if heading else (name,):
            strict.add(form)
            base, suffix = split_suffix(form)
            loose.add(base)
            if suffix == "Person" and " " in base:
                loose.add(base.rsplit(" ", 1)[1])
            if suffix == "Company":
                loose.update(base[: -len(t)] for t in _COMPANY_TAILS if base.endswith(t))
    return strict, loose - strict


def spelled_acronyms(text: str) -> list[tuple[str, str]]:
    """(expansion, acronym) for each '(ACRONYM)' in `text` right after the words it abbreviates.

    'Natural language processing (NLP) is ...' gives ('Natural language processing', 'NLP');
    a plural acronym counts ('Generative adversarial networks (GANs)'), and so does a
    hyphenated word ('Retrieval-augmented generation (RAG)'). A parenthetical whose
    initials do not spell the words before it ('... networks (RNN)' after other words) is
    no acronym of them: '(RNN)' after 'based on' alone spells nothing.
    """
    found: list[tuple[str, str]] = []
    for match in _PAREN_ACRONYM.finditer(text):
        acronym = match.group(1)
        letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
        letters = "".join(ch for ch in letters if ch.isalpha()).lower()
        if len(letters) < 2:
            continue
        words = list(_NAME_WORD.finditer(text[: match.start()]))[-len(letters) :]
        if len(words) == len(letters) and all(
            w.group(0)[0].lower() == ch for w, ch in zip(words, letters, strict=True)
        ):
            found.append((text[words[0].start() : words[-1].end()], acronym))
    return found
