"""Many workspaces: bolt's `AsyncApp` with its OAuth flow, tokens kept in glossbot's database.

`/slack/install` sends a workspace admin to Slack's authorize page (with a one-time
`state`); `/slack/oauth_redirect` exchanges Slack's code with `oauth.v2.access` and saves
the installation; from then on bolt's `authorize` finds the token of whichever workspace
a request comes from (`installation_store_bot_only`: glossbot asks for bot scopes only).
The scopes are the manifest's, so the install asks for exactly what the app declares.
bolt's authorize result cache saves an `auth.test` per request: the token is still
looked up in the store every time, so an uninstalled workspace is refused at once.
"""

from __future__ import annotations

import logging

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.installations import (
    ROTATE_MINUTES,
    STATE_SECONDS,
    BotTokens,
    StoreInstallations,
    StoreStates,
)
from adapters.slack.manifest import SCOPES
from bot.clock import Clock
from bot.store import InstallationStore

log = logging.getLogger(__name__)

NOT_INSTALLED = (
    "glossbot is not installed in this workspace (any more). "
    "A workspace admin can add it again from glossbot's install page."
)


def oauth_app(
    *,
    client: AsyncWebClient,
    client_id: str,
    client_secret: str,
    signing_secret: str,
    store: InstallationStore,
    clock: Clock,
    before_authorize: AsyncMiddleware,
    process_before_response: bool,
) -> tuple[AsyncApp, BotTokens]:
    """bolt for many workspaces, and the tokens the core's own posts use."""
    installations = StoreInstallations(store, clock)
    settings = AsyncOAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(SCOPES),
        user_scopes=[],
        installation_store=installations,
        installation_store_bot_only=True,
        token_rotation_expiration_minutes=ROTATE_MINUTES,
        state_store=StoreStates(store, clock, expiration_seconds=STATE_SECONDS),
        state_expiration_seconds=STATE_SECONDS,
        logger=log,
    )
    # The settings' own authorize, with its result cache on and rotation through `client`.
    settings.authorize = AsyncInstallationStoreAuthorize(
        logger=log,
        installation_store=installations,
        client_id=client_id,
        client_secret=client_secret,
        token_rotation_expiration_minutes=ROTATE_MINUTES,
        bot_only=True,
        cache_enabled=True,
        client=client,  # token rotation calls the configured Web API too
    )
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        oauth_settings=settings,
        before_authorize=before_authorize,
        user_facing_authorize_error_message=NOT_INSTALLED,
        process_before_response=process_before_response,
    )
    rotator = AsyncTokenRotator(client_id=client_id, client_secret=client_secret, client=client)
    return app, BotTokens(installations, rotator)
