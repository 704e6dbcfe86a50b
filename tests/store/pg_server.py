"""A throwaway PostgreSQL server for tests and benchmarks: initdb + pg_ctl on a temp dir.

The Debian binaries live in /usr/lib/postgresql/<version>/bin. initdb refuses to run as
root, so as root the server runs as the `postgres` user (`runuser -u postgres --`). It
listens on a free loopback port only, with password (scram-sha-256) authentication so a
wrong password can be tested, and is removed on `stop()`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

USER = "glossbot"
PASSWORD = "glossbot-test"


def binaries() -> Path | None:
    """The newest installed PostgreSQL bin directory, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version)
    return found[-1].parent if found else None


def _version(path: Path) -> float:
    try:
        return float(path.parent.parent.name)
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class TempPostgres:
    """One running server; `url` connects as the superuser `glossbot` to database `glossbot`."""

    bin: Path
    root: Path
    port: int
    durable: bool = False
    """Keep fsync on (benchmarks measure real commits); tests turn it off for speed."""

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{USER}"

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*prefix, *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PGPASSWORD": PASSWORD},
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr or done.stdout}")

    def init(self) -> None:
        secret = self.root / "password"
        secret.write_text(PASSWORD, encoding="utf-8")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            USER,
            "--pwfile",
            str(secret),
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nmax_connections = 200\n"
            )
            if not self.durable:
                conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")

    def start(self) -> None:
        log = self.root / "server.log"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "start")
        self._run(
            str(self.bin / "createdb"),
            "-h",
            str(self.root),
            "-p",
            str(self.port),
            "-U",
            USER,
            "-w",
            USER,
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def resume(self) -> None:
        """Start again after `stop` (the data and port stay)."""
        log = self.root / "server.log"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "start")


PREFIX = "glossbot-pg-"
OWNER = "owner.pid"
"""The test process that started a server; a server whose owner died (killed, so it never
tore down) is stopped and removed by the next one that starts."""


def start_temp_postgres(*, durable: bool = False) -> TempPostgres:
    """Start a fresh server, or raise RuntimeError saying why it could not."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    remove_orphans(bin_dir)
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    (root / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server = TempPostgres(bin_dir, root, free_port(), durable)
    try:
        server.init()
        server.start()
    except BaseException:
        remove(server)
        raise
    return server


def remove_orphans(bin_dir: Path) -> None:
    for owner in Path(tempfile.gettempdir()).glob(f"{PREFIX}*/{OWNER}"):
        try:
            os.kill(int(owner.read_text(encoding="utf-8")), 0)
        except ProcessLookupError:
            remove(TempPostgres(bin_dir, owner.parent, 0))
        except (OSError, ValueError):
            continue


def remove(server: TempPostgres) -> None:
    with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
        server.stop("immediate")
    shutil.rmtree(server.root, ignore_errors=True)


async def fresh_schema(url: str) -> str:
    """A new, empty schema on the server at `url`; the URL that uses it (one per test)."""
    import asyncpg  # tests that never use PostgreSQL never import it

    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"CREATE SCHEMA {name}")
    finally:
        await conn.close()
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}search_path={name}"
