"""Reading Slack payloads: where an interaction came from, and the command it means.

Pure functions over the JSON Slack sends (slash commands, `block_actions`,
`view_submission`, events), so listeners stay small and these stay testable alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.commands.registry import CommandSpec, Registry
from bot.context import Context

PLATFORM = "slack"
UMBRELLA = "glossbot"
"""`/glossbot <command> ...` runs any command, for workspaces where a name is taken."""
SHH = "shh"
FORM_CALLBACK = "glossbot:form"
DEFINE_TERMS = "define_terms"
"""The callback_id of the "Define terms" message shortcut, as the manifest declares it."""

Body = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Origin:
    """Who acted, where, and what Slack gave us to answer with."""

    team_id: str
    user_id: str
    user_name: str = ""
    channel_id: str = ""
    trigger_id: str = ""
    response_url: str = ""
    message_ts: str = ""
    view_id: str = ""
    view_type: str = ""
    """`home` or `modal` when the click came from a view rather than a message."""

    @property
    def place(self) -> str:
        return f"{PLATFORM}:{self.team_id}:{self.channel_id}"

    def context(self, now: datetime, *, is_admin: bool = False) -> Context:
        return Context(
            platform=PLATFORM,
            workspace=self.team_id,
            user_id=self.user_id,
            channel_id=self.channel_id or self.user_id,
            now=now,
            display_name=self.user_name,
            is_admin=is_admin,
            # Every Slack conversation, DMs included, belongs to a workspace: the scope is
            # always known, so commands that need one work everywhere.
            in_guild=True,
        )


def from_command(body: Body) -> Origin:
    return Origin(
        team_id=str(body.get("team_id", "")),
        user_id=str(body.get("user_id", "")),
        user_name=str(body.get("user_name", "")),
        channel_id=str(body.get("channel_id", "")),
        trigger_id=str(body.get("trigger_id", "")),
        response_url=str(body.get("response_url", "")),
    )


def from_interaction(body: Body) -> Origin:
    """A `block_actions` or `view_submission` payload."""
    user = body.get("user") or {}
    container = body.get("container") or {}
    view = body.get("view") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id", "")
    metadata = _metadata(view.get("private_metadata", ""))
    return Origin(
        team_id=str((body.get("team") or {}).get("id") or user.get("team_id", "")),
        user_id=str(user.get("id", "")),
        user_name=str(user.get("username") or user.get("name", "")),
        channel_id=str(channel or metadata.get("channel", "")),
        trigger_id=str(body.get("trigger_id", "")),
        response_url=str(body.get("response_url") or _first_response_url(body)),
        message_ts=str(container.get("message_ts", "")),
        view_id=str(view.get("id", "")),
        view_type=str(view.get("type", "")) if container.get("type") == "view" else "",
    )


def from_event(body: Body) -> Origin:
    event = body.get("event") or {}
    return Origin(
        team_id=str(body.get("team_id", "")),
        user_id=str(event.get("user", "")),
        channel_id=str(event.get("channel", "")),
    )


def clicked(body: Body) -> str:
    """The action id of the button pressed."""
    actions = body.get("actions") or [{}]
    return str(actions[0].get("action_id", ""))


def form_metadata(action: str, channel_id: str) -> str:
    return json.dumps({"action": action, "channel": channel_id}, separators=(",", ":"))


def submitted(body: Body) -> tuple[str, str]:
    """The form's action id and the text typed into it, from a `view_submission`."""
    view = body.get("view") or {}
    action = str(_metadata(view.get("private_metadata", "")).get("action", ""))
    values = (view.get("state") or {}).get("values") or {}
    for block in values.values():
        for element in block.values():
            return action, str(element.get("value") or "")
    return action, ""


def _metadata(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _first_response_url(body: Body) -> str:
    urls = body.get("response_urls") or [{}]
    return str(urls[0].get("response_url", ""))


def parse_command(
    registry: Registry, command: str, text: str
) -> tuple[CommandSpec, dict[str, object]]:
    """The core command and options a slash command means, parsed once.

    `/define shh mlops` -> define with `private=True`; `/define` or `/define help` -> help
    on define; `/glossary` -> help on glossary; `/glossbot search x` -> search for x.
    Raises `UsageError` for what the registry cannot read.
    """
    name = command.strip().lstrip("/").lower()
    words = text.split()
    if name == UMBRELLA:
        if not words:
            return registry.parse(["help"])
        name, words = words[0].lstrip("/").lower(), words[1:]
    if name == "help":
        return registry.parse(["help", *words])
    if words and words[0].lower() == "help" and len(words) == 1:
        return registry.parse(["help", name])
    private = False
    spec = registry.get(name)
    if words and words[0].lower() == SHH and spec and any(p.name == "private" for p in spec.params):
        words, private = words[1:], True
    if not words and (spec is None or any(p.required for p in spec.params)):
        return registry.parse(["help", name])
    spec, kwargs = registry.parse([name, *words])
    return spec, {**kwargs, "private": True} if private else kwargs


def top_level_names(registry: Registry) -> list[str]:
    """Each command's first word, once: one Slack slash command per name."""
    names: list[str] = []
    for spec in registry:
        head = spec.name.split(" ", 1)[0]
        if head not in names:
            names.append(head)
    return names
