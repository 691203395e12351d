"""The embedded default: one log line per event, proving that delivery works end to end."""

import json
import logging

from motcua.notifications.adapters.base import OutgoingEvent

logger = logging.getLogger("motcua.outbox")


class LoggingAdapter:
    key = "log"
    topics = ("*",)

    def deliver(self, event: OutgoingEvent) -> None:
        logger.info(
            "outbox event %s %s %s:%s attempt %d %s",
            event.id,
            event.topic,
            event.aggregate_type,
            event.aggregate_id,
            event.attempt,
            json.dumps(event.payload, ensure_ascii=False, sort_keys=True),
        )
