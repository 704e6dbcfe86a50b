"""The Discord adapter: slash commands, buttons and modals on discord.py, rendering the core.

Modules: `client` (the discord.py client), `commands` (the slash commands), `respond`
(answering one interaction), `components` (buttons and the modal), `render` (pure
rendering), `outbox` (posts the core makes on its own), `shards` (which shards a process
runs), `standby` (the lease that keeps one process per shard set connected), `sync`
(registering the slash commands), `main` (`glossbot discord`).
"""

from adapters.discord.client import GlossbotClient
from adapters.discord.outbox import DiscordOutbox

__all__ = ["DiscordOutbox", "GlossbotClient"]
