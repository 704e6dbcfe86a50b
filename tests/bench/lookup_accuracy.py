"""Lookup accuracy on the query set (tests/bot/lookup_cases.yaml), per category.

Baseline: difflib.get_close_matches (cutoff 0.6) over the same names, counted right when
its first match is the expected entry or, for negatives, when it matches nothing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from bot.lookup import Ambiguous, Found, NotFound, Outcome, Resolver
from knowledge import Glossary, load

CASES = Path(__file__).resolve().parents[1] / "bot" / "lookup_cases.yaml"


def right(outcome: Outcome, expect: object) -> bool:
    if expect == "not_found":
        return isinstance(outcome, NotFound)
    if isinstance(expect, dict):
        offered = {e.name for e in outcome.candidates} if isinstance(outcome, Ambiguous) else set()
        return set(expect["ambiguous"]) <= offered
    return isinstance(outcome, Found) and outcome.entry.name == expect


def difflib_right(glossary: Glossary, query: str, expect: object) -> bool:
    owner = {n.lower(): e.name for e in glossary for n in e.names}
    hits = difflib.get_close_matches(query.lower(), list(owner), n=5, cutoff=0.6)
    if expect == "not_found":
        return not hits
    if isinstance(expect, dict):
        return set(expect["ambiguous"]) <= {owner[h] for h in hits}
    return bool(hits) and owner[hits[0]] == expect


def main() -> None:
    result = load()
    assert result.glossary is not None
    glossary = result.glossary
    resolver = Resolver(glossary)
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    print("== /define accuracy on tests/bot/lookup_cases.yaml: glossbot vs difflib ==")
    total = ours_total = theirs_total = 0
    for group, cases in data.items():
        ours = sum(right(resolver.resolve(c["query"]), c["expect"]) for c in cases)
        theirs = sum(difflib_right(glossary, c["query"], c["expect"]) for c in cases)
        print(f"{group:<26} {ours:>3}/{len(cases):<3} vs difflib {theirs:>3}/{len(cases)}")
        total, ours_total, theirs_total = (
            total + len(cases),
            ours_total + ours,
            theirs_total + theirs,
        )
    print(
        f"{'all':<26} {ours_total:>3}/{total:<3} ({ours_total / total:.0%}) vs difflib "
        f"{theirs_total}/{total} ({theirs_total / total:.0%})"
    )


if __name__ == "__main__":
    main()
