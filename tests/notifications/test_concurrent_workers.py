"""Rule: on PostgreSQL, workers running at the same time never deliver the same delivery
twice (SELECT … FOR UPDATE SKIP LOCKED). Two threads, each with its own connection."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections

from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import publish

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks with SKIP LOCKED: PostgreSQL only"
    ),
]

EVENTS = 40


def test_two_concurrent_workers_never_deliver_the_same_delivery_twice(use_adapters, settings):
    # Publishing must only queue runs here (the immediate backend would deliver at once).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    received = []
    lock = threading.Lock()

    class SlowAdapter:
        key = "slow"
        topics = ("*",)

        def deliver(self, event):
            with lock:
                received.append(event.id)
            time.sleep(0.005)  # long enough for the two workers to overlap

    use_adapters(SlowAdapter)
    for number in range(EVENTS):
        publish(
            topic="dossier.received",
            aggregate_type="dossier",
            aggregate_id=f"A-{number}",
            payload={},
        )
    start = threading.Barrier(2)
    reports = []

    def worker():
        try:
            start.wait()
            reports.append(deliver_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Counter(received).most_common(1)[0][1] == 1
    assert len(received) == EVENTS
    assert sum(report.delivered for report in reports) == EVENTS
    assert all(report.delivered > 0 for report in reports), "both workers took part"
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
