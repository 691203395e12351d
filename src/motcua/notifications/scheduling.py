"""Keeping `deliver_outbox` moving: django-tasks runs what is queued but has no scheduler.

Two rules. (1) Each transaction that wrote deliveries queues one run after it commits.
(2) A run that leaves retries behind queues one deferred run (`run_after`) for the earliest
retry, unless an earlier-or-equal one is already queued (the `WakeUp` row). A lost run costs
nothing but time: `motcua outbox deliver` (from cron, say hourly) re-arms the chain.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from motcua.batching import OncePerWindow
from motcua.notifications import selectors
from motcua.notifications.models import WakeUp

#: At most one delivery run queued per second per process (motcua.batching).
_delivery = OncePerWindow()


def _enqueue_run() -> None:
    from motcua.notifications.tasks import deliver_outbox

    _delivery.enqueue(deliver_outbox)


def arrange_delivery() -> None:
    """Queue one delivery run once the caller's transaction commits; nothing on rollback.

    The on-commit list of the connection is what knows whether this transaction (and not a
    rolled-back savepoint of it) already asked, so no flag of ours can go stale.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _enqueue_run for _savepoints, func, _robust in connection.run_on_commit
    ):
        return
    # robust: a failed enqueue must not turn a committed request into an error page; the
    # deliveries are safe in the table and the next run or `outbox deliver` sends them.
    transaction.on_commit(_enqueue_run, robust=True)


def keep_moving(*, more_due_now: bool, now: datetime | None = None) -> datetime | None:
    """After a run: queue the next one. Returns when it will run, or None if none is needed."""
    from motcua.notifications.tasks import deliver_outbox

    now = now or timezone.now()
    if more_due_now:
        deliver_outbox.enqueue()
        return now
    next_due = selectors.next_due_at()
    if next_due is None or not deliver_outbox.get_backend().supports_defer:
        # Nothing left, or a backend that runs tasks at once (tests): nothing to defer.
        return None
    run_after = max(next_due, now)
    with transaction.atomic():
        wake, _created = WakeUp.objects.select_for_update().get_or_create(pk=1)
        if wake.run_after is not None and now < wake.run_after <= run_after:
            return wake.run_after  # an earlier (or the same) run is already queued
        wake.run_after = run_after
        wake.save(update_fields=["run_after"])
        # Inside the transaction: with the database backend the queued run and the row that
        # remembers it commit together.
        deliver_outbox.using(run_after=run_after).enqueue()
    return run_after
