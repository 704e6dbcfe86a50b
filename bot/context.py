"""Who is asking, where, and when: what every command receives besides its arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Context:
    """Identity is namespaced: `user` is `platform:workspace:user`, `scope` is `platform:workspace`.

    `place` is the channel (or DM) the command came from, namespaced the same way, so a
    question id or a schedule never mixes two workspaces.
    """

    platform: str
    workspace: str
    user_id: str
    channel_id: str
    now: datetime
    display_name: str = ""
    is_admin: bool = False
    in_guild: bool = True

    @property
    def user(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.user_id}"

    @property
    def scope(self) -> str:
        return f"{self.platform}:{self.workspace}"

    @property
    def place(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.channel_id}"

    @property
    def name(self) -> str:
        return self.display_name or self.user_id
