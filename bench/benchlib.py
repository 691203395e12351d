"""What the dossier benchmarks (bench_reception, bench_queue, bench_lookup) share: the
throwaway database, the synthetic base seeded by `motcua bench seed`, percentiles, the machine
line, a gunicorn server started like `motcua serve`, and a small keep-alive HTTP load client.

Database: DATABASE_URL names it. SQLite (or no DATABASE_URL): a temporary file. PostgreSQL:
the database named in the URL is DROPPED and created again, so name a throwaway one. With
BENCH_KEEP_DB=1 an existing PostgreSQL database that already holds at least the asked number of
dossiers is reused as it is (seeding a million dossiers takes minutes); so is the SQLite file
of a `sqlite:////absolute/path` URL.

BENCH_SOURCE names another `src` folder to import motcua from (default: this checkout's), to
measure an earlier version of the code against the current one on the same machine and data,
e.g. one exported with `git archive HEAD src | tar -x -C /tmp/before`.
"""

from __future__ import annotations

import http.client
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(__file__).resolve().parent
SOURCE = Path(os.environ.get("BENCH_SOURCE") or ROOT / "src")
sys.path.insert(0, str(SOURCE))


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# --- Database -------------------------------------------------------------------------------


def prepare_database(*, keep: bool = False) -> tuple[str, str]:
    """(DATABASE_URL to use, label). PostgreSQL: the URL's database, recreated unless kept."""
    url = os.environ.get("DATABASE_URL", "")
    if keep and url.startswith("sqlite:////"):
        return url, "SQLite"
    if not url or url.startswith("sqlite"):
        path = Path(tempfile.mkdtemp(prefix="motcua-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}", "SQLite"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not (keep and exists):
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    return url, "PostgreSQL"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-data-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    # Tasks (audit sealing, outbox delivery) queue in the database as in production; no worker
    # runs during the bench, so the queue only grows, as it would between two worker polls.
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed(count: int) -> float:
    """Make sure at least `count` synthetic dossiers are there; returns the seconds spent."""
    from django.core.management import call_command

    from motcua.dossiers.models import Dossier

    have = Dossier.objects.count()
    if have >= count:
        print(f"base: {have:,} dossiers already there (kept)")
        return 0.0
    started = time.perf_counter()
    call_command("bench", "seed", "--dossiers", str(count - have), *(["--append"] if have else []))
    return time.perf_counter() - started


def server_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.pg_version // 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


# --- Numbers --------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank: the p99 of 1,000 times is the 990th."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"`nproc` {os.cpu_count()}, {cpu_model()}, Python {platform.python_version()}, "
        f"load {load:.1f} at start"
    )


# --- A server like `motcua serve` -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the arguments of `motcua serve` (2 workers × 4 threads by default),
    started on a free local port, stopped on exit."""

    def __init__(self, *, env: dict, workers: int | None = None):
        self.port = free_port()
        self.workers = workers or env_int("WEB_WORKERS", 2)
        self.env = {**os.environ, **env}
        if "PYTHONPATH" not in env:  # the server imports motcua from the same source as we do
            self.env["PYTHONPATH"] = os.pathsep.join(
                [str(SOURCE), os.environ.get("PYTHONPATH", "")]
            )
        self.process = None

    def __enter__(self) -> Server:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "motcua.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                "4",
                "--access-logfile",
                "-",
            ],
            env=self.env,
            cwd=BENCH_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _body = request_once(self.port, "GET", "/api/v1/health")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /api/v1/health within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def request_once(port: int, method: str, path: str, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(
    port: int,
    make_request,
    *,
    clients: int,
    seconds: float,
    warmup: float = 1.0,
    limit: int = 1_000_000,
) -> dict:
    """Run `clients` threads, each with one keep-alive connection, sending the requests
    `make_request(client, n)` returns ((method, path, body, headers)) for `seconds` (after
    `warmup` seconds not counted), and at most `limit` requests in all. Returns counts,
    statuses and latencies (ms)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = [0]
    begin = time.perf_counter()
    start_counting = begin + warmup
    stop = start_counting + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, n = [], 0
        mine_status: dict[int, int] = {}
        while True:
            now = time.perf_counter()
            if now >= stop:
                break
            with lock:
                if counter[0] >= limit:
                    break
                counter[0] += 1
            method, path, body, headers = make_request(number, n)
            n += 1
            sent = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            done = time.perf_counter()
            if sent >= start_counting and done <= stop:
                mine.append((done - sent) * 1000)
                mine_status[status] = mine_status.get(status, 0) + 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for status, count in mine_status.items():
                statuses[status] = statuses.get(status, 0) + count

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measured = min(time.perf_counter(), stop) - start_counting
    return {
        "requests": len(latencies),
        "seconds": measured,
        "rps": len(latencies) / measured if measured > 0 else 0.0,
        "statuses": statuses,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
    }
