"""Every command the bot answers, registered in one `REGISTRY` by the modules below."""

from bot.commands import (
    admin,
    feedback,
    glossary,
    help,
    home,
    quiz,
    scores,
    suggest,
    terms,
)
from bot.commands.registry import REGISTRY, Channel, CommandSpec, Param, Registry, User

__all__ = [
    "REGISTRY",
    "Channel",
    "CommandSpec",
    "Param",
    "Registry",
    "User",
    "admin",
    "feedback",
    "glossary",
    "help",
    "home",
    "quiz",
    "scores",
    "suggest",
    "terms",
]
