"""A database file that cannot serve stops the bot at start with one line and exit code 2.

Each case runs the real CLI in a subprocess, as an operator would meet it. The timeout only
turns a hang (a store thread left running) into a failure; nothing here measures time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

HANG = 60


def console(config: Path, stdin: str = "/quit\n") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", "console", "--config", str(config)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GLOSSBOT_CONFIG": ""},
        timeout=HANG,
    )


def config_for(tmp_path: Path, data_dir: Path) -> Path:
    config = tmp_path / "glossbot.yaml"
    config.write_text(f"data_dir: {data_dir}\n", encoding="utf-8")
    return config


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    return line


def test_a_damaged_database_is_named_with_the_fix(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "glossbot.db").write_bytes(b"this is not SQLite\n" * 300)
    line = one_line(console(config_for(tmp_path, data)))
    assert str(data / "glossbot.db") in line
    assert "damaged" in line and "move it aside" in line
    assert (data / "glossbot.db").read_bytes().startswith(b"this is not SQLite")


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("notes\n", encoding="utf-8")
    line = one_line(console(config_for(tmp_path, data)))
    assert f"{data} is a file, not a directory" in line
    assert "data_dir" in line


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """A database that was in use, now read-only (for root, `chattr +i`; else chmod)."""
    data = tmp_path / "data"
    data.mkdir()
    config = config_for(tmp_path, data)
    assert console(config).returncode == 0
    db = data / "glossbot.db"
    db.chmod(0o444)
    immutable = os.geteuid() == 0
    if immutable:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(db)]).returncode != 0:
            pytest.skip("running as root on a file system without chattr +i")
    try:
        yield config
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(db)], check=True)
        db.chmod(0o644)


def test_a_read_only_database_stops_instead_of_hanging(read_only_db: Path) -> None:
    line = one_line(console(read_only_db, stdin="/define mlm\n/quit\n"))
    assert "glossbot.db is read-only" in line
    assert "writable" in line
