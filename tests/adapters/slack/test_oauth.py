"""Many Slack workspaces: bolt's install flow against the mock `oauth.v2.access`, each
workspace answered with its own token, and what uninstalling and revoking tokens stop.

Every request goes through glossbot's real HTTP-mode server, as Slack and a browser would
send it; the installations and states live in the test's store (SQLite and PostgreSQL).
"""

from __future__ import annotations

import asyncio
import base64
import html
import re
from datetime import UTC, datetime, time
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from adapters.slack.app import Bolt
from adapters.slack.oauth import NOT_INSTALLED
from adapters.slack.outbox import SlackOutbox
from bot.config import Config
from bot.content import Content
from bot.core import Core
from bot.store import Store, SuggestSchedule
from tests.adapters.slack.harness import (
    ALICE,
    CLIENT_ID,
    CLIENT_SECRET,
    SlackHarness,
    oauth_bolt,
    running_bot,
)
from tests.adapters.slack.mock_api import MockSlackApi
from tests.adapters.slack.test_commands import reply_of
from tests.conftest import FakeClock

pytestmark = pytest.mark.both_stores

ACME, GLOBEX = "T0ACME", "T0GLOBEX"
AUTHORIZE = "https://slack.com/oauth/v2/authorize"
COOKIE = "slack-app-oauth-state"


@pytest.fixture
def bolt(api: MockSlackApi, store: Store, clock: FakeClock) -> Bolt:
    return oauth_bolt(api, store, clock)


@pytest.fixture
def outbox(bolt: Bolt) -> SlackOutbox:
    return SlackOutbox(bolt.client, bolt.tokens)


async def install_link(base: str) -> tuple[str, str]:
    """Open the install page; return its "Add to Slack" link and the state cookie it set.

    bolt's cookie is `Secure`: a browser sends it back over HTTPS only (Slack requires an
    HTTPS redirect URL), so over the tests' plain HTTP it is sent by hand.
    """
    async with aiohttp.ClientSession() as browser, browser.get(base + "/slack/install") as r:
        assert r.status == 200
        page, cookie = await r.text(), r.cookies[COOKIE]
    assert cookie["secure"] and cookie["httponly"]
    match = re.search(r'href="([^"]+)"', page.split("<body>")[1])
    assert match is not None
    return html.unescape(match.group(1)), cookie.value


async def redirect(base: str, code: str, state: str, cookie: str | None) -> tuple[int, str]:
    """Slack sends the admin's browser back to the redirect URL with a code and the state."""
    url = f"{base}/slack/oauth_redirect?code={code}&state={state}"
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie is not None else {}
    async with aiohttp.ClientSession() as browser, browser.get(url, headers=headers) as r:
        return r.status, await r.text()


def state_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["state"][0]


async def install(base: str, api: MockSlackApi, team: str) -> None:
    """The whole flow for `team`, as its admin clicks through it."""
    link, cookie = await install_link(base)
    status, page = await redirect(base, api.grant(team), state_of(link), cookie)
    assert status == 200, page


async def install_both(slack: SlackHarness, api: MockSlackApi) -> None:
    await install(slack.url, api, ACME)
    await install(slack.url, api, GLOBEX)


async def test_the_install_page_links_to_slacks_authorize_page_with_a_fresh_state(
    slack: SlackHarness,
) -> None:
    link, cookie = await install_link(slack.url)
    assert link.startswith(AUTHORIZE + "?")
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["commands,chat:write,chat:write.public,users:read"]
    assert cookie == state_of(link)
    assert state_of((await install_link(slack.url))[0]) != state_of(link)


async def test_the_redirect_exchanges_the_code_and_saves_the_installation(
    slack: SlackHarness, api: MockSlackApi, store: Store
) -> None:
    link, cookie = await install_link(slack.url)
    assert await store.find_installation("slack", ACME) is None
    status, page = await redirect(slack.url, api.grant(ACME), state_of(link), cookie)
    assert status == 200 and "Thank you!" in page, page
    [access] = api.of("oauth.v2.access")
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert access.token == f"Basic {basic}"  # the app's credentials, never in the URL
    saved = await store.find_installation("slack", ACME)
    assert saved is not None
    assert saved["bot_token"] == access.answer["access_token"]
    assert saved["team_name"] == f"Team {ACME}" and saved["bot_user_id"] == f"U0BOT{ACME}"
    installer = await store.find_installation("slack", ACME, user="U0ADMIN")
    assert installer is not None and installer["bot_token"] == saved["bot_token"]
    # The workspace can now use the bot.
    await slack.command("/define", "mlops", team=ACME)
    assert "MLOps" in reply_of(api.of("respond")[-1])


async def test_a_forged_or_reused_state_is_refused_and_nothing_is_installed(
    slack: SlackHarness, api: MockSlackApi, store: Store
) -> None:
    # A state glossbot never issued, with a cookie to match it (a crafted link).
    assert (await redirect(slack.url, api.grant(ACME), "forged", "forged"))[0] == 401
    # A real state without the browser that asked for it (someone else's link).
    link, cookie = await install_link(slack.url)
    state = state_of(link)
    assert (await redirect(slack.url, api.grant(ACME), state, None))[0] == 400
    assert not api.of("oauth.v2.access")
    assert await store.find_installation("slack", ACME) is None
    # Used once, a state is spent, even with its cookie replayed.
    assert (await redirect(slack.url, api.grant(ACME), state, cookie))[0] == 200
    assert (await redirect(slack.url, api.grant(GLOBEX), state, cookie))[0] == 401
    assert len(api.of("oauth.v2.access")) == 1
    assert await store.find_installation("slack", GLOBEX) is None


async def test_a_code_slack_refuses_installs_nothing(
    slack: SlackHarness, api: MockSlackApi, store: Store
) -> None:
    link, cookie = await install_link(slack.url)
    status, _ = await redirect(slack.url, "code-never-granted", state_of(link), cookie)
    assert status == 401
    assert [c.answer for c in api.of("oauth.v2.access")] == [{"ok": False, "error": "invalid_code"}]
    assert await store.find_installation("slack", ACME) is None


async def test_two_workspaces_use_the_bot_at_once_each_with_its_own_token(
    slack: SlackHarness,
    api: MockSlackApi,
    clock: FakeClock,
) -> None:
    await install_both(slack, api)
    await asyncio.gather(
        slack.post(slack.slash_body("/quiz", "definition", team=ACME, channel="C0ACME")),
        slack.post(slack.slash_body("/quiz", "definition", team=GLOBEX, channel="C0GLOBEX")),
        slack.post(slack.slash_body("/define", "mlops", team=ACME)),
        slack.post(slack.slash_body("/define", "gan", team=GLOBEX)),
    )
    await slack.settled()
    posts = {c.params["channel"]: api.teams[c.token] for c in api.of("chat.postMessage")}
    assert posts == {"C0ACME": ACME, "C0GLOBEX": GLOBEX}
    answers = sorted(reply_of(c).split("\n")[0] for c in api.of("respond"))
    assert any("MLOps" in a for a in answers) and any("GAN" in a for a in answers)
    assert {api.teams[c.token] for c in api.of("auth.test")} == {ACME, GLOBEX}
    # bolt's authorize remembers what auth.test said: the next request costs no call.
    checked = len(api.of("auth.test"))
    await slack.command("/define", "mlops", team=ACME)
    assert len(api.of("auth.test")) == checked
    # The core's own posts (a daily question) carry the token of the channel's workspace.
    api.admins.add(ALICE.id)
    await slack.command("/quizadmin", "schedule <#C0DAILY|daily> 09:30", team=GLOBEX)
    [users_info] = api.of("users.info")
    assert api.teams[users_info.token] == GLOBEX
    await clock.set(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    await clock.settled()
    # The daily question, and the reveals of both quizzes (chat.update, then a post).
    calls = api.of("chat.postMessage") + api.of("chat.update")
    teams = {"C0ACME": ACME, "C0GLOBEX": GLOBEX, "C0DAILY": GLOBEX}
    assert [c.params["channel"] for c in calls].count("C0DAILY") == 1
    assert len(api.of("chat.update")) == 2
    assert all(api.teams[c.token] == teams[c.params["channel"]] for c in calls)


async def uninstalled(slack: SlackHarness, team: str, event: str = "app_uninstalled") -> None:
    tokens = {"tokens": {"bot": ["U0BOT"]}} if event == "tokens_revoked" else {}
    body = slack.event_body({"type": event, **tokens}, team=team)
    sent = await slack.post(body, "application/json")
    assert sent.status == 200
    await slack.settled()


async def test_uninstalling_forgets_the_tokens_and_stops_the_schedules(
    slack: SlackHarness,
    api: MockSlackApi,
    store: Store,
    clock: FakeClock,
) -> None:
    await install_both(slack, api)
    api.admins.add(ALICE.id)
    for team in (ACME, GLOBEX):
        await slack.command("/quizadmin", "schedule <#C0DAILY|daily> 09:30", team=team)
        weekly = SuggestSchedule(f"slack:{team}:C0DAILY", f"slack:{team}", 0, time(10), clock.now())
        await store.set_suggest(weekly)
    await uninstalled(slack, ACME)
    assert await store.find_installation("slack", ACME, user=None) is None
    assert await store.find_installation("slack", ACME) is None
    assert await store.schedules(f"slack:{ACME}") == []
    assert await store.suggest_schedules(f"slack:{ACME}") == []
    assert len(await store.schedules(f"slack:{GLOBEX}")) == 1
    assert len(await store.suggest_schedules(f"slack:{GLOBEX}")) == 1
    # The next request from the workspace is refused before any listener runs.
    answered = len(api.of("respond"))
    sent = await slack.command("/define", "mlops", team=ACME)
    assert sent.status == 200
    [refusal] = api.of("respond")[answered:]
    assert refusal.params["text"] == NOT_INSTALLED
    # Nothing more is posted there; the other workspace's daily post still goes out.
    await clock.set(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    await clock.settled()
    [daily] = api.of("chat.postMessage")
    assert api.teams[daily.token] == GLOBEX
    await slack.command("/define", "mlops", team=GLOBEX)
    assert "MLOps" in reply_of(api.of("respond")[-1])


async def test_revoked_bot_tokens_are_forgotten_and_the_workspace_refused(
    slack: SlackHarness, api: MockSlackApi, store: Store
) -> None:
    await install_both(slack, api)
    await uninstalled(slack, ACME, "tokens_revoked")
    assert await store.find_installation("slack", ACME) is None
    assert await store.find_installation("slack", GLOBEX) is not None
    await slack.command("/define", "mlops", team=ACME)
    assert api.of("respond")[-1].params["text"] == NOT_INSTALLED


async def test_a_rotating_token_is_refreshed_before_it_is_used(
    slack: SlackHarness, api: MockSlackApi, store: Store
) -> None:
    api.rotating = True  # tokens that expire within bolt's two-hour refresh margin
    await install(slack.url, api, ACME)
    installed = await store.find_installation("slack", ACME)
    assert installed is not None and installed["bot_refresh_token"] == f"xoxe-{ACME}"
    await slack.command("/quiz", "definition", team=ACME)
    refresh = api.of("oauth.v2.access")[-1]
    assert refresh.params["grant_type"] == "refresh_token"
    [post] = api.of("chat.postMessage")
    assert post.token == refresh.answer["access_token"] != installed["bot_token"]
    saved = await store.find_installation("slack", ACME)
    assert saved is not None and saved["bot_token"] == post.token


async def test_any_worker_finishes_an_install_another_began_and_sees_an_uninstall(
    content: Content, store: Store, api: MockSlackApi, clock: FakeClock
) -> None:
    """Behind a load balancer the install page, the redirect and the events of one
    workspace may each land on a different worker: all they share is the database."""
    bolts = [oauth_bolt(api, store, clock) for _ in range(2)]
    workers = [
        Core(Config(), content, store, clock=clock, outbox=SlackOutbox(b.client, b.tokens))
        for b in bolts
    ]
    async with (
        running_bot(workers[0], bolts[0], api, clock) as a,
        running_bot(workers[1], bolts[1], api, clock) as b,
    ):
        link, cookie = await install_link(a.url)
        assert (await redirect(b.url, api.grant(ACME), state_of(link), cookie))[0] == 200
        assert (await redirect(a.url, api.grant(ACME), state_of(link), cookie))[0] == 401
        for worker in (a, b):  # both answer the new workspace (and cache its auth.test)
            await worker.command("/define", "mlops", team=ACME)
            assert "MLOps" in reply_of(api.of("respond")[-1])
        await uninstalled(a, ACME)
        await b.command("/define", "mlops", team=ACME)
        assert api.of("respond")[-1].params["text"] == NOT_INSTALLED
