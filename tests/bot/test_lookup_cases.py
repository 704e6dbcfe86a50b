"""The /define query set (tests/bot/lookup_cases.yaml): every case resolves as users expect."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content import Content
from bot.lookup import Ambiguous, Found, NotFound

CASES_FILE = Path(__file__).with_name("lookup_cases.yaml")


def load_cases() -> list[tuple[str, str, object]]:
    data = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [(group, c["query"], c["expect"]) for group, cases in data.items() for c in cases]


@pytest.mark.parametrize(("group", "query", "expect"), load_cases(), ids=lambda v: str(v)[:40])
def test_query_resolves_as_expected(
    content: Content, group: str, query: str, expect: object
) -> None:
    outcome = content.resolver.resolve(query)
    if expect == "not_found":
        assert isinstance(outcome, NotFound), outcome
    elif isinstance(expect, dict):
        assert isinstance(outcome, Ambiguous), outcome
        offered = {e.name for e in outcome.candidates}
        assert set(expect["ambiguous"]) <= offered
        assert 2 <= len(outcome.candidates) <= 5
    else:
        assert isinstance(outcome, Found), outcome
        assert outcome.entry.name == expect
