"""Which of the bot's gateway shards this process runs: the `--shard-count`/`--shard-ids`
flags (or `discord.shard_count`/`discord.shard_ids`), checked, as one frozen `ShardPlan`.

Discord sends every guild's events, interactions included, to exactly one shard
(`(guild_id >> 22) % shard_count`), so a bot in many servers is split into disjoint shard
sets, one per process. Without flags the process runs them all and lets Discord choose how
many (`GET /gateway/bot`): one shard for a small bot. The plan also names the lease that
keeps a standby of the same shards waiting (`lease_name`) and says which process registers
the slash commands (`syncs_commands`): the one holding shard 0, so N processes sync once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.config import DiscordConfig
from bot.errors import UsageError

MAX_SHARDS = 65536
"""Far above any real bot (Discord asks ~1,000 guilds a shard); a typo guard, not a limit."""


@dataclass(frozen=True, slots=True)
class ShardPlan:
    count: int | None = None
    """How many shards the bot has in total; None: Discord says (`/gateway/bot`)."""
    ids: tuple[int, ...] | None = None
    """The shards this process runs; None: all of them."""

    @property
    def lease_name(self) -> str:
        """One lease per shard set: `discord:shards:4:0,1`; `discord:shards:auto:all`."""
        count = "auto" if self.count is None else str(self.count)
        return f"discord:shards:{count}:{_ids_text(self.ids)}"

    @property
    def syncs_commands(self) -> bool:
        """Whether this process registers the slash commands (the holder of shard 0)."""
        return self.ids is None or 0 in self.ids

    def describe(self) -> str:
        """For logs: "all shards", "shards 0,1 of 4"."""
        if self.count is None:
            return "all shards"
        if self.ids is None:
            return f"all {self.count} shards"
        noun = "shard" if len(self.ids) == 1 else "shards"
        return f"{noun} {_ids_text(self.ids)} of {self.count}"

    def client_options(self) -> dict[str, Any]:
        """The `discord.AutoShardedClient` keyword arguments for this plan."""
        options: dict[str, Any] = {}
        if self.count is not None:
            options["shard_count"] = self.count
        if self.ids is not None:
            options["shard_ids"] = list(self.ids)
        return options


ALL_SHARDS = ShardPlan()
"""No flags: every shard, as many as Discord advises (one for a small bot)."""
FLAGS = ("--shard-count", "--shard-ids")
KEYS = ("discord.shard_count", "discord.shard_ids")


def plan(count: int | None, ids: str | None, names: tuple[str, str] = FLAGS) -> ShardPlan:
    """The plan for `--shard-count` and `--shard-ids` ("0,1", "0-3,8"), or a `UsageError`
    saying in one line what is wrong (naming the flags, or the config keys in `names`)."""
    count_name, ids_name = names
    if count is not None and not 1 <= count <= MAX_SHARDS:
        raise UsageError(f"{count_name} must be a whole number from 1 to {MAX_SHARDS}, not {count}")
    if ids is None:
        return ShardPlan(count)
    if count is None:
        raise UsageError(f"{ids_name} needs {count_name} (the bot's total number of shards)")
    return ShardPlan(count, _parse_ids(ids, count, names))


def from_config(config: DiscordConfig) -> ShardPlan:
    """The plan in `discord.shard_count` and `discord.shard_ids` (0 and []: not set)."""
    ids = ",".join(config.shard_ids) if config.shard_ids else None
    return plan(config.shard_count or None, ids, KEYS)


def chosen(config: DiscordConfig, count: int | None, ids: str | None) -> ShardPlan:
    """The flags' plan where given, else the configuration's (flags win, as everywhere)."""
    if count is None and ids is None:
        return from_config(config)
    return plan(count, ids)


def _parse_ids(text: str, count: int, names: tuple[str, str]) -> tuple[int, ...]:
    count_name, ids_name = names
    found: set[int] = set()
    for part in text.replace(" ", "").split(","):
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise UsageError(
                f"{ids_name}: {part or '(empty)'!r} is not a shard id; "
                "give whole numbers like 0,1 or a range like 0-3"
            )
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            raise UsageError(f"{ids_name}: the range {part} goes backwards; write {last}-{first}")
        if last >= count:
            raise UsageError(
                f"{ids_name}: shard {last} does not exist with {count_name} {count} "
                f"(shard ids go from 0 to {count - 1})"
            )
        found.update(range(first, last + 1))
    return tuple(sorted(found))


def _ids_text(ids: tuple[int, ...] | None) -> str:
    return "all" if ids is None else ",".join(str(i) for i in ids)
