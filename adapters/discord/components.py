"""The message components glossbot sends: action buttons that survive restarts, and the modal.

Every button is one `ActionButton`, a `ui.DynamicItem` whose `custom_id` is the core's
action id (`define:<entry>`, `answer:<question>:<choice>`, `free:<question>`, ...): the
client registers the class once in `setup_hook`, so a click on any message ever posted is
handled, by any process, after any restart. A modal's `custom_id` is likewise the form's
action id, and its submission is read back statelessly (`submitted_text`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import discord
from discord import ui

from bot.actions import PATTERN
from bot.replies import Form
from bot.text import shorten

TEXT_INPUT_ID = "text"
MODAL_TITLE = 45
INPUT_LABEL = 45
INPUT_PLACEHOLDER = 100
INPUT_MAX = 4000


@runtime_checkable
class Handler(Protocol):
    """What the client offers its components: it owns the core, they only carry ids."""

    async def handle_click(self, interaction: discord.Interaction[Any], action_id: str) -> None:
        """A glossbot button was pressed."""
        ...

    async def handle_failure(self, interaction: discord.Interaction[Any], error: Exception) -> None:
        """Something raised while answering: log it and tell the user kindly."""
        ...


class ActionButton(ui.DynamicItem[ui.Button[ui.View]], template=PATTERN):
    """A button whose whole meaning is its action id, rebuilt from the message on each click."""

    def __init__(
        self,
        action_id: str,
        *,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        disabled: bool = False,
        row: int | None = None,
    ) -> None:
        button: ui.Button[ui.View] = ui.Button(
            label=label, style=style, custom_id=action_id, disabled=disabled
        )
        super().__init__(button, row=row)
        self.action_id = action_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionButton:
        # Runs inside the 3 s window: a pure parse, no I/O.
        label = item.label if isinstance(item, ui.Button) and item.label else "…"
        return cls(match.group(0), label=label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # discord.py only logs what a dynamic item raises, so failures are answered here.
        client = interaction.client
        if not isinstance(client, Handler):
            return
        try:
            await client.handle_click(interaction, self.action_id)
        except Exception as exc:
            await client.handle_failure(interaction, exc)


class ActionView(ui.View):
    """The view every reply's buttons go in: never times out; errors reach the handler."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: ui.Item[Any], /
    ) -> None:
        client = interaction.client
        if isinstance(client, Handler):
            await client.handle_failure(interaction, error)
        else:  # pragma: no cover - only glossbot's client sends these views
            await super().on_error(interaction, error, item)


class AnswerModal(ui.Modal):
    """A core `Form` as a modal with one text input; its custom_id is the form's action id."""

    def __init__(self, form: Form) -> None:
        super().__init__(
            title=shorten(form.title, MODAL_TITLE) or "Answer",
            custom_id=form.action.encode(),
            timeout=None,
        )
        self.text: ui.TextInput[AnswerModal] = ui.TextInput(
            custom_id=TEXT_INPUT_ID,
            placeholder=shorten(form.placeholder, INPUT_PLACEHOLDER) or None,
            max_length=max(1, min(form.max_length, INPUT_MAX)),
            required=True,
        )
        self.add_item(
            ui.Label(text=shorten(form.label, INPUT_LABEL) or "Answer", component=self.text)
        )


def submitted_text(data: Mapping[str, Any]) -> str:
    """The text typed into a submitted glossbot modal (raw `MODAL_SUBMIT` interaction data)."""
    stack: list[Any] = list(data.get("components", []))
    while stack:
        component = stack.pop(0)
        if not isinstance(component, Mapping):
            continue
        if component.get("custom_id") == TEXT_INPUT_ID and "value" in component:
            return str(component["value"])
        stack.extend(component.get("components", []))  # action row (type 1)
        if "component" in component:  # label (type 18)
            stack.append(component["component"])
    return ""
