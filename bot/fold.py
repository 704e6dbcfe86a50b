"""Other spellings of a query word: irregular noun forms and letters typed as digits.

`knowledge.names.key` folds regular plurals ('models', 'queries'). Irregular ones
('matrices' for 'Matrix', 'data' for 'datum', 'criteria') come from lemminflect's noun
tables, and only for words the glossary does not already know, so a normal lookup never
pays for them. The tables are loaded on first use (about 45 MiB and a few hundred
milliseconds); the start-up path and the bundled glossary's own names never touch them.

A query that is a single English word the glossary does not hold ('butter', 'penguin') is
taken as meant: fuzzy matching would otherwise find some near name in any large glossary
('Better', 'Engine'), and the larger the glossary the more often.

Look-alike digits ('ml0ps', 'mlfl0w') are read as the letters they resemble, only inside
words that mix letters and digits, so 'GPT 4' or 'F1' are left alone.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

_LOOK_ALIKE: dict[str, tuple[str, ...]] = {
    "0": ("o",),
    "1": ("l", "i"),
    "3": ("e",),
    "4": ("a",),
    "5": ("s",),
    "7": ("t",),
    "8": ("b",),
    "9": ("g",),
}
_MAX_SPELLINGS = 8


@lru_cache(maxsize=4_096)
def noun_forms(word: str) -> tuple[str, ...]:
    """The other singular and plural forms of an English noun: 'matrices' -> ('matrix',)."""
    if len(word) < 3 or not word.isalpha():
        return ()
    import lemminflect  # here, not at the top: it pulls in numpy and its tables on import

    forms: set[str] = set()
    for lemmas in lemminflect.getAllLemmas(word, upos="NOUN").values():
        forms.update(lemmas)
    for base in {word, *forms}:
        for inflected in lemminflect.getAllInflections(base, upos="NOUN").values():
            forms.update(inflected)
    forms.discard(word)
    return tuple(sorted(forms))


@lru_cache(maxsize=4_096)
def is_english_word(word: str) -> bool:
    """Whether lemminflect's tables hold the word ('butter', 'river'): such a word was meant
    as typed, so it is not corrected into a glossary word it happens to be near."""
    if len(word) < 3 or not word.isalpha():
        return False
    import lemminflect  # here, not at the top: see noun_forms

    return bool(lemminflect.getAllLemmas(word))


def letters_for_digits(word: str) -> tuple[str, ...]:
    """'ml0ps' -> ('mlops',); 'l1ama' -> ('llama', 'liama'); a word without both: ()."""
    if word.isdigit() or word.isalpha() or not any(ch.isalpha() for ch in word):
        return ()
    options = [_LOOK_ALIKE.get(ch, (ch,)) for ch in word]
    spellings = itertools.islice(itertools.product(*options), _MAX_SPELLINGS)
    return tuple(out for out in ("".join(s) for s in spellings) if out != word)
