"""Fixtures for the store tests that stop and start a PostgreSQL server of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.store import pg_server


@pytest.fixture
def own_server(postgres_url: str) -> Iterator[pg_server.TempPostgres]:
    """A server of this test's own, since the test stops it; durable, since it crashes it."""
    try:
        server = pg_server.start_temp_postgres(durable=True)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    yield server
    pg_server.remove(server)
