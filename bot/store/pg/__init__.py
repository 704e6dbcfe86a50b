"""The PostgreSQL store (asyncpg): a pool, versioned migrations, group-committed answers."""

from bot.store.pg.store import PostgresStore

__all__ = ["PostgresStore"]
