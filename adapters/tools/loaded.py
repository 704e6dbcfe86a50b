"""The glossary for a one-shot subcommand, or its errors on stderr: one way for all of them."""

from __future__ import annotations

import sys

from bot.config import Config
from knowledge import Glossary, load


def glossary_or_errors(config: Config) -> Glossary | None:
    """The configured glossary; None after printing why it cannot load (the caller exits 1)."""
    result = load(config.manifest_path)
    if result.glossary is None:
        for d in result.errors:
            print(d, file=sys.stderr)
    return result.glossary
