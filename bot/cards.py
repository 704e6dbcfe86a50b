"""Turning glossary entries into replies: the term card and its see-also buttons, and the
answers to a lookup or a search (pure, so the one-shot command line shares them)."""

from __future__ import annotations

from bot.actions import Action
from bot.content import Content
from bot.lookup import Ambiguous, Found, NotFound, Outcome
from bot.replies import Button, Card, Field, Reply, Style, Text, error
from bot.safety import inert
from bot.text import shorten
from knowledge import Entry, Kind, names

MAX_SEE_ALSO = 10
SEARCH_LIMIT = 8
_KIND_LABEL = {Kind.TERM: "", Kind.CARD: "flashcard", Kind.NOTE: "from the notes"}


def open_button(entry: Entry, style: Style = Style.SECONDARY) -> Button:
    return Button(entry.name, Action.of("define", entry.id), style)


def sources_text(content: Content, entry: Entry) -> str:
    lines = []
    for ref in entry.sources:
        title = content.source_title(ref.path)
        lines.append(f"{ref.path}:{ref.line}" + (f" ({title})" if title else ""))
    return "\n".join(lines)


def see_also(content: Content, entry: Entry) -> tuple[list[Entry], list[str]]:
    """Split see-also names into entries we hold and names we do not."""
    held: list[Entry] = []
    missing: list[str] = []
    for name in entry.see_also:
        hit = content.resolver.exact(name)
        if hit is not None and len(hit) == 1 and hit[0].id != entry.id:
            if hit[0] not in held:
                held.append(hit[0])
        else:
            missing.append(name)
    return held, missing


def term_card(content: Content, entry: Entry, *, private: bool = False) -> Reply:
    """A definition: name, summary, text, code, aliases, sources, links, see-also buttons."""
    held, missing = see_also(content, entry)
    fields: list[Field] = []
    aliases = [a for a in entry.aliases if names.key(a) != names.key(entry.name)]
    if aliases:
        fields.append(Field("Also called", ", ".join(aliases)))
    if missing:
        fields.append(Field("See also (not in this glossary)", ", ".join(missing)))
    fields.append(Field("Sources", sources_text(content, entry)))
    body = entry.definition
    if not body and entry.redirect:
        body = f"See {entry.redirect} (not in this glossary yet)."
    elif not body:
        held = [*content.resolver.related(entry), *held]
        body = f"This entry has no definition yet. {_what_else(entry, held, missing)}".strip()
    label = _KIND_LABEL[entry.kind]
    card = Card(
        title=entry.name,
        summary="" if body.startswith(entry.summary.rstrip("…")) else entry.summary,
        body=body,
        code=entry.code,
        fields=tuple(fields),
        links=tuple((link.label or link.url, link.url) for link in entry.links),
        footer=label,
        entry_id=entry.id if body == entry.definition else "",
    )
    buttons = tuple(open_button(e) for e in held[:MAX_SEE_ALSO])
    return Reply(
        (card,), buttons=(*buttons, *card_actions(entry, private=private)), private=private
    )


def card_actions(entry: Entry, *, private: bool) -> tuple[Button, ...]:
    """Share (a private card only: post it for the channel) and Flag (say what is wrong)."""
    flag = Button("Flag", Action.of("flag", entry.id))
    return (
        (Button("Share", Action.of("share", entry.id), Style.PRIMARY), flag) if private else (flag,)
    )


def _what_else(entry: Entry, held: list[Entry], missing: list[str]) -> str:
    """For an empty entry, name what is related right there (the buttons may be far below)."""
    if held:
        shown = ", ".join(inert(e.name) for e in held[:MAX_SEE_ALSO])
        return f"Related entries: {shown}."
    if missing or entry.links or entry.code or len(entry.names) > 1:
        return ""  # the card's fields say what is known
    return "Nothing more is known yet."


def lookup_reply(content: Content, query: str, outcome: Outcome, *, private: bool = False) -> Reply:
    """What `/define` answers: the card, did-you-mean buttons, or the closest names."""
    match outcome:
        case Found(entry=entry):
            return term_card(content, entry, private=private)
        case Ambiguous(candidates=candidates):
            body = f"“{inert(query)}” could mean several entries. Did you mean:"
            buttons = tuple(open_button(e, Style.PRIMARY) for e in candidates)
            return Reply((Text(body),), buttons=buttons, private=private)
        case NotFound(closest=closest):
            body = f"I couldn't find “{inert(query)}” in the glossary."
            if closest:
                body += " The closest names I have:"
            else:
                body += " Try `/search` with a few words from its definition."
            buttons = tuple(open_button(e) for e in closest)
            return Reply((Text(body),), buttons=buttons, private=True)
    raise AssertionError(outcome)


def search_reply(content: Content, query: str) -> Reply:
    """What `/search` answers: the best matches, ranked, each with a snippet and a button."""
    hits = content.search.search(query, limit=SEARCH_LIMIT)
    if not hits:
        return error(f"Nothing in the glossary mentions “{inert(query)}”. Try other words.")
    lines = [f"Best matches for “{inert(query)}”:"]
    for n, hit in enumerate(hits, 1):
        snippet = shorten(" ".join(hit.snippet.split()), 160)
        lines.append(f"{n}. **{hit.entry.name}**: {snippet}")
    buttons = tuple(open_button(hit.entry) for hit in hits)
    return Reply((Text("\n".join(lines)),), buttons=buttons)
