"""Share and Flag on Slack (in_channel then ephemeral through response_url; a modal flag),
and the weekly suggestion post's vote buttons."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.adapters.slack.harness import ALICE, BOB, SlackHarness
from tests.adapters.slack.mock_api import TEAM, MockSlackApi
from tests.adapters.slack.test_commands import buttons_of, reply_of
from tests.conftest import FakeClock


async def test_share_posts_in_the_channel_then_tells_the_clicker_privately(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.command("/define", "shh mlops")
    [private] = api.of("respond")
    assert private.params["response_type"] == "ephemeral"
    share = next(b for b in buttons_of(private) if b["text"]["text"] == "Share")  # type: ignore[index]
    await slack.click(str(share["action_id"]))
    card, notice = api.of("respond")[1:]
    assert card.params["response_type"] == "in_channel" and "MLOps" in reply_of(card)
    assert "Share" not in [b["text"]["text"] for b in buttons_of(card)]  # type: ignore[index]
    assert notice.params["response_type"] == "ephemeral"
    assert "Shared *MLOps* in this channel." in reply_of(notice)


async def test_flag_opens_a_modal_and_is_stored(slack: SlackHarness, api: MockSlackApi) -> None:
    await slack.command("/define", "mlops")
    [card] = api.of("respond")
    flag = next(b for b in buttons_of(card) if b["text"]["text"] == "Flag")  # type: ignore[index]
    await slack.click(str(flag["action_id"]), user=BOB)
    [opened] = api.of("views.open")
    await slack.submit(opened.params["view"], "unclear what ops means", user=BOB)
    [thanks] = api.of("chat.postEphemeral")
    assert "flagged as unclear" in reply_of(thanks)
    [summary] = await slack.bot.core.store.open_flags("slack:T0TEAM")
    assert (summary.entry_id, summary.latest_note) == ("mlops", "what ops means")


async def test_the_weekly_suggestion_posts_vote_buttons_and_counts_a_click(
    slack: SlackHarness, api: MockSlackApi, clock: FakeClock
) -> None:
    api.admins.add(ALICE.id)
    await slack.command("/quizadmin", "suggest <#C0IDEAS|ideas> tue 09:00")
    assert "Every tue at 09:00 UTC" in reply_of(api.of("respond")[-1])
    for query in ("kubernetes", "kubernetes", "zookeeper"):
        await slack.command("/define", query, user=BOB)
    await clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await clock.settled()
    [post] = [c for c in api.of("chat.postMessage") if c.params["channel"] == "C0IDEAS"]
    assert "What should we define next?" in reply_of(post)
    votes = buttons_of(post)
    assert [b["text"]["text"] for b in votes] == ["kubernetes", "zookeeper"]  # type: ignore[index]
    await slack.click(str(votes[1]["action_id"]), user=BOB, channel="C0IDEAS")
    assert "your vote for “zookeeper” is counted" in reply_of(api.of("respond")[-1])
    results = await slack.bot.core.store.suggest_results(f"slack:{TEAM}")
    assert results == [("zookeeper", 1), ("kubernetes", 0)]
