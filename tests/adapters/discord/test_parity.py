"""Every core command has a Discord command with the same options, and nothing more.

When a command is added to the core registry, this is the test that says which Discord
definition is missing from adapters/discord/commands.py.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.enums import AppCommandOptionType

from adapters.discord.commands import install
from bot.commands import REGISTRY, Channel, CommandSpec, User
from bot.text import shorten

OPTION_TYPES = {
    str: AppCommandOptionType.string,
    int: AppCommandOptionType.integer,
    bool: AppCommandOptionType.boolean,
    Channel: AppCommandOptionType.channel,
    User: AppCommandOptionType.user,
}


def tree() -> app_commands.CommandTree[discord.Client]:
    built: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    install(built)
    return built


def leaves(built: app_commands.CommandTree[Any]) -> dict[str, app_commands.Command[Any, ..., Any]]:
    return {
        c.qualified_name: c for c in built.walk_commands() if isinstance(c, app_commands.Command)
    }


def test_every_core_command_has_a_discord_command_with_the_same_options() -> None:
    commands = leaves(tree())
    for spec in REGISTRY:
        command = commands.get(spec.name)
        assert command is not None, (
            f"/{spec.name} has no Discord command in adapters/discord/commands.py"
        )
        assert command.description == shorten(spec.description, 100)
        got = [
            (p.name, p.type, p.required, [c.value for c in p.choices]) for p in command.parameters
        ]
        want = [(p.name, OPTION_TYPES[p.kind], p.required, list(p.choices)) for p in spec.params]
        assert got == want, f"/{spec.name}"
        for param in spec.params:
            if param.description:
                [same] = [p for p in command.parameters if p.name == param.name]
                assert same.description == shorten(param.description, 100)


def test_every_discord_command_runs_a_core_command() -> None:
    assert set(leaves(tree())) == {spec.name for spec in REGISTRY}


def test_admin_groups_are_hidden_from_members_by_default_and_only_hold_admin_commands() -> None:
    specs: dict[str, CommandSpec] = {spec.name: spec for spec in REGISTRY}
    for command in tree().get_commands(type=discord.AppCommandType.chat_input):
        if isinstance(command, app_commands.Group):
            admin = all(specs[f"{command.name} {c.name}"].admin for c in command.commands)
            hidden = command.default_permissions == discord.Permissions(manage_guild=True)
            assert admin == hidden, command.name
        else:
            assert not specs[command.name].admin, command.name


def test_only_define_autocompletes_and_it_works_in_dms() -> None:
    built = tree()
    payloads = {
        c.name: c.to_dict(built) for c in built.get_commands(type=discord.AppCommandType.chat_input)
    }
    term = payloads["define"]["options"][0]
    assert term["name"] == "term" and term["autocomplete"] is True
    assert payloads["define"]["dm_permission"] is True
    channel = payloads["quizadmin"]["options"][0]["options"][0]
    assert channel["type"] == 7 and channel["channel_types"] == [0, 5]
