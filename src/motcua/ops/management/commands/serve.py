"""`motcua serve`: the web server (gunicorn) and the task worker, together, stopped together.

The embedded mode runs both on one machine; the scaled mode runs `gunicorn motcua.wsgi` and
`motcua db_worker` as separate services instead (docs/operations.md).
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

STOP_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Serve the app with gunicorn, a task worker and the clock sweep beside it; Ctrl-C "
        "stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))

    def handle(self, *args, port, host, workers, **options):
        bin_dir = os.path.dirname(sys.executable)
        web = subprocess.Popen(
            [
                os.path.join(bin_dir, "gunicorn"),
                "motcua.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                str(STOP_GRACE_SECONDS),
            ]
        )
        worker = subprocess.Popen([os.path.join(bin_dir, "motcua"), "db_worker"])
        # The clock sweep: marks overdue dossiers and steps and notifies their units.
        clocks = subprocess.Popen(
            [
                os.path.join(bin_dir, "motcua"),
                "dossier_clocks",
                "sweep",
                "--every",
                os.environ.get("CLOCK_SWEEP_SECONDS", "300"),
            ]
        )
        children = [web, worker, clocks]
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(
            self.style.SUCCESS(
                f"motcua is serving at http://{host}:{port}/ "
                f"(Ctrl-C stops the server, the worker and the clock sweep)"
            )
        )
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)]
        self.stdout.write("motcua stopped.")
        if failed and not stopping:
            sys.exit(1)
