"""The two error tiers, written once: a user's mistake says so, a bug gives a reference."""

from __future__ import annotations

import logging

import pytest

from bot.errors import NotAllowed, UsageError, explain

log = logging.getLogger("tests.errors")


def test_a_glossbot_error_is_shown_as_is_and_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="tests.errors"):
        assert explain(UsageError("Say which term."), "/define", log) == "Say which term."
        assert explain(NotAllowed("use /quizadmin"), "/quizadmin", log).startswith("Only admins")
    assert caplog.records == []


def test_a_bug_is_logged_with_the_reference_the_user_sees(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="tests.errors"):
        told = explain(KeyError("secret internals"), "/define", log)
    assert told.startswith("Something went wrong (ref ") and "secret" not in told
    ref = told.split("(ref ")[1][:4]
    [record] = caplog.records
    assert record.getMessage() == f"/define failed (ref {ref})"
    assert record.exc_info is not None and isinstance(record.exc_info[1], KeyError)
