"""The glossary commands: /define, /search, /random, /glossary reload, and the open button."""

from __future__ import annotations

from bot import metrics
from bot.actions import Action
from bot.broadcast import instances_line
from bot.cards import lookup_reply, search_reply, term_card
from bot.commands.registry import REGISTRY as registry
from bot.content import ReloadReport
from bot.context import Context
from bot.errors import UsageError
from bot.lookup import Ambiguous, Found, NotFound, Outcome
from bot.material import well_defined
from bot.replies import Button, Reply, Text, error
from bot.safety import clean_query
from bot.services import Services
from bot.text import cut_point

MAX_REPORT_LINES = 12


@registry.command(
    "define",
    describe={"term": "The term to look up", "private": "Show the answer only to you"},
)
async def define(services: Services, ctx: Context, term: str, private: bool = False) -> Reply:
    """Look a term up: typos, acronyms, plurals and questions all work."""
    query = clean_query(term)
    content = services.content
    outcome = content.resolver.resolve(query)
    await _log(services, ctx, query, outcome)
    return lookup_reply(content, query, outcome, private=private)


async def _log(services: Services, ctx: Context, query: str, outcome: Outcome) -> None:
    """Record the lookup for /glossary status: what is read, and what is missing."""
    entry_id = outcome.entry.id if isinstance(outcome, Found) else ""
    status = {Found: "found", Ambiguous: "ambiguous", NotFound: "not_found"}[type(outcome)]
    metrics.LOOKUPS.labels(status).inc()
    await services.store.log_lookup(ctx.scope, ctx.user, query, status, entry_id, ctx.now)


@registry.action("define")
async def open_entry(services: Services, ctx: Context, entry_id: str) -> Reply:
    """A see-also or did-you-mean button: show that entry to whoever clicked."""
    entry = services.content.entry(entry_id)
    if entry is None:
        raise UsageError("That entry is no longer in the glossary (it may have been renamed).")
    return term_card(services.content, entry, private=True)


@registry.command("search", describe={"words": "Words to look for in names and definitions"})
async def search(services: Services, ctx: Context, words: str) -> Reply:
    """Search the definitions: the best matches for a few words, ranked."""
    query = clean_query(words, usage="/search <words>")
    return search_reply(services.content, query)


@registry.command("random")
async def random_entry(services: Services, ctx: Context) -> Reply:
    """A random well-defined term, term-of-the-day style."""
    pool = well_defined(services.content.glossary)
    if not pool:
        return error("The glossary has no defined terms yet.")
    return term_card(services.content, services.rng.choice(pool))


@registry.command("glossary reload", admin=True)
async def glossary_reload(services: Services, ctx: Context) -> Reply:
    """Re-read the content from disk; on any error keep serving the current glossary."""
    done = await services.reload_everywhere()
    if done.elsewhere is None:  # one process: nobody else to count
        return Reply((Text(reload_text(done.here)),), private=True)
    text = instances_line(done) + "\n" + reload_text(done.here, here=True)
    return Reply((Text(text),), private=True)


def reload_text(report: ReloadReport, *, here: bool = False) -> str:
    """This instance's reload: its changes, or the errors that kept the old glossary."""
    if not report.ok:
        lead = "This instance: still serving" if here else "Reload failed: still serving"
        lines = [f"{lead} the previous glossary ({report.entries} entries)."]
        lines += [f"- {d}" for d in report.errors[:MAX_REPORT_LINES]]
        if len(report.errors) > MAX_REPORT_LINES:
            lines.append(f"- … and {len(report.errors) - MAX_REPORT_LINES} more")
        return "\n".join(lines)
    c = report.changes
    lines = [
        f"{'This instance' if here else 'Reloaded'}: {report.entries} entries "
        f"(+{len(c.added)} added, -{len(c.removed)} removed, ~{len(c.changed)} changed, "
        f"{len(report.warnings)} warnings)."
    ]
    for sign, names_ in (("+", c.added), ("-", c.removed), ("~", c.changed)):
        lines += [f"{sign} {n}" for n in names_[:MAX_REPORT_LINES]]
        if len(names_) > MAX_REPORT_LINES:
            lines.append(f"{sign} … and {len(names_) - MAX_REPORT_LINES} more")
    return "\n".join(lines)


MORE_CHUNK = 1800
"""How much of a long definition one "read the rest" reply shows (fits every platform)."""


@registry.action("more")
async def read_more(services: Services, ctx: Context, entry_id: str, start: str) -> Reply:
    """The rest of a definition a renderer had to cut, privately, in parts."""
    entry = services.content.entry(entry_id)
    if entry is None or not start.isdigit():
        raise UsageError("That entry is no longer in the glossary (it may have been renamed).")
    text = entry.definition
    begin = min(int(start), len(text))
    end = begin + cut_point(text[begin:], MORE_CHUNK)
    body = f"**{entry.name}** (continued)\n{text[begin:end].strip()}"
    buttons: tuple[Button, ...] = ()
    if end < len(text):
        buttons = (Button("Read on", Action.of("more", entry.id, end)),)
    return Reply((Text(body),), buttons=buttons, private=True)
