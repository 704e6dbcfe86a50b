"""The flashcards format: a title line, then card fronts and backs on alternating lines.

A back is usually one line, but may run over several. After a back's first line, a line
continues the back when it is
- a numbered item (`1. Data selection`, `2) ...`),
- a labelled line (`Encoder: This neural network ...`: a capitalised label of at most four
  words, a colon, then at least three words), or
- a line starting in lower case right after a back line that stops mid-sentence (ends with
  `:` or `,` or a word such as `involves`, `and`, `of`).
Anything else starts the next card, so a continuation never swallows a front: fronts are
terms or questions, which match none of these shapes.

A card is named by its front as written; its aliases are the front's parenthetical forms,
the bare subject of a question front (`What are X`, `What is X`, `What's X`, `Define X`),
the back's own spelling of a misspelt front (`Neutral Networks` -> `Neural networks`), and
an acronym the back gives its name in parentheses (`Natural language processing (NLP)`).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from knowledge import names
from knowledge.model import Diagnostic, Entry, Kind, Level, ParseResult, SourceRef

_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&\-]{1,11})\s*\)")
_NAME_WORD = re.compile(r"[^\W_]+")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")
_LABELLED = re.compile(r"^[A-Z][\w()/-]*(?: [\w()/-]+){0,3}:\s+\S+(?:\s+\S+){2,}")
_MID_SENTENCE = re.compile(
    r"(?:[:,]|\b(?:involves|includes|include|such as|and|or|of|the|a|an|to|with|are|is))$",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"^(?:what\s+(?:are|is)|what['’]s|define)\s+(.+?)\s*\??$", re.IGNORECASE)


def _continues(line: str, previous: str) -> bool:
    """Whether `line` belongs to the back whose latest line is `previous`."""
    if _NUMBERED.match(line) or _LABELLED.match(line):
        return True
    return line[:1].islower() and bool(_MID_SENTENCE.search(previous.rstrip()))


def _subject(front: str) -> str:
    """The X of a question front such as 'What are X' or 'Define X'; empty otherwise."""
    match = _QUESTION.match(front)
    return match.group(1).strip() if match else ""


def _spelled_in_back(term: str, back: str) -> str:
    """The back's own spelling of a misspelt term ('Neutral Networks' -> 'Neural networks').

    Cards are written fast; when the back opens with nearly the front's words, those words
    are the name a reader will look for.
    """
    words = back.split()[: len(term.split())]
    opening = " ".join(words).strip(".,:;")
    if not opening or names.key(opening) == names.key(term):
        return ""
    close = SequenceMatcher(None, names.normalize(term), names.normalize(opening)).ratio() >= 0.9
    return opening if close else ""


def _aliases(front: str, back: str) -> tuple[str, ...]:
    found: list[str] = list(names.parse_heading(front).aliases)
    subject = _subject(front)
    if subject:
        found.append(subject)
        found.extend(names.parse_heading(subject).aliases)
    found.append(_spelled_in_back(subject or front, back))
    # 'Natural language processing (NLP) is ...' on the back of 'Natural Language Processing'.
    own = {names.key(n) for n in (front, subject, *found) if n}
    found.extend(acronym for words, acronym in spelled_acronyms(back) if names.key(words) in own)
    out: list[str] = []
    for alias in found:
        if alias and alias != front and alias not in out:
            out.append(alias)
    return tuple(out)


def _card(front: str, back: list[str], path: str, line: int) -> Entry:
    definition = "\n".join(back)
    return Entry(
        name=front,
        kind=Kind.CARD,
        aliases=_aliases(front, definition),
        definition=definition,
        sources=(SourceRef(path, line),),
    )


def parse(text: str, path: str) -> ParseResult:
    """Read a flashcards file; see the module docstring for where a back ends."""
    numbered = [
        (number, raw.strip()) for number, raw in enumerate(text.split("\n"), start=1) if raw.strip()
    ]
    cards: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    i = 1  # numbered[0] is the deck's title
    while i < len(numbered):
        front_line, front = numbered[i]
        back: list[str] = []
        if i + 1 < len(numbered):
            back.append(numbered[i + 1][1])
            i += 2
            while i < len(numbered) and _continues(numbered[i][1], back[-1]):
                back.append(numbered[i][1])
                i += 1
        else:
            i += 1
            message = f"card {front!r} has no back"
            diagnostics.append(Diagnostic(path, front_line, Level.WARNING, message))
        cards.append(_card(front, back, path, front_line))
    if numbered and not cards:
        diagnostics.append(Diagnostic(path, numbered[0][0], Level.WARNING, "no cards found"))
    return ParseResult(tuple(cards), tuple(diagnostics))


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
