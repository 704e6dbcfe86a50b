"""The App Home tab: the core's `home` reply (score, streak, practice due, term of the day)."""

from __future__ import annotations

from adapters.slack.views import View, home_view
from bot.context import Context
from bot.core import Core

INTRO = (
    "I teach your team its machine-learning vocabulary. Type `/define <term>` anywhere, "
    "`/search <words>` to search the definitions, or `/help` for every command."
)
HOME_ACTION = "home"


async def build_home(core: Core, ctx: Context) -> View:
    return home_view([("", await core.click(ctx, HOME_ACTION))], intro=INTRO)
