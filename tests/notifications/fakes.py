"""Test doubles of the outbox: adapters that record what they receive."""

import datetime as dt

# 09:00 on a Monday in Hà Nội, in UTC.
T0 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)


def fake_adapter(key="recorder", topics=("*",), outcomes=()):
    """An adapter class that records what it receives; `outcomes` are exceptions (or None
    for success) consumed one per attempt, after which it succeeds."""
    received = []
    pending = list(outcomes)

    class FakeAdapter:
        def __init__(self):
            self.key = key
            self.topics = topics

        def deliver(self, event):
            received.append(event)
            outcome = pending.pop(0) if pending else None
            if outcome is not None:
                raise outcome

    FakeAdapter.received = received
    return FakeAdapter
