"""Done-when of the foundation: every heading of the seeds resolves to the entry it became."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.lookup import Ambiguous, Found, NotFound
from knowledge import Entry
from tests.knowledge import seeds


def merged_holding(content: Content, raw: Entry) -> Entry:
    """The glossary entry that a parsed entry was merged into (it cites the same line)."""
    [source] = raw.sources
    [entry] = [e for e in content.glossary if source in e.sources]
    return entry


@pytest.mark.parametrize("name", [seeds.HASHLINE, seeds.JEKYLL, seeds.FLASHCARDS, seeds.NOTES])
def test_every_heading_resolves_to_its_entry(content: Content, name: str) -> None:
    checked = 0
    for raw in seeds.parsed(name).entries:
        target = merged_holding(content, raw)
        headings = (raw.name,) if name == seeds.NOTES else raw.names
        for heading in headings:
            outcome = content.resolver.resolve(heading)
            assert not isinstance(outcome, NotFound), heading
            if isinstance(outcome, Found):
                assert outcome.entry.id == target.id, (heading, outcome.entry.name)
            else:
                assert isinstance(outcome, Ambiguous)
                assert target.id in {e.id for e in outcome.candidates}, heading
            checked += 1
    assert checked >= len(seeds.parsed(name).entries)
