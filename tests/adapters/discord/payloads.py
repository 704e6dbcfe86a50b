"""Raw Discord payloads for the tests: who (people), where (ids), and reading messages back.

`interaction(...)` builds an INTERACTION_CREATE as the gateway delivers it; messages are
the dicts `FakeDiscord` keeps, read with `message_text`, `buttons` and `button`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from tests.adapters.discord.fake_discord import APP_ID

GUILD_ID = 910000000000000001
CHANNEL_ID = 920000000000000001
QUIZ_CHANNEL_ID = 920000000000000002
DM_CHANNEL_ID = 930000000000000001
ADMIN_ROLE_ID = 940000000000000001
SEES_AND_POSTS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True).value


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    permissions: int = 0
    roles: tuple[int, ...] = ()

    def user(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name.title(),
            "discriminator": "0",
            "avatar": None,
        }

    def member(self) -> dict[str, Any]:
        return {
            "user": self.user(),
            "roles": [str(r) for r in self.roles],
            "nick": None,
            "permissions": str(self.permissions),
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }


ALICE = Person(950000000000000001, "alice")
BOB = Person(950000000000000002, "bob")
CAROL = Person(950000000000000003, "carol")
OWNER = Person(950000000000000004, "owner", discord.Permissions(manage_guild=True).value)
QUIZMASTER = Person(950000000000000005, "quizmaster", roles=(ADMIN_ROLE_ID,))


def message_text(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(p for p in parts if p)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("components", []) for b in row.get("components", [])]


def button(message: dict[str, Any], label: str = "", *, prefix: str = "") -> dict[str, Any]:
    for found in buttons(message):
        if (label and found.get("label") == label) or (
            prefix and found["custom_id"].startswith(prefix)
        ):
            return found
    raise AssertionError(
        f"no button {label or prefix!r} in {[b.get('label') for b in buttons(message)]}"
    )


def interaction(
    interaction_id: int,
    kind: int,
    data: dict[str, Any],
    *,
    by: Person = ALICE,
    where: int = CHANNEL_ID,
    dm: bool = False,
    app_permissions: int = SEES_AND_POSTS,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload as the gateway delivers it (2 command, 3 click, ...)."""
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"token-{interaction_id}",
        "version": 1,
        "attachment_size_limit": 26214400,
        "locale": "en-US",
        "app_permissions": str(app_permissions),
        "data": data,
        "entitlements": [],
    }
    if dm:
        return payload | {
            "user": by.user(),
            "context": 1,
            "channel_id": str(DM_CHANNEL_ID),
            "channel": {"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [by.user()]},
        }
    return payload | {
        "guild_id": str(GUILD_ID),
        "guild_locale": "en-US",
        "member": by.member(),
        "guild": {"id": str(GUILD_ID), "locale": "en-US", "features": []},
        "context": 0,
        "channel_id": str(where),
        "channel": channel_payload(where, "general"),
    }


def channel_payload(channel_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "permissions": "19456",
    }


def option_payload(
    command: discord.app_commands.Command[Any, ..., Any],
    name: str,
    value: Any,
    resolved: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    [param] = [p for p in command.parameters if p.name == name]
    if isinstance(value, Person):
        resolved.setdefault("users", {})[str(value.id)] = value.user()
        member = {k: v for k, v in value.member().items() if k != "user"}
        resolved.setdefault("members", {})[str(value.id)] = member
        value = str(value.id)
    elif param.type is discord.AppCommandOptionType.channel:
        resolved.setdefault("channels", {})[str(value)] = channel_payload(int(value), "quiz")
        value = str(value)
    return {"type": param.type.value, "name": name, "value": value}


def filled(component: dict[str, Any], text: str) -> dict[str, Any]:
    """A modal component as submitted: text inputs carry the typed value."""
    if component.get("type") == 4:
        return {"type": 4, "custom_id": component["custom_id"], "value": text}
    if "component" in component:
        return {"type": component["type"], "component": filled(component["component"], text)}
    return {
        "type": component["type"],
        "components": [filled(c, text) for c in component.get("components", [])],
    }
