"""Share and Flag on Slack: in_channel then ephemeral through response_url; a modal flag."""

from __future__ import annotations

from tests.adapters.slack.harness import BOB, SlackHarness
from tests.adapters.slack.mock_api import MockSlackApi
from tests.adapters.slack.test_commands import buttons_of, reply_of


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
