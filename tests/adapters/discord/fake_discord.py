"""Discord's HTTP API as the bot sees it, answered and recorded at discord.py's own seams.

Two seams carry every byte discord.py would send: `HTTPClient.request` (REST: login, channel
posts and edits, command sync) and the webhook adapter in the `async_context` ContextVar
(interaction callbacks, follow-ups, edits of the original response). `FakeDiscord` answers
both like Discord does, keeps the messages it "created", and follows Discord's rule that
the first follow-up after a deferral replaces the "thinking…" message and keeps its
visibility.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import discord
from discord.webhook.async_ import AsyncWebhookAdapter

APP_ID = 900000000000000001
BOT_USER = {
    "id": str(APP_ID),
    "username": "glossbot",
    "global_name": None,
    "discriminator": "0",
    "avatar": None,
    "bot": True,
}
APPLICATION = {
    "id": str(APP_ID),
    "name": "glossbot",
    "description": "",
    "icon": None,
    "bot_public": True,
    "bot_require_code_grant": False,
    "owner": {**BOT_USER, "id": "900000000000000099", "username": "owner", "bot": False},
    "verify_key": "0" * 64,
    "flags": 0,
}
EPHEMERAL = 64


@dataclass(frozen=True, slots=True)
class Call:
    via: str  # "rest" or "webhook"
    method: str
    path: str
    json: Any
    token: str = ""
    message_id: int | None = None

    @property
    def callback_type(self) -> int | None:
        if self.path.endswith("/callback") and isinstance(self.json, dict):
            return int(self.json["type"])
        return None

    @property
    def message_data(self) -> dict[str, Any] | None:
        """The message fields this call sent, if it sent any."""
        if not isinstance(self.json, dict):
            return None
        if self.callback_type is not None:
            data = self.json.get("data")
            return data if self.callback_type in (4, 7) and isinstance(data, dict) else None
        sends = self.method in ("POST", "PATCH")
        return (
            self.json if sends and ("/messages" in self.path or "/webhooks/" in self.path) else None
        )


@dataclass
class FakeDiscord:
    calls: list[Call] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    failures: list[tuple[re.Pattern[str], int]] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)
    """Channels the bot's role cannot view: every channel API call there is 403 Missing Access
    (interaction callbacks and webhooks still work, as on Discord)."""
    registered: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """The commands synced, per path (global, or one guild's), as GET returns them."""
    gateway: str = "wss://gateway.discord.gg"
    shards: int = 1
    """What `GET /gateway/bot` says: where to connect, and how many shards Discord advises."""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(960000000000000001))
    _original: dict[str, int] = field(default_factory=dict)
    _deferred: dict[str, int] = field(default_factory=dict)
    _component: dict[str, int] = field(default_factory=dict)
    _channel: dict[str, int] = field(default_factory=dict)
    _news: asyncio.Event | None = None

    def webhook_adapter(self) -> AsyncWebhookAdapter:
        fake = self

        class Adapter(AsyncWebhookAdapter):
            async def request(self, route: Any, session: Any, **kwargs: Any) -> Any:
                return await fake.answer("webhook", route.method, route.url, kwargs.get("payload"))

        return Adapter()

    async def rest(self, route: Any, **kwargs: Any) -> Any:
        """Stands in for `discord.http.HTTPClient.request`."""
        return await self.answer("rest", route.method, route.url, kwargs.get("json"))

    def every_client(self) -> Callable[..., Awaitable[Any]]:
        """`discord.http.HTTPClient.request` for every client, made where a test cannot
        reach it (inside `serve`, in a child process): set it on the class."""
        fake = self

        async def request(http: discord.http.HTTPClient, route: Any, **kwargs: Any) -> Any:
            return await fake.rest(route, **kwargs)

        return request

    def fail_next(self, path: str, status: int = 400) -> None:
        """Make the next request whose path matches `path` (a regex) fail with `status`."""
        self.failures.append((re.compile(path), status))

    def expect(self, token: str, channel_id: int, message_id: int | None = None) -> None:
        """Interaction `token` comes from `channel_id` (and, for a click, that message)."""
        self._channel[token] = channel_id
        if message_id is not None:
            self._component[token] = message_id

    async def called(self, predicate: Callable[[Call], bool]) -> Call:
        """Wait for a call matching `predicate` (for code running on its own, like `serve`)."""
        while True:
            if found := next((c for c in self.calls if predicate(c)), None):
                return found
            self._news = asyncio.Event()
            await self._news.wait()

    def channel_calls(self) -> list[Call]:
        return [c for c in self.calls if c.via == "rest" and c.path.startswith("/channels/")]

    async def answer(self, via: str, method: str, url: str, json: Any) -> Any:
        path = urlsplit(url).path.removeprefix("/api/v10")
        token = _token(path)
        for i, (pattern, status) in enumerate(self.failures):
            if pattern.search(path):
                del self.failures[i]
                self.calls.append(Call(via, method, path, json, token))
                response = SimpleNamespace(status=status, reason="Bad Request")
                raise discord.HTTPException(
                    response, {"code": 50035, "message": "Invalid Form Body"}
                )  # type: ignore[arg-type]
        parts = path.split("/")
        if via == "rest" and parts[1] == "channels" and int(parts[2]) in self.hidden:
            self.calls.append(Call(via, method, path, json, token))
            response = SimpleNamespace(status=403, reason="Forbidden")
            raise discord.Forbidden(response, {"code": 50001, "message": "Missing Access"})  # type: ignore[arg-type]
        result, message_id = self._route(method, path, token, json)
        self.calls.append(Call(via, method, path, json, token, message_id))
        if self._news is not None:
            self._news.set()
        return result

    def _route(self, method: str, path: str, token: str, json: Any) -> tuple[Any, int | None]:
        match method, path.split("/")[1:]:
            case "GET", ["users", "@me"]:
                return BOT_USER, None
            case "GET", ["oauth2", "applications", "@me"]:
                return APPLICATION, None
            case "GET", ["gateway", "bot"]:
                limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
                return {
                    "url": self.gateway,
                    "shards": self.shards,
                    "session_start_limit": limit,
                }, None
            case "GET", ["applications", _, "commands"]:
                return self.registered.get(path, []), None
            case "PUT", ["applications", _, "commands"] | [
                "applications",
                _,
                "guilds",
                _,
                "commands",
            ]:
                # Discord answers every command with a description ("" for message commands),
                # and leaves out what is unset or default (as `required: false`).
                self.registered[path] = [
                    {"description": ""}
                    | _as_discord_says(c)
                    | {"id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1"}
                    for c in json
                ]
                return self.registered[path], None
            case "POST", ["channels", channel, "messages"]:
                message = self._new(int(channel), json)
                return message, int(message["id"])
            case "PATCH", ["channels", _, "messages", ref]:
                return self._edit(int(ref), json), int(ref)
            case "POST", ["interactions", interaction_id, _, "callback"]:
                return self._callback(int(interaction_id), token, json)
            case "POST", ["webhooks", _, _]:
                return self._followup(token, json)
            case "PATCH", ["webhooks", _, _, "messages", "@original"]:
                ref = self._component.get(token) or self._original[token]
                return self._edit(ref, json), ref
            case "PATCH", ["webhooks", _, _, "messages", ref]:
                return self._edit(int(ref), json), int(ref)
            case "DELETE", ["webhooks", _, _, "messages", "@original"]:
                self._deferred.pop(token, None)
                self.messages.pop(self._original.pop(token, 0), None)
                return None, None
        raise AssertionError(f"unexpected Discord call: {method} {path}")

    def _callback(
        self, interaction_id: int, token: str, json: dict[str, Any]
    ) -> tuple[Any, int | None]:
        kind = json["type"]
        data = json.get("data") or {}
        answer: dict[str, Any] = {"id": str(interaction_id), "type": 2}
        channel = self._channel.get(token, 0)
        if kind == 4:
            message = self._new(channel, data)
            self._original[token] = int(message["id"])
            answer |= {
                "response_message_id": message["id"],
                "response_message_ephemeral": _ephemeral(data),
            }
            return {"interaction": answer, "resource": {"type": 4, "message": message}}, int(
                message["id"]
            )
        if kind == 5:
            message = self._new(channel, {"content": "", "flags": data.get("flags", 0)})
            self._original[token] = int(message["id"])
            self._deferred[token] = data.get("flags", 0)
            answer |= {"response_message_id": message["id"], "response_message_loading": True}
            return {"interaction": answer}, int(message["id"])
        if kind == 7:
            ref = self._component[token]
            return {
                "interaction": answer,
                "resource": {"type": 7, "message": self._edit(ref, data)},
            }, ref
        return {"interaction": answer}, None  # 6 deferred update, 8 autocomplete, 9 modal

    def _followup(self, token: str, json: dict[str, Any]) -> tuple[Any, int]:
        if token in self._deferred:  # replaces "thinking…", with the deferral's visibility
            flags = self._deferred.pop(token)
            ref = self._original[token]
            message = self._edit(ref, {**json, "flags": flags})
            return message, ref
        message = self._new(self._channel.get(token, 0), json)
        return message, int(message["id"])

    def _new(self, channel: int, data: dict[str, Any]) -> dict[str, Any]:
        message_id = next(self._ids)
        message = {
            "id": str(message_id),
            "channel_id": str(channel),
            "type": 0,
            "content": data.get("content") or "",
            "embeds": data.get("embeds") or [],
            "components": data.get("components") or [],
            "flags": data.get("flags") or 0,
            "author": BOT_USER,
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2026-03-02T09:00:00+00:00",
            "edited_timestamp": None,
        }
        self.messages[message_id] = message
        return message

    def _edit(self, message_id: int, data: dict[str, Any]) -> dict[str, Any]:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components", "flags"):
            if key in data:
                message[key] = (
                    data[key] if data[key] is not None else ([] if key != "content" else "")
                )
        message["edited_timestamp"] = "2026-03-02T09:00:01+00:00"
        return message


def _as_discord_says(command: dict[str, Any]) -> dict[str, Any]:
    """A command as Discord shows it back: no `required: false`, no empty option lists."""
    kept = {k: v for k, v in command.items() if v not in (False, [], None) or k == "nsfw"}
    if "options" in kept:
        kept["options"] = [_as_discord_says(o) for o in kept["options"]]
    if kept.get("default_member_permissions") is not None:
        kept["default_member_permissions"] = str(kept["default_member_permissions"])
    return kept


def _token(path: str) -> str:
    parts = path.split("/")
    if len(parts) > 3 and parts[1] in ("interactions", "webhooks"):
        return parts[3]
    return ""


def _ephemeral(data: dict[str, Any]) -> bool:
    return bool((data.get("flags") or 0) & EPHEMERAL)
