"""The neutral reply model every command returns and every adapter renders.

Small on purpose: a term card, a text, an error, buttons. Renderers turn these into
Discord embeds and views, Slack blocks, or console text, and enforce platform limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.actions import Action


class Style(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Text:
    """Light markdown (bold, italics, code); user text inside is already made inert."""

    body: str


@dataclass(frozen=True, slots=True)
class ErrorText:
    """Something the user should fix or know failed; adapters show it privately."""

    body: str


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Card:
    """A titled block: a definition, a quiz question, a reveal, a score."""

    title: str
    body: str = ""
    summary: str = ""
    code: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    footer: str = ""
    entry_id: str = ""
    """The glossary entry whose definition `body` is (term cards only), so a renderer that
    must cut `body` can offer `more:<entry_id>:<offset>` for the rest."""


Part = Text | ErrorText | Card


@dataclass(frozen=True, slots=True)
class Button:
    """`disabled` buttons are shown but cannot be pressed (a revealed question's options)."""

    label: str
    action: Action
    style: Style = Style.SECONDARY
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class Form:
    """A request for one line of free text (a free-answer quiz question).

    Discord and Slack show it as a modal; the console reads the next typed line. The text
    goes back through `Core.submit(ctx, action, text)`.
    """

    title: str
    label: str
    action: Action
    placeholder: str = ""
    max_length: int = 200


@dataclass(frozen=True, slots=True)
class Poll:
    """A vote among a reply's buttons that a platform with native polls (Discord) may show
    as a poll instead; others show the buttons. Votes reach `suggest.poll_vote`."""

    question: str
    options: tuple[str, ...]
    hours: int
    post_id: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What a command answers.

    `private` means only the caller sees it (ephemeral); `edit_original` means it replaces
    the message whose button was clicked.
    """

    parts: tuple[Part, ...]
    buttons: tuple[Button, ...] = ()
    private: bool = False
    edit_original: bool = False
    form: Form | None = None
    track: Action | None = None
    """When set, the adapter reports the posted message back: `Core.posted(track, place, ref)`,
    so the core can later edit that message (a quiz question revealed at closing time)."""
    poll: Poll | None = None
    followup: Reply | None = None
    """Sent after this reply as a message of its own: the private "shared" notice that
    follows a card posted for the whole channel."""

    @property
    def is_error(self) -> bool:
        return any(isinstance(p, ErrorText) for p in self.parts)


@dataclass(frozen=True, slots=True)
class Choice:
    """An autocomplete suggestion."""

    label: str
    value: str


def text(body: str, *, private: bool = False) -> Reply:
    return Reply((Text(body),), private=private)


def error(body: str) -> Reply:
    return Reply((ErrorText(body),), private=True)
