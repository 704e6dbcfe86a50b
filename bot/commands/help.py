"""/help: what the bot can do, generated from the command registry so it never goes stale."""

from __future__ import annotations

from bot.commands.registry import REGISTRY as registry
from bot.commands.registry import CommandSpec
from bot.context import Context
from bot.replies import Reply, Text
from bot.safety import inert
from bot.services import Services

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Look things up", ("define", "search", "terms", "random")),
    ("Play", ("quiz", "practice", "score", "leaderboard")),
)
"""How `/help` groups the commands: a command not named here is listed under "More",
and admin commands under "Admin" (for admins only)."""


@registry.command("help", describe={"command": "A command to explain, e.g. define"})
async def help_command(services: Services, ctx: Context, command: str = "") -> Reply:
    """List the commands, or explain one."""
    if command:
        name = command.strip().removeprefix("/").lower()
        spec = services.commands.get(name)
        if spec is None:
            group = services.commands.groups().get(name, [])
            if not group:
                return Reply((Text(f"No command `/{inert(name)}`. Try `/help`."),), private=True)
            lines = [f"`{s.usage}`: {s.description}" for s in group]
            return Reply((Text("\n".join(lines)),), private=True)
        lines = [f"`{spec.usage}`", spec.description]
        lines += [f"- {p.name}: {p.description}" for p in spec.params if p.description]
        if spec.admin:
            lines.append("Admins only.")
        return Reply((Text("\n".join(lines)),), private=True)
    lines = ["**glossbot** teaches your team its machine-learning vocabulary."]
    grouped = {name for _, names in GROUPS for name in names}
    for title, names in GROUPS:
        lines += _section(title, [s for s in services.commands if s.name in names and not s.admin])
    lines += _section(
        "More", [s for s in services.commands if s.name not in grouped and not s.admin]
    )
    if ctx.is_admin:
        lines += _section("Admin", [s for s in services.commands if s.admin])
    lines += ["", "`/help <command>` explains one command."]
    return Reply((Text("\n".join(lines)),), private=True)


def _section(title: str, specs: list[CommandSpec]) -> list[str]:
    if not specs:
        return []
    return ["", f"**{title}**", *(f"`{s.usage}`: {s.description}" for s in specs)]
