"""What an operator can watch: Prometheus metrics (prometheus-client), one set per process.

The metrics live in the client library's default registry, so its process and platform
collectors (CPU, memory, open files, GC) come with them. `exposition()` serves the text
format 0.0.4, which every scraper reads; the library's newest default (1.0.0) is not.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

COMMANDS = Counter(
    "glossbot_commands_total",
    "Commands, button clicks and form submissions handled, by outcome (ok, error).",
    ["command", "outcome"],
)
COMMAND_SECONDS = Histogram(
    "glossbot_command_seconds",
    "Time to answer a command, click or form, in the core.",
    ["command"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
LOOKUPS = Counter(
    "glossbot_lookups_total", "/define lookups by result (found, ambiguous, not_found).", ["result"]
)
ANSWERS = Counter("glossbot_answers_total", "Quiz answers counted, by correctness.", ["correct"])
DAILY_POSTS = Counter(
    "glossbot_daily_posts_total", "Daily quiz posts, by outcome (posted, failed).", ["outcome"]
)
LEADER = Gauge(
    "glossbot_leader",
    "1 while this instance holds the named lease (scheduler: it makes the daily posts).",
    ["lease"],
)
STORE_SECONDS = Histogram(
    "glossbot_store_seconds",
    "Time spent in the store, by kind of operation (read, write).",
    ["operation"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5),
)

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4


def exposition() -> bytes:
    """Every metric of this process, in the Prometheus text format 0.0.4."""
    return generate_latest(REGISTRY)
