"""Queue a background run at most once per window per process.

A run of the audit sealing or of the outbox delivery handles everything committed before it
starts. Under load many transactions commit every second, and queuing one run for each was a
second write (and commit) per action on the busiest path. So a process queues at most one run
per window, deferred to the end of the window: that run starts after every commit made inside
the window and covers them all. A backend that cannot defer (the tests' immediate backend) runs
the task every time.
"""

import datetime
import threading

from django.utils import timezone


class OncePerWindow:
    def __init__(self, window: datetime.timedelta = datetime.timedelta(seconds=1)):
        self.window = window
        self._lock = threading.Lock()
        self._queued_for: datetime.datetime | None = None

    def enqueue(self, task) -> None:
        """Queue `task` (a django-tasks task) unless a run queued earlier starts after now."""
        if not task.get_backend().supports_defer:
            task.enqueue()
            return
        now = timezone.now()
        with self._lock:
            if self._queued_for is not None and now < self._queued_for:
                return  # the run already queued starts after this commit and covers it
            self._queued_for = run_after = now + self.window
        try:
            task.using(run_after=run_after).enqueue()
        except Exception:
            self._queued_for = None  # the next commit queues one again
            raise
