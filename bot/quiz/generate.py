"""Quiz questions generated from the glossary, never hand-written.

Every question is built from one entry (`generate_for`), so tests can check every entry
for every type; `generate` picks the entry and type with the caller's `random.Random`, so a
seed reproduces a question. A prompt never spells its answer: definitions are masked of
the entry's names, and where the prompt is the term itself (TERM, FLASHCARD) each option
is masked of its own entry's names instead. Any text that still leaks is refused.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from bot.material import eligible
from bot.quiz.distractors import (
    acronym_letters,
    distractors,
    expansion_distractors,
    initials,
    name_keys,
)
from bot.quiz.mask import MASK, OPTION_LIMIT, PROMPT_LIMIT, leaks, mentions, snippet
from bot.quiz.question import Question, QuestionType
from knowledge import Entry, Glossary, Kind, names

__all__ = [
    "CHOICES",
    "acronym",
    "check_free_answer",
    "generate",
    "generate_for",
    "supported",
]

CHOICES = 4
"""Options in a multiple-choice question (true/false has two)."""

_TERM_TYPES = (
    QuestionType.DEFINITION,
    QuestionType.TERM,
    QuestionType.TRUE_FALSE,
    QuestionType.FREE,
)


def acronym(entry: Entry) -> tuple[str, str]:
    """(acronym, what it stands for) for 'Mean Absolute Error (MAE) Loss Function':
    ('MAE', 'Mean Absolute Error'); ('', '') when the name has no acronym."""
    heading = names.parse_heading(entry.name)
    if not heading.acronym:
        return "", ""
    expansion = heading.text.partition("(")[0].strip() or heading.plain
    if names.key(expansion) == names.key(heading.acronym):
        return "", ""
    return heading.acronym, expansion


@lru_cache(maxsize=8192)
def supported(entry: Entry) -> tuple[QuestionType, ...]:
    """The question types an entry can be asked as.

    Cards are questions already (a front and a back), so they are asked as flashcards;
    terms as everything else. Either, when named with an acronym, as an acronym question.
    """
    if not eligible(entry):
        return ()
    types = (QuestionType.FLASHCARD,) if entry.kind is Kind.CARD else _TERM_TYPES
    return (*types, QuestionType.ACRONYM) if acronym(entry)[0] else types


def generate(glossary: Glossary, rng: random.Random, kind: QuestionType | None = None) -> Question:
    """A question about a random entry; of `kind`, or of a random type the entry supports."""
    candidates = sorted(
        (e for e in glossary if supported(e) and (kind is None or kind in supported(e))),
        key=lambda e: e.id,
    )
    if not candidates:
        what = f"{kind} questions" if kind else "questions"
        raise ValueError(f"the glossary has no entry that can make {what}")
    rng.shuffle(candidates)
    problem = ""
    for entry in candidates:
        types = [kind] if kind else list(supported(entry))
        rng.shuffle(types)
        for chosen in types:
            try:
                return generate_for(glossary, entry, chosen, rng)
            except ValueError as exc:
                problem = str(exc)
    raise ValueError(f"no question could be made: {problem}")


def generate_for(
    glossary: Glossary, entry: Entry, kind: QuestionType, rng: random.Random
) -> Question:
    """A question of type `kind` about `entry`; `ValueError` if the pair cannot make one."""
    if kind not in supported(entry):
        raise ValueError(f"{entry.name!r} cannot be asked as a {kind} question")
    if kind is QuestionType.DEFINITION:
        return _definition(glossary, entry, rng)
    if kind is QuestionType.FREE:
        prompt = _prompt(entry)
        return Question(kind, prompt, (), -1, entry.name, entry.id, entry.name, entry.names)
    if kind is QuestionType.TRUE_FALSE:
        return _true_false(glossary, entry, rng)
    if kind is QuestionType.ACRONYM:
        return _acronym(glossary, entry, rng)
    # TERM and FLASHCARD: the term (or card front) is shown, its definition (back) is picked.
    return _pick_definition(glossary, entry, kind, rng)


def check_free_answer(text: str, question: Question, glossary: Glossary) -> bool:
    """Whether a typed answer names the question's entry.

    Its name, an alias, or the name without its type suffix count, and so does any of
    those with a typo or two ("mixtrl" for "Mixtral Model"). A bare type word or a generic
    phrase never does ("a company" is not "Meta Company", "ai model" is not "Magi Model"),
    and another entry's name is wrong even when it is close: "Mistral Model" does not
    answer a question about "Mistral AI Company", nor does a typo nearer another entry.
    """
    answer = names.key(text)
    if not answer:
        return False
    entry = glossary.get(question.entry_id) or Entry(
        question.entry_name, aliases=question.accepted, id=question.entry_id
    )
    accepted = {*question.accepted, *entry.names}
    strict, loose = names.forms(Entry(entry.name, aliases=tuple(sorted(accepted))))
    own = _keys(strict)
    if _hit(answer, own):
        return True
    forms = _with_bases(strict)
    own_or_base = _keys(forms)
    # An entry sharing a name with this one, all of whose names are this one's or their
    # bases (a stub under another name), is this entry again, no rival.
    others = [
        e
        for e in glossary
        if e.id != entry.id and not (name_keys(e) & own and name_keys(e) <= own_or_base)
    ]
    if _hit(answer, set().union(*(name_keys(e) for e in others)) - own):
        return False
    said = _ARTICLE.sub("", answer)
    if not _names_something(said):
        return False
    if _hit(said, own_or_base):
        return True
    # A family name or a company without "AI" counts only when no other entry answers to it.
    if _hit(said, _keys(loose) - _keys({f for e in others for f in names.forms(e)[1]})):
        return True
    best = _typos(said, strict)
    if best is None:
        return False
    rival = min(
        (_distance(said, f) for e in others for f in _with_bases(names.forms(e)[0])),
        default=len(said) + 1,
    )
    return best <= rival


_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
_GENERIC = frozenset(
    {w.lower() for suffix in names.TYPE_SUFFIXES for w in suffix.split()}
    | {"a", "an", "the", "of", "and", "ai", "ml", "type", "kind", "thing", "something", "it"}
)
"""Words that name no entry on their own: "a company", "ai model", "a metric"."""


def _names_something(said: str) -> bool:
    return any(word not in _GENERIC for word in said.split())


def _typos_allowed(base: str) -> int:
    """One typo in a short name, two in a long one, none in a name of three letters."""
    size = len(base.replace(" ", ""))
    return 0 if size < 4 else 1 if size < 8 else 2


def _distance(said: str, form: str) -> int:
    return int(DamerauLevenshtein.distance(said, names.key(form)))


def _typos(said: str, strict: set[str]) -> int | None:
    """The fewest typos between what was said and a name (whole, or its base against the
    answer's base), when within what that name's base allows; None when none is close.

    The allowance is the base's, so a shared type suffix buys nothing: "ai model" is two
    edits from "magi model", more than the one that "magi" allows.
    """
    typed_base = names.key(names.split_suffix(said)[0])
    best: int | None = None
    for form in strict:
        base = names.key(names.split_suffix(form)[0])
        if not base:
            continue
        allowed = _typos_allowed(base)
        for distance in (_distance(said, form), _distance(typed_base, base)):
            if distance <= allowed and (best is None or distance < best):
                best = distance
    return best


def _keys(forms: set[str]) -> set[str]:
    keys = {names.key(f) for f in forms}
    return (keys | {k.replace(" ", "") for k in keys}) - {""}


def _hit(answer: str, keys: set[str]) -> bool:
    return answer in keys or answer.replace(" ", "") in keys


def _with_bases(forms: set[str]) -> set[str]:
    """Each form and the form without its type suffix ('Mixtral' beside 'Mixtral Model')."""
    return forms | {names.split_suffix(f)[0] for f in forms}


def _prompt(entry: Entry) -> str:
    prompt = snippet(entry, PROMPT_LIMIT)
    _refuse_leak(prompt, entry)
    return prompt


def _definition(glossary: Glossary, entry: Entry, rng: random.Random) -> Question:
    prompt = _prompt(entry)
    others = _wrong(glossary, entry, rng, _name, lambda e: e.kind is entry.kind)
    wrong = [e.name for e in others]
    return _multiple_choice(QuestionType.DEFINITION, prompt, entry, entry.name, wrong, rng)


def _pick_definition(
    glossary: Glossary, entry: Entry, kind: QuestionType, rng: random.Random
) -> Question:
    def back(e: Entry) -> str:
        return snippet(e, OPTION_LIMIT, () if e.id == entry.id else (entry,))

    # Every option is masked the same way (of its own names and the subject's); so that
    # `____` tells nothing, wrong options show a mask exactly when the right one does.
    masked = MASK in back(entry)

    def alike(e: Entry) -> str:
        """The option text when masked like the answer's, else '' (no such option)."""
        text = back(e)
        return text if (MASK in text) == masked else ""

    others = _wrong(glossary, entry, rng, alike, lambda e: e.kind is entry.kind)
    for e in (entry, *others):
        _refuse_leak(back(e), e, entry)
    return _multiple_choice(kind, entry.name, entry, back(entry), [back(e) for e in others], rng)


def _true_false(glossary: Glossary, entry: Entry, rng: random.Random) -> Question:
    """'**X**: <a definition> — true or false?', the definition X's own half the time."""
    truth = rng.random() < 0.5
    source = entry
    if not truth:
        picked = distractors(
            glossary,
            entry,
            1,
            rng,
            display=lambda e: snippet(e, OPTION_LIMIT, (entry,)),
            where=lambda e: e.kind is entry.kind,
        )
        if picked:
            source = picked[0]
        truth = source is entry
    statement = snippet(source, OPTION_LIMIT, () if truth else (entry,))
    _refuse_leak(statement, entry, source)
    prompt = f"**{entry.name}**: {statement} — true or false?"
    correct = 0 if truth else 1
    options = ("True", "False")
    return Question(
        QuestionType.TRUE_FALSE, prompt, options, correct, options[correct], entry.id, entry.name
    )


def _acronym(glossary: Glossary, entry: Entry, rng: random.Random) -> Question:
    short, expansion = acronym(entry)
    heading = names.parse_heading(entry.name)
    context = f", as in **{heading.short}**" if heading.short and heading.short != short else ""
    prompt = f"What does **{short}** stand for{context}?"
    base = names.split_suffix(expansion)[0]
    if mentions(prompt, expansion) or mentions(prompt, base):
        raise ValueError(f"the acronym prompt for {entry.name!r} spells its expansion")
    wrong, fitting = expansion_distractors(glossary, entry, expansion, short, CHOICES - 1, rng)
    if len(wrong) < CHOICES - 1:
        raise ValueError(f"not enough expansions like {short!r} in the glossary")
    if fitting == 0 and acronym_letters(short) in initials(expansion):
        raise ValueError(f"only the answer's initials spell {short!r}")
    return _multiple_choice(QuestionType.ACRONYM, prompt, entry, expansion, wrong, rng)


def _wrong(
    glossary: Glossary,
    entry: Entry,
    rng: random.Random,
    display: Callable[[Entry], str],
    where: Callable[[Entry], bool],
) -> list[Entry]:
    others = distractors(glossary, entry, CHOICES - 1, rng, display=display, where=where)
    if len(others) < CHOICES - 1:
        raise ValueError(
            f"not enough plausible wrong options for {entry.name!r} "
            f"({len(others)} of {CHOICES - 1})"
        )
    return others


def _multiple_choice(
    kind: QuestionType,
    prompt: str,
    entry: Entry,
    answer: str,
    wrong: list[str],
    rng: random.Random,
) -> Question:
    options = [answer, *wrong]
    if not all(options) or len({names.key(o) for o in options}) != len(options):
        raise ValueError(f"the options for {entry.name!r} are empty or repeated")
    order = list(range(len(options)))
    rng.shuffle(order)
    shuffled = tuple(options[i] for i in order)
    correct = order.index(0)
    return Question(kind, prompt, shuffled, correct, answer, entry.id, entry.name)


def _refuse_leak(text: str, *entries: Entry) -> None:
    for e in entries:
        if leaks(text, e):
            raise ValueError(f"quiz text still names {e.name!r}: {text!r}")


def _name(entry: Entry) -> str:
    return entry.name
