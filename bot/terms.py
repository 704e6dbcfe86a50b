"""Find the glossary terms inside a message: "Define terms" on any message.

One Aho-Corasick automaton (pyahocorasick, in C) holds every name, alias, acronym and
their plural/singular forms; it is built once per loaded glossary, so a 4,000-character
message on a 100,000-entry glossary is scanned in one pass instead of a loop of regexes.

Matching rules, in the order a reader would check them:
- case-insensitive, except acronyms ("MAP", "MR"), which must match as written, so the verb
  "map" is not the MAP Metric;
- whole words only (`ML` inside `HTML` is no match): names and messages are both read as
  words of letters and digits, so "multi-class", "multi_class" and "Multi Class" meet;
- code spans, code blocks, URLs and platform mentions are skipped;
- the longest match wins and matches never overlap; each entry is reported once, at its
  first appearance, and at most `MAX_TERMS` are returned in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from knowledge import Entry, Glossary, Kind
from knowledge.names import singular, split_suffix

MAX_TERMS = 10
MAX_TEXT = 40_000  # Slack and Discord messages are far shorter; longer input is cut.

# What is never prose: fenced blocks, inline code, URLs (bare or in Slack's <url|label>),
# and Slack/Discord mentions such as <@U123>, <#C123|general>, <!here>.
_SKIPPED = re.compile(
    r"```.*?(?:```|$)|`[^`\n]*`|<[^<>\n]*>|\b(?:https?|ftp)://\S+|\bwww\.\S+",
    re.DOTALL,
)
_ASCII_NOT_WORD = {i: " " for i in range(128) if not chr(i).isalnum()}
_SKIP_MARKS = ("`", "<", "://", "www.")
_WORD = re.compile(r"[^\W_]+")
_NOT_WORD = re.compile(r"[^\w ]|_")  # plain spaces are left alone: most of any text


@dataclass(frozen=True, slots=True)
class Span:
    """Where a term was found: `text[start:end]` is what the message said."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FoundTerm:
    entry: Entry
    span: Span
    said: str


def _words(text: str) -> list[str]:
    """The words of a name or message: letters and digits; all else separates them."""
    return _WORD.findall(text)


def _is_cased(name: str) -> bool:
    """An acronym ("MAP", "MR") must match as written: "map" and "mr" are ordinary words."""
    return " " not in name.strip() and name.isupper()


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _forms(name: str) -> set[str]:
    """The spellings of one name that count as mentioning it: as written (separators as
    spaces), with single spaces, singular and plural."""
    words = _words(name)
    if not words:
        return set()
    last = words[-1]
    forms = {" ".join(words), _NOT_WORD.sub(" ", name.strip())}
    if last.isalpha() and len(last) > 2:
        for variant in (singular(last), _plural(last)):
            forms.add(" ".join([*words[:-1], variant]))
        if _is_cased(name):  # "LLMs" for "LLM", never "LLMes"
            forms.add(" ".join([*words[:-1], last + "s"]))
    return forms


def _names(entry: Entry) -> Iterable[str]:
    """The entry's names, plus the name without its type suffix ("Mixtral" for "Mixtral Model")."""
    for name in entry.names:
        yield name
        base, suffix = split_suffix(name)
        if suffix and len(base) >= 3:
            yield base


# What the automaton stores per spelling: its length, the entries it names (the first wins),
# and the exact spellings an acronym requires (empty: any case will do).
_Pattern = tuple[int, tuple[str, ...], frozenset[str]]


def _readable(text: str) -> str:
    """The message as the automaton reads it, the same length as `text` so offsets hold:
    skipped parts blanked, every character that is not a letter or digit a space."""
    prose = text
    if any(mark in text for mark in _SKIP_MARKS):  # the regex is the slow part: skip it
        prose = _SKIPPED.sub(lambda m: " " * len(m.group(0)), text)
    if prose.isascii():  # str.translate is ten times faster than the regex; same result
        return f" {prose.translate(_ASCII_NOT_WORD)} "
    return f" {_NOT_WORD.sub(' ', prose)} "


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)  # e.g. "İ"


class TermFinder:
    """Built once per glossary load; `find` is then one pass of the automaton."""

    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        owners: dict[str, list[str]] = {}  # spelling -> entries, first come first
        exact: dict[str, set[str]] = {}  # acronym spelling -> how it must be written
        any_case: set[str] = set()
        for entry in glossary:
            if entry.kind is Kind.NOTE or not (entry.has_definition or entry.see_also):
                continue
            for name in _names(entry):
                if len(name.strip()) < 2:
                    continue
                cased = _is_cased(name)
                for form in _forms(name):
                    key = f" {form.lower()} "
                    ids = owners.get(key)
                    if ids is None:
                        owners[key] = [entry.id]
                    elif entry.id not in ids:
                        ids.append(entry.id)
                    if cased:
                        exact.setdefault(key, set()).add(form)
                    else:
                        any_case.add(key)
        self._automaton: ahocorasick.Automaton | None = None
        if owners:
            automaton = ahocorasick.Automaton()
            for key, ids in owners.items():
                required = frozenset() if key in any_case else frozenset(exact[key])
                automaton.add_word(key, (len(key), tuple(ids), required))
            automaton.make_automaton()
            self._automaton = automaton

    def find(self, text: str, limit: int = MAX_TERMS) -> list[FoundTerm]:
        """The distinct entries the text mentions, in reading order, at most `limit`."""
        if self._automaton is None or not text:
            return []
        text = text[:MAX_TEXT]
        readable = _readable(text)
        # Every spelling is stored with a space on each side, so every match is whole words;
        # `readable` has one extra leading space, so text[start:end] is what was said.
        candidates: list[tuple[int, int, _Pattern]] = []
        for last, pattern in self._automaton.iter(_lower(readable)):
            start, end = last - pattern[0] + 1, last - 1
            if pattern[2] and readable[start + 1 : end + 1] not in pattern[2]:
                continue
            candidates.append((start, end, pattern))
        return self._choose(text, candidates, limit)

    def _choose(
        self, text: str, candidates: list[tuple[int, int, _Pattern]], limit: int
    ) -> list[FoundTerm]:
        taken = bytearray(len(text) + 1)
        chosen: list[tuple[int, int, _Pattern]] = []
        # Longest first, then leftmost: "large language model" beats "language model".
        for start, end, pattern in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, pattern))
        found: list[FoundTerm] = []
        seen: set[str] = set()
        for start, end, pattern in sorted(chosen, key=lambda c: c[0]):
            entry_id = pattern[1][0]  # a shared acronym names its first entry
            entry = self._glossary.get(entry_id)
            if entry is None or entry_id in seen:
                continue
            seen.add(entry_id)
            found.append(FoundTerm(entry, Span(start, end), text[start:end]))
            if len(found) == limit:
                break
        return found


def find_terms(glossary: Glossary, text: str) -> list[FoundTerm]:
    """One-off convenience; long-lived code keeps a `TermFinder` per loaded glossary."""
    return TermFinder(glossary).find(text)
