"""/help: what the bot can do, generated from the command registry so it never goes stale."""

from __future__ import annotations

from bot.commands.registry import REGISTRY as registry
from bot.context import Context
from bot.replies import Reply, Text
from bot.safety import inert
from bot.services import Services


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
    lines = ["**glossbot** teaches your team its machine-learning vocabulary.", ""]
    for spec in services.commands:
        if spec.admin and not ctx.is_admin:
            continue
        lines.append(f"`{spec.usage}`: {spec.description}" + (" (admin)" if spec.admin else ""))
    lines += ["", "`/help <command>` explains one command."]
    return Reply((Text("\n".join(lines)),), private=True)
