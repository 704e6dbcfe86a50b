"""The App Home tab, clicks from it (they have no channel to answer in), and the error handler."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.models.views import View

from bot.commands.home import term_of_the_day
from bot.core import Core
from tests.adapters.slack.harness import ALICE, BOB, SlackHarness
from tests.adapters.slack.mock_api import TEAM, MockSlackApi
from tests.adapters.slack.test_commands import buttons_of, reply_of


async def open_home(slack: SlackHarness, user_id: str) -> None:
    body = slack.event_body({"type": "app_home_opened", "user": user_id, "tab": "home"})
    sent = await slack.post(body, "application/json")
    assert sent.status == 200
    await slack.settled()


async def test_app_home_shows_the_score_and_a_term_of_the_day(
    slack: SlackHarness, api: MockSlackApi, core: Core
) -> None:
    await open_home(slack, BOB.id)
    [published] = api.of("views.publish")
    assert published.params["user_id"] == BOB.id
    view = published.params["view"]
    View(**view).to_dict()
    assert view["type"] == "home"
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers[:2] == ["glossbot", "Your glossbot"]
    today = term_of_the_day(core.content.glossary, f"slack:{TEAM}", core.clock.now().date())
    assert today is not None and headers[2] == today.name
    shown = reply_of(published)
    assert "No quiz answers yet" in shown
    assert "not seen yet" in shown


async def test_app_home_counts_the_points_after_play(
    slack: SlackHarness, api: MockSlackApi, core: Core
) -> None:
    await slack.command("/quiz", "definition")
    buttons = buttons_of(api.of("chat.postMessage")[0])
    stored = await core.store.question(str(buttons[0]["action_id"]).split(":")[1])
    assert stored is not None
    await slack.click(str(buttons[stored.question.correct]["action_id"]), user=ALICE)
    await open_home(slack, ALICE.id)
    shown = reply_of(api.of("views.publish")[0])
    assert "10 points, 1/1 right (100%), rank #1" in shown


async def test_other_tabs_publish_nothing(slack: SlackHarness, api: MockSlackApi) -> None:
    body = slack.event_body({"type": "app_home_opened", "user": BOB.id, "tab": "messages"})
    await slack.post(body, "application/json")
    await slack.settled()
    assert api.of("views.publish") == []


async def test_a_button_in_app_home_answers_in_a_modal(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.click("define:mlops", view={"id": "V0HOME", "type": "home"}, user=BOB)
    [opened] = api.of("views.open")
    assert opened.params["view"]["type"] == "modal"
    assert "MLOps" in reply_of(opened)
    assert api.of("respond") == []
    await slack.click("define:mlops", view={"id": "V0MODAL", "type": "modal"}, user=BOB)
    [updated] = api.of("views.update")
    assert updated.params["view_id"] == "V0MODAL"


async def test_an_unexpected_failure_is_logged_and_the_user_gets_a_reference(
    slack: SlackHarness, api: MockSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    api.fail_next("chat.postMessage", {"ok": False, "error": "invalid_blocks"})
    with caplog.at_level(logging.ERROR, logger="adapters.slack"):
        sent = await slack.command("/quiz")
    assert sent.status == 200
    [told] = api.of("respond")
    assert told.params["response_type"] == "ephemeral"
    shown = reply_of(told)
    assert "Something went wrong (ref " in shown and "invalid_blocks" not in shown
    ref = shown.split("(ref ")[1][:4]
    [record] = [r for r in caplog.records if ref in r.getMessage()]
    assert record.exc_info is not None and "invalid_blocks" in str(record.exc_info[1])


async def test_a_failure_right_after_the_ack_still_answers_slack_at_once(
    slack: SlackHarness, api: MockSlackApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Failing with no await after ack() is where bolt would reset the ack and answer 404
    # after 3 s; the listener reports the failure itself instead.
    async def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(slack.bot.core, "run", broken)
    sent = await slack.command("/define", "mlops")
    assert sent.status == 200  # bolt's reset ack would answer 404 after its 3 s wait
    assert "Something went wrong (ref " in reply_of(api.of("respond")[0])


async def test_a_failure_before_any_listener_runs_is_still_reported_to_the_user(
    slack: SlackHarness, api: MockSlackApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The retry check runs before bolt picks a listener: `app.error` reports what fails
    # there, in a task of its own as the listeners' work is, and shutdown waits for it.
    async def broken(*args: object) -> bool:
        raise RuntimeError("the store is down")

    monkeypatch.setattr(slack.bot.core.store, "first_delivery", broken)
    await slack.command("/define", "mlops")
    assert "Something went wrong (ref " in reply_of(api.of("respond")[0])
