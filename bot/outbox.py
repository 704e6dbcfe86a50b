"""What the core needs from a platform to speak unprompted: post to a channel, edit a post.

Scheduled daily questions and reveals at closing time have no interaction to answer;
each adapter implements this protocol (the console prints, Discord and Slack call their
APIs). `place` is a namespaced channel id (`discord:<guild>:<channel>`); `ref` is the
platform's message id, opaque to the core.
"""

from __future__ import annotations

from typing import Protocol

from bot.replies import Reply


class Outbox(Protocol):
    async def post(self, place: str, reply: Reply) -> str:
        """Post `reply` in `place`; return the message ref."""
        ...

    async def edit(self, place: str, ref: str, reply: Reply) -> None:
        """Replace the message `ref` in `place` with `reply`."""
        ...
