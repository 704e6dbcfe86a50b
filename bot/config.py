"""The configuration: an optional `glossbot.yaml` read into one typed, frozen object.

Every key has a default, so no file is needed. An unknown key, a value of the wrong type,
a number out of its range or a word not among its choices is an error that names the key
(`quiz.close_minutes: expected a whole number from 1 to 1440, not 0`). Secrets never live
in the file: `secret()` reads them from the environment.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigError
from bot.logs import JsonFormatter

ENV_CONFIG = "GLOSSBOT_CONFIG"
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
LOG_FORMATS = ("text", "json")
QUIET_LOGGERS = ("aiosqlite", "markdown_it")
"""Libraries whose debug output is every SQL statement or parser step: kept at INFO."""


def between(default: int, low: int, high: int) -> Any:
    """A whole-number setting that must lie in [low, high]."""
    return field(default=default, metadata={"range": (low, high)})


def one_of(default: str, choices: tuple[str, ...]) -> Any:
    """A word setting, case-insensitive, stored upper-case (as `logging` spells levels)."""
    return field(default=default, metadata={"choices": choices})


@dataclass(frozen=True, slots=True)
class GlossaryConfig:
    manifest: str = ""
    """Path to a content manifest; empty means the bundled glossary."""


@dataclass(frozen=True, slots=True)
class QuizConfig:
    close_minutes: int = between(5, 1, 24 * 60)
    points: int = between(10, 0, 1000)
    daily_points: int = between(20, 0, 1000)
    daily_close_hours: int = between(12, 1, 7 * 24)
    """A daily question closes this long after posting, or at the next daily if sooner."""


@dataclass(frozen=True, slots=True)
class SchedulerConfig:
    lease_seconds: int = between(30, 2, 600)
    """How long the scheduler leader's lease lasts; renewed every third of it. When the
    leader dies, another instance takes over within about this plus a third."""


@dataclass(frozen=True, slots=True)
class ConsoleConfig:
    user: str = "you"


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    admin_roles: tuple[str, ...] = ()
    shard_count: int = between(0, 0, 65536)
    """The bot's total number of gateway shards (0: Discord chooses; `--shard-count`)."""
    shard_ids: tuple[str, ...] = ()
    """The shards this process runs, e.g. [0, 1] or ["0-3"] (empty: all; `--shard-ids`)."""
    standby: bool = False
    """Start as a standby for these shards: wait until their active process stops."""


@dataclass(frozen=True, slots=True)
class SlackConfig:
    api_url: str = ""
    admin_users: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpsConfig:
    port: int = between(0, 0, 65535)
    """Where Discord and Slack Socket Mode serve /livez, /readyz and /metrics (0: not at
    all); Slack HTTP mode serves them on its own port."""


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: str = "./data"
    database_url: str = ""
    """`postgresql://user@host:port/db` to keep state in PostgreSQL; empty: SQLite in data_dir.
    $GLOSSBOT_DATABASE_URL wins over it (and is where a password belongs)."""
    log_level: str = one_of("INFO", LOG_LEVELS)
    log_format: str = one_of("TEXT", LOG_FORMATS)
    glossary: GlossaryConfig = field(default_factory=GlossaryConfig)
    quiz: QuizConfig = field(default_factory=QuizConfig)
    scheduler: SchedulerConfig = field(default_factory=SchedulerConfig)
    console: ConsoleConfig = field(default_factory=ConsoleConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    slack: SlackConfig = field(default_factory=SlackConfig)
    ops: OpsConfig = field(default_factory=OpsConfig)

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


def configure_logging(config: Config) -> None:
    """Log to stderr at the configured level, without the libraries' statement-level chatter."""
    level = logging.getLevelNamesMapping()[config.log_level]
    handler = logging.StreamHandler(sys.stderr)
    if config.log_format == "JSON":
        handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler])
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.INFO))


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
        values[key] = _checked(fields[key], _value(hints[key], value, prefix + key), prefix + key)
    return cls(**values)


def _checked(spec: dataclasses.Field[Any], value: object, key: str) -> object:
    """Apply a field's range or choices (see `between` and `one_of`)."""
    if "range" in spec.metadata:
        low, high = spec.metadata["range"]
        assert isinstance(value, int)
        if not low <= value <= high:
            raise ConfigError(key, f"expected a whole number from {low} to {high}, not {value}")
    if "choices" in spec.metadata:
        choices = spec.metadata["choices"]
        word = str(value).strip().lower()
        if word not in choices:
            raise ConfigError(key, f"expected one of {', '.join(choices)}, not {value!r}")
        return word.upper()
    return value


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
