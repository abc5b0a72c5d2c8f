"""Logging that never carries patient data, at any level.

Our own log lines carry ids, steps and status codes only. The Slack libraries
are the risk: slack_sdk logs whole request bodies (message text, blocks) at
DEBUG, and Bolt logs unhandled payloads at WARNING. Their loggers are pinned
at WARNING whatever LOG_LEVEL says, and a filter withholds any of their
records that would print a payload.
"""

from __future__ import annotations

import logging
import sys

THIRD_PARTY_LOGGERS = ("slack_sdk", "slack_bolt", "urllib3", "httpx", "httpcore", "waitress", "dateparser", "tzlocal")
PAYLOAD_MARKERS = ("body", "payload", "Unhandled request", "text", "blocks", "params", "{")


class WithholdSlackPayloads(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("slack_sdk", "slack_bolt")):
            message = record.getMessage()
            if any(marker in message for marker in PAYLOAD_MARKERS):
                record.msg = "(Slack library message withheld: it may contain patient data)"
                record.args = ()
        return True


def configure_logging(level: str = "INFO", *, stream: object = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(WithholdSlackPayloads())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    for name in THIRD_PARTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
