"""Many workspaces: slack-sdk's installation and OAuth state stores on glossbot's own database.

bolt's OAuth flow (`/slack/install`, `/slack/oauth_redirect`) saves each workspace's
installation through `StoreInstallations`, and its `authorize` finds the bot token of the
workspace a request comes from; `StoreStates` issues and consumes the flow's one-time
`state`. Both sit on the neutral `InstallationStore` of SQLite or PostgreSQL, so every
worker behind one app shares them. A record is slack-sdk's own `to_dict_for_copying()`,
datetimes as ISO text, filed under the workspace (its bot) and under the installing user.

`bot_token` gives the core's unprompted posts (daily questions, reveals) the token of the
workspace they go to, rotating it first when token rotation is on, as bolt's `authorize`
does for requests.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from adapters.slack.payloads import PLATFORM
from bot.clock import Clock
from bot.errors import GlossbotError
from bot.store import InstallationStore, InstallKey

log = logging.getLogger(__name__)

STATE_SECONDS = 600
"""How long an install link stays valid (bolt's default)."""
ROTATE_MINUTES = 120
"""Refresh a rotating token this long before it expires (bolt's default)."""


class NotInstalled(GlossbotError):
    """glossbot has no token for a workspace (never installed, or uninstalled)."""


def _record(data: dict[str, Any]) -> dict[str, Any]:
    """slack-sdk's dict, JSON-ready: its constructors read ISO datetimes back."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


def _key(
    enterprise_id: str | None, team_id: str | None, user: str = "", *, org: bool
) -> InstallKey:
    # An org-wide install belongs to the enterprise, whichever workspace asks (as in
    # slack-sdk's own stores).
    return InstallKey(PLATFORM, "" if org else team_id or "", enterprise_id or "", user)


class StoreInstallations(AsyncInstallationStore):
    """slack-sdk's `AsyncInstallationStore` on glossbot's `InstallationStore`."""

    def __init__(self, store: InstallationStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        org = installation.is_enterprise_install
        if installation.bot_token:
            await self.async_save_bot(installation.to_bot())
        key = _key(installation.enterprise_id, installation.team_id, installation.user_id, org=org)
        data = _record(installation.to_dict_for_copying())
        await self._store.save_installation(key, data, self._clock.now())

    async def async_save_bot(self, bot: Bot) -> None:
        key = _key(bot.enterprise_id, bot.team_id, org=bot.is_enterprise_install)
        await self._store.save_installation(
            key, _record(bot.to_dict_for_copying()), self._clock.now()
        )

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        key = _key(enterprise_id, team_id, org=bool(is_enterprise_install))
        data = await self._store.find_installation(
            PLATFORM, key.team, enterprise=enterprise_id, user=""
        )
        return None if data is None else Bot(**data)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        key = _key(enterprise_id, team_id, org=bool(is_enterprise_install))
        data = await self._store.find_installation(
            PLATFORM, key.team, enterprise=enterprise_id, user=user_id
        )
        if data is None:
            return None
        installation = Installation(**data)
        bot = await self.async_find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if bot is not None:  # the installer's record keeps the token of its day
            installation.bot_token, installation.bot_id = bot.bot_token, bot.bot_id
            installation.bot_user_id, installation.bot_scopes = bot.bot_user_id, bot.bot_scopes
            installation.bot_refresh_token = bot.bot_refresh_token
            installation.bot_token_expires_at = bot.bot_token_expires_at
        return installation

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._store.delete_installations(
            PLATFORM, team_id or "", enterprise=enterprise_id, user=""
        )

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """One user's record; with no user, the whole workspace's (bolt asks that only
        from `async_delete_all`, on uninstall)."""
        await self._store.delete_installations(
            PLATFORM, team_id or "", enterprise=enterprise_id, user=user_id
        )

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._store.delete_installations(PLATFORM, team_id or "", enterprise=enterprise_id)


class StoreStates(AsyncOAuthStateStore):
    """slack-sdk's `AsyncOAuthStateStore`: each install link's state works once, for ten
    minutes, on any worker."""

    def __init__(
        self, store: InstallationStore, clock: Clock, *, expiration_seconds: int = STATE_SECONDS
    ) -> None:
        self._store = store
        self._clock = clock
        self._ttl = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await self._store.issue_state(state, self._clock.now(), self._ttl)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self._store.consume_state(state, self._clock.now())


class BotTokens:
    """The bot token of a workspace, for posts no request carries a token for."""

    def __init__(
        self, installations: StoreInstallations, rotator: AsyncTokenRotator | None = None
    ) -> None:
        self._installations = installations
        self._rotator = rotator

    async def bot_token(self, team_id: str) -> str:
        bot = await self._installations.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise NotInstalled(f"glossbot is not installed in Slack workspace {team_id}")
        if bot.bot_refresh_token and self._rotator is not None:
            rotated = await self._rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=ROTATE_MINUTES
            )
            if rotated is not None:
                await self._installations.async_save_bot(rotated)
                bot = rotated
        return bot.bot_token
