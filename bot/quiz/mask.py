"""Turning an entry's text into quiz text that does not give the entry away.

A question shows a definition and asks for the term, so every way the definition could
spell the term (its name, aliases, acronyms, the name without its type suffix, plurals,
hyphenation) is replaced by `MASK`. `leaks` uses the very same patterns, so a generator
can refuse any text that still names its answer. Cleaning and shortening live here too:
a player reads the masked, shortened text, and that is the text `bot.material.eligible`
judges when it decides whether an entry is quiz material at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.quiz.variants import STOPWORDS, inflections, near_spellings, word_groups
from knowledge import Entry, names

MASK = "____"
PROMPT_LIMIT = 300
"""Longest definition shown as a prompt, in characters."""
OPTION_LIMIT = 150
"""Longest definition shown as an option (or a true/false statement), in characters."""
MIN_PROMPT_WORDS = 8
MIN_OPTION_WORDS = 4

# Word boundaries by letters and digits only: "ML" in "HTML" is no word, "ML" in "ML-based" is.
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"
_DASH_CHARS = "\\-\u2010\u2011\u2012\u2013\u2014\u2015"
_FLEX = rf"[\s{_DASH_CHARS}]*"
"""Between two words of a name: a space, a hyphen or nothing ('Multi-Head', 'Multihead')."""
_FLEXIBLE_SEP = re.compile(rf"^[\s{_DASH_CHARS}_/]*$")
_WORD = re.compile(r"([^\W_]+)")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")

_URL = re.compile(r"<?\bhttps?://\S+>?|\bwww\.\S+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FENCE = re.compile(r"```.*?(?:```|\Z)", re.S)
_INLINE_CODE = re.compile(r"`([^`\n]*)`")
_MATH = re.compile(r"\\\[.*?\\\]|\$\$.*?\$\$", re.S)
_MARKUP = re.compile(r"<!>|\*\*|</?[A-Za-z][^<>\n]{0,40}>")
_SEE = re.compile(r"^\s*see(?:\s+also)?\b", re.I)
_LIST_ITEM = re.compile(r"^(?:[-*•]\s+|\d{1,2}[.)]\s+)")
_SENTENCE_END = re.compile(r"(?<!\d)(?<!e\.g)(?<!i\.e)[.!?](?=\s)")
_PROSE_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*")
_MASKED_ACRONYM = re.compile(
    rf"{MASK}\s*\(\s*([A-Za-z0-9&.\-]{{2,12}})\s*\)|{_BEFORE}([A-Za-z0-9&.\-]{{2,12}})\s*\(\s*{MASK}\s*\)"
)
_MASK_RUN = re.compile(rf"{MASK}(?:\s*[-/]?\s*{MASK}|\s*\(\s*{MASK}(?:\s*\))?)+")


def mask(text: str, entry: Entry) -> str:
    """`text` with every spelling of `entry`'s names replaced by `MASK`.

    One pass is enough in practice; looping until nothing changes makes "never leaks" a
    guarantee; it ends because each round removes letters or digits or shortens a run of
    masks ("____ (____)" becomes "____").
    """
    pattern = _pattern(entry)
    if pattern is None or not _could_mention(text, entry):
        return text
    while True:
        masked = pattern.sub(MASK, _mask_near(text, entry))
        # "____ (MAE)" still gives the answer away through the acronym beside it.
        masked = _MASKED_ACRONYM.sub(_drop_acronym, masked)
        masked = _MASK_RUN.sub(MASK, masked)
        if masked == text:
            return masked
        text = masked


def leaks(text: str, entry: Entry) -> bool:
    """Whether `text` still spells one of `entry`'s names (as `mask` would have hidden)."""
    pattern = _pattern(entry)
    if pattern is not None and pattern.search(text) is not None:
        return True
    return any(next(near_spellings(text, form), None) for form in _near_forms(entry))


def mentions(text: str, phrase: str) -> bool:
    """Whether `text` spells `phrase` (in any of its obvious variants) as whole words."""
    alternative = _form_pattern(phrase)
    if alternative is None:
        return False
    return re.search(f"{_BEFORE}(?:{alternative}){_AFTER}", text, re.IGNORECASE) is not None


def forms(entry: Entry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The spellings to hide: (matched in any case, matched in capitals only).

    Names, aliases and their heading forms always; a looser form (no type suffix, a family
    name, a company without "AI") only when at least 4 characters or an acronym, so "Phi"
    of "Phi Model" does not blank every "phi". Initials of a multi-word name ("NLP" for
    "Natural Language Processing") are matched in capitals only, so "IS" never hides "is".
    """
    strict, loose = names.forms(entry)
    spelled = set(strict) | {f for f in loose if _distinctive(f)}
    initials: set[str] = set()
    for name in entry.names:
        base = names.split_suffix(names.parse_heading(name).plain)[0]
        words = _WORD.findall(base)
        if len(words) < 2:
            continue
        for chosen in (words, [w for w in words if w.lower() not in STOPWORDS]):
            letters = "".join(w[0] for w in chosen).upper()
            if len(letters) >= 2 and letters.isalpha() and letters.isascii():
                initials.add(letters)
    lowered = {f.lower() for f in spelled}
    return _ordered(spelled), _ordered(i for i in initials if i.lower() not in lowered)


def clean(text: str) -> str:
    """Prose from a definition: no code, URLs, markup or "See also" lines; list items joined
    the way a sentence would run ("involves: data, training, evaluation")."""
    text = _FENCE.sub(" ", text)
    text = _MATH.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = _INLINE_CODE.sub(r"\1", text)
    text = _MARKUP.sub(" ", text)
    out = ""
    previous_item = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _SEE.match(line):
            continue
        item = bool(_LIST_ITEM.match(line))
        line = " ".join(_LIST_ITEM.sub("", line).split()).strip(" -–—,;")
        if not line:
            continue
        if not out:
            out = line
        elif item and previous_item:
            out += (" " if out[-1] in ".!?:;," else ", ") + line
        elif item:
            out += (" " if out.endswith(":") else ": ") + line
        else:
            out += (" " if out[-1] in ".!?:;" else ". ") + line
        previous_item = item
    return out


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a sentence end if one is not too early, else at a
    word with an ellipsis: a cut mid-word could turn a masked name back into a fragment."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= limit]
    if ends and ends[-1] >= limit // 3:
        return head[: ends[-1]]
    cut = head[:limit].rsplit(" ", 1)[0] if " " in head[:limit] else ""
    cut = cut.rstrip(" ,;:-–—(")
    return cut + "…" if cut else ""


def prose_words(text: str) -> int:
    """Words with a letter in them; the mask itself does not count."""
    return len(_PROSE_WORD.findall(text.replace(MASK, " ")))


def snippet(entry: Entry, limit: int, also: tuple[Entry, ...] = ()) -> str:
    """The entry's definition as quiz text: cleaned, masked of its own names (and of the
    names of `also`, e.g. the question's subject), shortened to `limit` characters."""
    return _snippet(entry, limit, also)


@lru_cache(maxsize=8192)
def _snippet(entry: Entry, limit: int, also: tuple[Entry, ...]) -> str:
    text = clean(entry.definition)
    for subject in (entry, *also):
        text = mask(text, subject)
    return shorten(text, limit)


def _drop_acronym(match: re.Match[str]) -> str:
    acronym = match.group(1) or match.group(2)
    return MASK if sum(ch.isupper() for ch in acronym) >= 2 else match.group(0)


def _distinctive(form: str) -> bool:
    """A loose form worth hiding: long enough to be a name, or an acronym like "JAX"."""
    core = _EDGES.sub("", form)
    if sum(ch.isalnum() for ch in core) >= 4:
        return True
    return len(core) >= 2 and " " not in core and core.upper() == core and core.isalnum()


def _ordered(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=lambda f: (-len(f), f)))


@lru_cache(maxsize=8192)
def _pattern(entry: Entry) -> re.Pattern[str] | None:
    """One alternation over every form, longest first so the fullest spelling wins."""
    spelled, initials = forms(entry)
    alternatives = [p for p in map(_form_pattern, spelled) if p]
    alternatives += [_group_pattern(group) for group in _groups(entry)]
    alternatives += [f"(?-i:{re.escape(i)}s?)" for i in initials]
    if not alternatives:
        return None
    return re.compile(f"{_BEFORE}(?:{'|'.join(alternatives)}){_AFTER}", re.IGNORECASE)


def _could_mention(text: str, entry: Entry) -> bool:
    """A quick screen: `text` holds the start of some word of `entry`'s names. Every
    pattern and near-spelling needs one ('maxim' for 'Maximal'), so most distractor
    texts skip the slow passes; a generator still re-checks what it shows with `leaks`."""
    lowered = text.lower()
    return any(stem in lowered for stem in _stems(entry))


@lru_cache(maxsize=8192)
def _stems(entry: Entry) -> frozenset[str]:
    spelled, initials = forms(entry)
    words = {w.lower() for f in (*spelled, *initials) for w in _WORD.findall(f)}
    return frozenset(w[:4] if len(w) > 4 else w for w in words)


def _groups(entry: Entry) -> set[tuple[str, str]]:
    """Two consecutive content words of any name of three or more ('QR Decomposition')."""
    return {group for name in entry.names for group in word_groups(name)}


def _group_pattern(group: tuple[str, str]) -> str:
    """Two words in any inflection, with only separators and little words between them."""
    little = "|".join(sorted(STOPWORDS))
    between = rf"{_FLEX}(?:(?:{little})[\s{_DASH_CHARS}]+)*"
    return f"{_any_inflection(group[0])}{between}{_any_inflection(group[1])}"


@lru_cache(maxsize=16_384)
def _any_inflection(word: str) -> str:
    """The word as `_last_word` spells it, or any other inflection ('matrices', 'attacked')."""
    regular = _last_word(word)
    covered = re.compile(regular, re.IGNORECASE)
    extra = [v for v in inflections(word) if not covered.fullmatch(v)]
    if not extra:
        return regular
    extra.sort(key=lambda v: (-len(v), v))
    return f"(?:{'|'.join(map(re.escape, extra))}|{regular})"


@lru_cache(maxsize=8192)
def _near_forms(entry: Entry) -> tuple[str, ...]:
    """The names (and names without a type suffix) worth looking for misspelt."""
    strict, loose = names.forms(entry)
    # A form with its parenthetical ('Model Denial Of Service (MDoS)') is also there
    # without it; matching it whole would leave the closing parenthesis behind.
    return _ordered(f for f in strict | loose if len(_WORD.findall(f)) >= 2 and "(" not in f)


def _mask_near(text: str, entry: Entry) -> str:
    """`text` with every near-spelling of a name of `entry` replaced by `MASK`."""
    for form in _near_forms(entry):
        spans = list(near_spellings(text, form))
        for begin, end in reversed(spans):
            text = text[:begin] + MASK + text[end:]
    return text


def _form_pattern(form: str) -> str | None:
    """The regex for one spelling: words in order, flexible separators, plural last word."""
    core = _EDGES.sub("", form)
    # 'Search (MCTS)' as the base of 'Search (MCTS) Algorithm': keep the closing parenthesis.
    closing = core.count("(") > core.count(")") and form.rstrip().endswith(")")
    pieces = _WORD.split(core)
    words, seps = pieces[1::2], pieces[2:-1:2]
    if not words:
        return None
    out: list[str] = []
    for i, word in enumerate(words):
        if i:
            out.append(_sep_pattern(seps[i - 1]))
        out.append(_any_inflection(word) if word.isalpha() else re.escape(word))
    if closing:
        out.append(r"(?:\s*\))?")
    return "".join(out)


def _sep_pattern(sep: str) -> str:
    if _FLEXIBLE_SEP.match(sep):
        return _FLEX
    parts: list[str] = []
    for ch in sep:
        if ch.isspace() or ch in "_/" or ch in _DASH_CHARS.replace("\\", ""):
            continue
        if ch in "'’":
            parts.append("['’]")
        elif ch == "&":
            parts.append("(?:&|and)")
        else:
            parts.append(re.escape(ch))
    return _FLEX + r"\s*".join(parts) + _FLEX


def _last_word(word: str) -> str:
    """The last word in singular or plural: 'Model' ~ 'models', 'Query' ~ 'queries',
    'Matrix' ~ 'matrices'; the word as written always matches too."""
    lowered = word.lower()
    stem = names.singular(lowered)
    if stem == lowered:
        base = word
    elif len(word) == len(lowered) and lowered.startswith(stem):
        base = word[: len(stem)]
    else:
        base = stem
    tail = base[-2:].lower()
    if len(base) > 2 and tail[-1] == "y" and tail[0] not in "aeiou":
        variant = re.escape(base[:-1]) + "(?:y|ies)"
    elif len(base) > 3 and tail in ("ix", "ex"):
        variant = re.escape(base[:-2]) + f"(?:{tail}|{tail}es|ices)"
    elif len(base) > 3 and tail == "is":
        variant = re.escape(base[:-2]) + "(?:is|es)"
    else:
        variant = re.escape(base) + "(?:e?s)?"
    as_written = re.escape(word) + "(?:e?s)?"
    return (
        as_written
        if base == word and variant.startswith(as_written)
        else (f"(?:{as_written}|{variant})")
    )
