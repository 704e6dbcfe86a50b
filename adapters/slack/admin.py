"""Who counts as a glossbot admin on Slack: workspace admins and owners, or configured ids.

The configured ids (`slack.admin_users`) need no API call. Anyone else is looked up
with `users.info` (scope `users:read`), and the answer is kept for `ttl` seconds, so a
burst of admin commands costs one call while a demotion still takes effect soon. A
failed lookup counts as "not an admin" and is not cached.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

TTL_SECONDS = 300.0
MAX_CACHED = 10_000


class Admins:
    """`is_admin(team, user, client)`, from the config or a cached `users.info` asked with
    the client (the token) of the user's workspace."""

    def __init__(
        self,
        admin_users: tuple[str, ...] = (),
        *,
        ttl: float = TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._configured = frozenset(admin_users)
        self._ttl = ttl
        self._monotonic = monotonic
        self._cache: dict[tuple[str, str], tuple[float, bool]] = {}

    async def is_admin(self, team_id: str, user_id: str, client: AsyncWebClient) -> bool:
        if user_id in self._configured:
            return True
        key = (team_id, user_id)
        now = self._monotonic()
        cached = self._cache.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            response = await client.users_info(user=user_id)
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
            return False
        user = response.get("user") or {}
        answer = any(bool(user.get(k)) for k in ("is_admin", "is_owner", "is_primary_owner"))
        if len(self._cache) >= MAX_CACHED:
            self._cache.clear()
        self._cache[key] = (now + self._ttl, answer)
        return answer
