"""The server's notifications, logged at debug instead of printed on stderr.

Neo4j attaches notifications to results (a property no node has yet, in an empty database; nulls
left out of `min()`), and the driver logs each, with the whole statement, through the
`neo4j.notifications` logger at warning level, which Python prints on stderr when the application
configures no logging. None is a thing a user of the CLI or the API can act on; a developer who
wants them configures logging at debug.
"""

from __future__ import annotations

import logging

NOTIFICATIONS = logging.getLogger("neo4j.notifications")


class _AtDebug(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return True


def log_notifications_at_debug() -> None:
    """Idempotent: the filter is installed once per process."""
    if not any(isinstance(f, _AtDebug) for f in NOTIFICATIONS.filters):
        NOTIFICATIONS.addFilter(_AtDebug())
