"""The config file: defaults, typed values, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config, load_config, secret
from bot.errors import ConfigError


def test_no_file_means_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLOSSBOT_CONFIG", raising=False)
    assert load_config() == Config()


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "glossbot.yaml"
    path.write_text(
        "data_dir: /var/lib/glossbot\nquiz:\n  close_minutes: 3\nslack:\n  admin_users: [U1, U2]\n"
    )
    config = load_config(path)
    assert config.data_dir == "/var/lib/glossbot"
    assert config.quiz.close_minutes == 3
    assert config.quiz.points == 10
    assert config.slack.admin_users == ("U1", "U2")


def test_environment_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("log_level: DEBUG\n")
    monkeypatch.setenv("GLOSSBOT_CONFIG", str(path))
    assert load_config().log_level == "DEBUG"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("colour: blue\n", "colour"),
        ("quiz:\n  close_minutes: soon\n", "quiz.close_minutes"),
        ("quiz:\n  bogus: 1\n", "quiz.bogus"),
        ("quiz: 5\n", "quiz"),
        ("slack:\n  admin_users: U1\n", "slack.admin_users"),
        ("log_level: LOUD\n", "log_level"),
        ("quiz:\n  close_minutes: 0\n", "quiz.close_minutes"),
        ("quiz:\n  close_minutes: -3\n", "quiz.close_minutes"),
        ("quiz:\n  points: -10\n", "quiz.points"),
        ("quiz:\n  daily_points: -1\n", "quiz.daily_points"),
        ("quiz:\n  daily_close_hours: 500\n", "quiz.daily_close_hours"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "glossbot.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == key
    assert key in caught.value.message


def test_daily_close_hours_is_a_range(tmp_path: Path) -> None:
    path = tmp_path / "glossbot.yaml"
    path.write_text("quiz:\n  daily_close_hours: 6\n")
    assert load_config(path).quiz.daily_close_hours == 6
    assert Config().quiz.daily_close_hours == 12
    path.write_text("quiz:\n  daily_close_hours: 0\n")
    with pytest.raises(ConfigError, match="from 1 to 168"):
        load_config(path)


def test_broken_yaml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("quiz: [\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_missing_secret_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
        secret("DISCORD_TOKEN")
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    assert secret("DISCORD_TOKEN") == "abc"


def test_out_of_range_and_unknown_choices_say_what_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "glossbot.yaml"
    path.write_text("quiz:\n  close_minutes: 0\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.message == (
        "config: quiz.close_minutes: expected a whole number from 1 to 1440, not 0"
    )
    path.write_text("log_level: LOUD\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "debug, info, warning, error, critical" in caught.value.message
    assert "\n" not in caught.value.message


def test_levels_are_case_insensitive_and_zero_points_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "glossbot.yaml"
    path.write_text("log_level: warning\nquiz:\n  points: 0\n  close_minutes: 1440\n")
    config = load_config(path)
    assert config.log_level == "WARNING"
    assert (config.quiz.points, config.quiz.close_minutes) == (0, 1440)
