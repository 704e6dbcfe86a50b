"""The configuration: an optional `glossbot.yaml` read into one typed, frozen object.

Every key has a default, so no file is needed. An unknown key or a value of the wrong type
is an error that names the key (`quiz.close_minutes: expected a whole number`). Secrets
never live in the file: `secret()` reads them from the environment.
"""

from __future__ import annotations

import dataclasses
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigError

ENV_CONFIG = "GLOSSBOT_CONFIG"


@dataclass(frozen=True, slots=True)
class GlossaryConfig:
    manifest: str = ""
    """Path to a content manifest; empty means the bundled glossary."""


@dataclass(frozen=True, slots=True)
class QuizConfig:
    close_minutes: int = 5
    points: int = 10
    daily_points: int = 20


@dataclass(frozen=True, slots=True)
class ConsoleConfig:
    user: str = "you"


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    admin_roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SlackConfig:
    api_url: str = ""
    admin_users: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: str = "./data"
    log_level: str = "INFO"
    glossary: GlossaryConfig = field(default_factory=GlossaryConfig)
    quiz: QuizConfig = field(default_factory=QuizConfig)
    console: ConsoleConfig = field(default_factory=ConsoleConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    slack: SlackConfig = field(default_factory=SlackConfig)

    @property
    def manifest_path(self) -> Path | None:
        return Path(self.glossary.manifest) if self.glossary.manifest else None


def load_config(path: str | Path | None = None) -> Config:
    """Read the file named by `path`, else by $GLOSSBOT_CONFIG, else use the defaults."""
    chosen = path or os.environ.get(ENV_CONFIG, "")
    if not chosen:
        return Config()
    try:
        text = Path(chosen).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError("", f"cannot read {chosen}: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError("", f"{chosen} is not valid YAML: {exc}") from exc
    return from_dict(data or {})


def from_dict(data: object) -> Config:
    built = _build(Config, data, "")
    assert isinstance(built, Config)
    return built


def secret(variable: str) -> str:
    """A secret from the environment, or an error that names the missing variable."""
    value = os.environ.get(variable, "").strip()
    if not value:
        raise ConfigError("", f"set the {variable} environment variable")
    return value


def _build(cls: type[Any], data: object, prefix: str) -> object:
    if not isinstance(data, dict):
        raise ConfigError(prefix.rstrip(".") or "(top)", "expected a mapping of keys")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, object] = {}
    for raw_key, value in data.items():
        key = str(raw_key)
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(prefix + key, f"unknown key (known here: {known})")
        values[key] = _value(hints[key], value, prefix + key)
    return cls(**values)


def _value(hint: Any, value: object, key: str) -> object:
    if dataclasses.is_dataclass(hint):
        return _build(typing.cast(type[Any], hint), value, key + ".")
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, "expected true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(key, "expected a whole number")
        return value
    if hint is str:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ConfigError(key, "expected text")
        return str(value)
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise ConfigError(key, "expected a list of text values")
        return tuple(str(v) for v in value)
    raise ConfigError(key, f"unsupported setting type {hint}")
