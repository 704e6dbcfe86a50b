"""Typed command definitions, discord.py style: the function signature is the option list.

`@registry.command("define", describe={"term": "..."})` on
`async def define(services, ctx, term: str, private: bool = False) -> Reply` records a
`CommandSpec`; Discord builds native slash commands from the specs, Slack reads a
command's words with `parse`, and the console a typed line with `parse_line`. Specs live
in the registry, not in function attributes, so nothing has to agree on hidden names.
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from bot.errors import UsageError
from bot.safety import inert

Handler = Callable[..., Awaitable[Any]]


class Channel(str):
    """An option naming a channel by its platform id: a channel picker on Discord, `#name`
    or `<#C123|name>` in text. The core namespaces it with the caller's workspace.

    `linked` is False for a plain typed name (`general`, `#general`): the console's channels
    are names, but on Slack a name that Slack did not turn into a link is not a channel.
    """

    linked: bool = True

    @classmethod
    def named(cls, name: str) -> Channel:
        channel = cls(name)
        channel.linked = False
        return channel


class User(str):
    """An option naming a user by platform id: a user picker on Discord, `<@U123>` in Slack
    text, a plain name in the console."""


OPTION_TYPES: tuple[type, ...] = (str, int, bool, Channel, User)
_EMPTY = inspect.Parameter.empty


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: type
    required: bool
    default: object = None
    description: str = ""
    choices: tuple[str, ...] = ()

    @property
    def usage(self) -> str:
        shown = "|".join(self.choices) if self.choices else self.name
        if self.kind is bool:
            return f"[{self.name}]"
        return f"<{shown}>" if self.required else f"[{shown}]"


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    description: str
    params: tuple[Param, ...]
    handler: Handler
    admin: bool = False
    guild_only: bool = False

    @property
    def usage(self) -> str:
        return " ".join([f"/{self.name}", *(p.usage for p in self.params)])


class Registry:
    """Commands by name (`"glossary reload"`) and button handlers by verb."""

    def __init__(self) -> None:
        self._commands: dict[str, CommandSpec] = {}
        self._actions: dict[str, Handler] = {}
        self._posted: dict[str, Handler] = {}
        self._unposted: dict[str, Handler] = {}

    def command(
        self,
        name: str,
        *,
        admin: bool = False,
        guild_only: bool = False,
        describe: dict[str, str] | None = None,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            doc = inspect.getdoc(handler) or name
            spec = CommandSpec(
                name=name,
                description=doc.splitlines()[0],
                params=_params(handler, describe or {}),
                handler=handler,
                admin=admin,
                guild_only=guild_only,
            )
            self._commands[name] = spec
            return handler

        return register

    def action(self, verb: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._actions[verb] = handler
            return handler

        return register

    def posted(self, verb: str) -> Callable[[Handler], Handler]:
        """Register what to do when a tracked reply (`Reply.track`) has been posted."""

        def register(handler: Handler) -> Handler:
            self._posted[verb] = handler
            return handler

        return register

    def posted_handler(self, verb: str) -> Handler | None:
        return self._posted.get(verb)

    def unposted(self, verb: str) -> Callable[[Handler], Handler]:
        """Register what to do when a tracked reply could not be posted at all."""

        def register(handler: Handler) -> Handler:
            self._unposted[verb] = handler
            return handler

        return register

    def unposted_handler(self, verb: str) -> Handler | None:
        return self._unposted.get(verb)

    def get(self, name: str) -> CommandSpec | None:
        return self._commands.get(name)

    def action_handler(self, verb: str) -> Handler | None:
        return self._actions.get(verb)

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self._commands.values())

    def groups(self) -> dict[str, list[CommandSpec]]:
        """Multi-word commands by their first word: 'glossary' -> reload, status."""
        out: dict[str, list[CommandSpec]] = {}
        for spec in self:
            if " " in spec.name:
                out.setdefault(spec.name.split(" ", 1)[0], []).append(spec)
        return out

    def parse_line(self, line: str) -> tuple[CommandSpec, dict[str, object]]:
        """'/define what is mlops' -> (define spec, {'term': 'what is mlops'})."""
        return self.parse(line.strip().removeprefix("/").split())

    def parse(self, words: list[str]) -> tuple[CommandSpec, dict[str, object]]:
        """['glossary', 'reload'] -> (glossary reload spec, {}): a command and its options."""
        if not words:
            raise UsageError("Type a command, like `/define mlops`, or `/help`.")
        head = words[0].lower()
        two = f"{head} {words[1].lower()}" if len(words) > 1 else ""
        spec = self._commands.get(two) or self._commands.get(head)
        if spec is None:
            group = self.groups().get(head)
            if group:
                options = ", ".join(f"`/{s.name}`" for s in group)
                if len(words) > 1:
                    unknown = inert(words[1])
                    raise UsageError(f"Unknown subcommand “{unknown}” of `/{head}`: use {options}.")
                raise UsageError(f"`/{head}` needs a subcommand: {options}.")
            close = difflib.get_close_matches(head, {n.split()[0] for n in self._commands}, n=1)
            hint = (
                f"Did you mean `/{close[0]}`?" if close else "Try `/help` for the list of commands."
            )
            raise UsageError(f"I don't know `/{inert(head)}`. {hint}")
        rest = words[len(spec.name.split()) :]
        return spec, bind(spec, rest)


def bind(spec: CommandSpec, words: list[str]) -> dict[str, object]:
    """Assign typed words to parameters in order; a final text parameter takes the rest.

    A flag (`bool`) is set by its own name at the end (`/define mlops private`); an
    optional choice parameter is skipped when the word is not one of its choices.
    """
    values: dict[str, object] = {}
    flags = {p.name for p in spec.params if p.kind is bool}
    words = list(words)
    while len(words) > 1 and words[-1].lower() in flags:
        values[words.pop().lower()] = True
    positional = [p for p in spec.params if p.kind is not bool]
    for i, param in enumerate(positional):
        if not words:
            if param.required:
                raise UsageError(f"Missing <{param.name}>. Usage: `{spec.usage}`")
            continue
        if param.choices:
            word = words[0].lower()
            if word in param.choices:
                values[param.name] = words.pop(0).lower()
            elif param.required or not any(_accepts(p, word) for p in positional[i + 1 :]):
                # Skip an optional choice only when a later option can take the word.
                options = ", ".join(param.choices)
                raise UsageError(f"<{param.name}> must be one of {options}. Usage: `{spec.usage}`")
        elif param.kind is str and i == len(positional) - 1:
            values[param.name], words = " ".join(words), []
        else:
            values[param.name] = _convert(param, words.pop(0), spec)
    if words:
        raise UsageError(f"Too many words: {' '.join(words)!r}. Usage: `{spec.usage}`")
    return values


def _accepts(param: Param, word: str) -> bool:
    if param.choices:
        return word in param.choices
    return word.isdigit() if param.kind is int else True


_MENTION = re.compile(r"^<[@#!]?([A-Za-z0-9]+)(?:\|[^>]*)?>$")


def _convert(param: Param, word: str, spec: CommandSpec) -> object:
    if param.kind in (Channel, User):
        match = _MENTION.match(word)
        if match:
            return param.kind(match.group(1))
        plain = word.lstrip("#@")
        return Channel.named(plain) if param.kind is Channel else User(plain)
    if param.kind is int:
        try:
            return int(word)
        except ValueError:
            raise UsageError(
                f"<{param.name}> must be a whole number. Usage: `{spec.usage}`"
            ) from None
    return word


def _params(handler: Handler, describe: dict[str, str]) -> tuple[Param, ...]:
    """Options from the signature after `(services, ctx)`, typed by their resolved hints."""
    hints = get_type_hints(handler)
    out: list[Param] = []
    for param in list(inspect.signature(handler).parameters.values())[2:]:
        if param.name not in hints:
            raise TypeError(f"{handler.__name__}: parameter {param.name!r} needs a type")
        hint = hints[param.name]
        if get_origin(hint) in (Union, UnionType):
            # `X | None = None` is an optional X.
            hint = next(a for a in get_args(hint) if a is not type(None))
        kind: type = hint
        choices: tuple[str, ...] = ()
        if get_origin(hint) is Literal:
            choices, kind = tuple(str(a) for a in get_args(hint)), str
        if kind not in OPTION_TYPES:
            raise TypeError(f"{handler.__name__}: {param.name!r} has an unsupported type {kind}")
        out.append(
            Param(
                name=param.name,
                kind=kind,
                required=param.default is _EMPTY,
                default=None if param.default is _EMPTY else param.default,
                description=describe.get(param.name, ""),
                choices=choices,
            )
        )
    unknown = set(describe) - {p.name for p in out}
    if unknown:
        raise TypeError(f"{handler.__name__}: describe() names unknown {sorted(unknown)}")
    return tuple(out)


REGISTRY = Registry()
"""The bot's commands; modules under `bot.commands` add theirs when imported."""
