"""Log lines for people (text, the default) or for log collectors (`log_format: json`).

A JSON line carries time, level, logger and message, plus what the core was doing when it
was written: the platform, workspace, channel and command of the request (set by the core
around every command, click and form in `REQUEST`), and the traceback of an exception.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST: ContextVar[dict[str, str] | None] = ContextVar("glossbot_request", default=None)
"""The request being handled in this task, for every log line it writes."""


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(REQUEST.get() or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
