"""Every command the bot answers, registered in one `REGISTRY` by the modules below."""

from bot.commands import glossary, help
from bot.commands.registry import REGISTRY, CommandSpec, Param, Registry

__all__ = ["REGISTRY", "CommandSpec", "Param", "Registry", "glossary", "help"]
