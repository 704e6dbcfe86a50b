"""The App Home tab's content: the caller's standing and a term to learn, from the core.

When the core registers a `home` action (a reply for the caller's tab: score, streak,
entries due for practice, term of the day), its reply is the tab. Until then the tab is
assembled from the commands that exist: `score` (points and streak) and `random` as the
term to learn. A command that answers with an error is left out.
"""

from __future__ import annotations

from adapters.slack.views import View, home_view
from bot.context import Context
from bot.core import Core
from bot.replies import Reply

INTRO = (
    "I teach your team its machine-learning vocabulary. Type `/define <term>` anywhere, "
    "`/search <words>` to search the definitions, or `/help` for every command."
)
HOME_ACTION = "home"
SECTIONS = (("score", "Your score"), ("random", "Term of the day"))
"""Commands shown on the tab, in order, with their headings; missing ones are skipped."""


async def home_sections(core: Core, ctx: Context) -> list[tuple[str, Reply]]:
    if core.commands.action_handler(HOME_ACTION) is not None:
        return [("", await core.click(ctx, HOME_ACTION))]
    sections: list[tuple[str, Reply]] = []
    for name, title in SECTIONS:
        if core.commands.get(name) is None:
            continue
        reply = await core.run(ctx, name)
        if not reply.is_error:
            sections.append((title, reply))
    return sections


async def build_home(core: Core, ctx: Context) -> View:
    return home_view(await home_sections(core, ctx), intro=INTRO)
