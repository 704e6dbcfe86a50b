"""What leaving a workspace stops: its daily questions and its weekly suggestion posts.

An uninstalled app has no token there, so every post would fail (and count against the
app's error budget); the schedules are removed, as `/quizadmin unschedule` would, and the
workspace's scores and history stay, namespaced by its scope, for a reinstall.
"""

from __future__ import annotations

from typing import Protocol

from bot.store import ScheduleStore, SuggestStore


class _Schedules(ScheduleStore, SuggestStore, Protocol):
    pass


async def stop_schedules(store: _Schedules, scope: str) -> int:
    """Remove every daily and suggestion schedule of `scope`; return how many."""
    stopped = 0
    for schedule in await store.schedules(scope):
        stopped += await store.remove_schedule(schedule.place)
    for suggest in await store.suggest_schedules(scope):
        stopped += await store.remove_suggest(suggest.place)
    return stopped
