"""The Slack adapter: slash commands, buttons, modals and App Home on slack-bolt's AsyncApp.

`main` is the `glossbot slack` entry point; `app` wires bolt, `listeners` answer Slack,
`delivery` picks the Slack call for a reply, `blocks` and `views` render (pure),
`outbox` posts for the core's timers.
"""

from adapters.slack.app import Settings, SlackBot, connect, serve_http
from adapters.slack.blocks import render
from adapters.slack.outbox import SlackOutbox

__all__ = ["Settings", "SlackBot", "SlackOutbox", "connect", "render", "serve_http"]
