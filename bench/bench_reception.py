"""Full receptions at the counter per second: code, frozen due date, history, audit, outbox.

Run from the repository root (see benchlib.py for the database; PostgreSQL's is recreated):

    .venv/bin/python bench/bench_reception.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_reception \\
        .venv/bin/python bench/bench_reception.py

First it seeds a realistic base (BENCH_BASE, default 100,000 synthetic dossiers over three
years, `motcua bench seed`) so that every index already holds data, and gives each open
service point a reception officer. Then:

* service: `receive_at_counter` as the API calls it (the version in force read for the
  request, the officer's papers, boundary-free points and applicants), in 1, 2 and 4 worker
  processes (BENCH_PROCESSES) for BENCH_SECONDS each, after a warm-up; every reception is a
  real one (permission, version check, code under the counter lock, frozen deadline, fees,
  papers, history, audit record, outbox event with its delivery, the paper's first movement);
* HTTP: `POST /api/v1/dossiers` with token authentication against gunicorn started as
  `motcua serve` starts it (2 workers × 4 threads), from BENCH_HTTP_CLIENTS keep-alive
  clients (threads of this process, on the same machine);
* the queries of one reception, counted with CaptureQueriesContext.

Goal (issue 5): at least 150 receptions a second sustained, p99 under 100 ms.
Prints Markdown table rows for docs/benchmarks.md.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

import benchlib

BASE = benchlib.env_int("BENCH_BASE", 100_000)
SECONDS = benchlib.env_int("BENCH_SECONDS", 20)
PROCESSES = [int(n) for n in os.environ.get("BENCH_PROCESSES", "1,2,4").split(",") if n]
HTTP_CLIENTS = benchlib.env_int("BENCH_HTTP_CLIENTS", 4)
WARMUP = 10


# --- The world a reception needs --------------------------------------------------------------


def prepare_officers() -> None:
    """One reception officer (with an API token) at each open service point."""
    from motcua.accounts.models import AccountKind, ApiToken, User
    from motcua.accounts.tokens import digest_of
    from motcua.organizations.models import Membership, Role, ServicePoint

    for point in ServicePoint.objects.filter(closed_on__isnull=True).select_related("agency"):
        username = f"bench.{point.code.lower()}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": f"Cán bộ tiếp nhận {point.code}", "kind": AccountKind.STAFF},
        )
        if created:
            user.set_unusable_password()
            user.save()
            Membership.objects.create(
                user=user, unit=point.agency, role=Role.RECEPTION_OFFICER, service_point=point
            )
            ApiToken.objects.create(
                user=user, name="bench", prefix=username[:8], digest=digest_of(token_of(username))
            )


def token_of(username: str) -> str:
    # Throwaway tokens of a throwaway database, derived from the name so workers know them.
    return f"bench-token-{username}"


class Desk:
    """What the workers pick from: points with their officer, procedures offered at the
    counter with their required papers, and the communes applicants live in."""

    def __init__(self):
        from motcua.accounts.models import User
        from motcua.catalog.models import Channel
        from motcua.catalog.selectors import versions_in_force
        from motcua.organizations.models import AdministrativeArea, ServicePoint

        officers = {u.username: u for u in User.objects.filter(username__startswith="bench.")}
        self.points = [
            (point, officers[f"bench.{point.code.lower()}"])
            for point in ServicePoint.objects.filter(closed_on__isnull=True).select_related(
                "agency", "area"
            )
        ]
        self.procedures = []
        for version in versions_in_force().prefetch_related("channels", "components"):
            if any(offer.channel == Channel.COUNTER for offer in version.channels.all()):
                required = [c.id for c in version.components.all() if c.required]
                self.procedures.append((version.procedure, required))
        areas = {point.area_id for point, _officer in self.points}
        self.areas = list(AdministrativeArea.objects.filter(pk__in=areas))

    def pick(self, rng: random.Random):
        point, officer = rng.choice(self.points)
        procedure, required = rng.choice(self.procedures)
        area = point.area if rng.random() < 0.8 else rng.choice(self.areas)
        return point, officer, procedure, required, area


def receive_one(desk: Desk, rng: random.Random):
    """One reception as the API would make it: the version in force is read for the request."""
    from motcua.catalog.selectors import version_in_force
    from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter

    point, officer, procedure, required, area = desk.pick(rng)
    version = version_in_force(procedure)
    request = ReceptionRequest(
        procedure_version=version,
        applicant_name="Nguyễn Văn Bình",
        applicant_identity_kind="cccd",
        applicant_identity_number=f"001090{rng.randrange(10**6):06d}",
        applicant_area=area,
        applicant_phone="0912345678",
        components=tuple(ComponentHandedIn(component_id=c, digitised=True) for c in required),
    )
    return receive_at_counter(actor=officer, point=point, request=request)


# --- Service: worker processes -----------------------------------------------------------------


def server_cpu_seconds() -> float | None:
    """CPU time used so far by this connection's PostgreSQL server process (same machine), or
    None on SQLite, whose work is done in our own process."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(number: int, database_url: str, barrier, results) -> None:
    benchlib.setup_django(database_url)
    from django.db import close_old_connections

    rng = random.Random(1000 + number)
    desk = Desk()
    for _ in range(WARMUP):
        receive_one(desk, rng)
    barrier.wait()
    latencies, errors = [], 0
    # CPU time, ours and the database server's: unlike the rates, hardly moved by other work
    # on the machine, so two versions of the code can be compared on a busy machine.
    cpu_started, server_started = time.process_time(), server_cpu_seconds()
    started = time.perf_counter()
    stop = started + SECONDS
    while time.perf_counter() < stop:
        begin = time.perf_counter()
        try:
            receive_one(desk, rng)
        except Exception as error:  # counted and reported below, never hidden
            errors += 1
            if errors <= 3:
                print(f"worker {number}: {error!r}", file=sys.stderr)
            close_old_connections()
            continue
        latencies.append((time.perf_counter() - begin) * 1000)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    server_ended = server_cpu_seconds()
    server = None if server_started is None else server_ended - server_started
    results.put((len(latencies), elapsed, latencies, errors, cpu, server))


def run_service(database_url: str, processes: int) -> dict:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = [
        context.Process(target=worker, args=(n, database_url, barrier, results))
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    outcomes = [results.get() for _ in workers]
    for process in workers:
        process.join()
    count = sum(o[0] for o in outcomes)
    seconds = max(o[1] for o in outcomes)
    latencies = [t for o in outcomes for t in o[2]]
    servers = [o[5] for o in outcomes]
    return {
        "cpu_ms": 1000 * sum(o[4] for o in outcomes) / count,
        "server_cpu_ms": None if None in servers else 1000 * sum(servers) / count,
        "count": count,
        "rate": count / seconds,
        "p50": benchlib.percentile(latencies, 50),
        "p99": benchlib.percentile(latencies, 99),
        "errors": sum(o[3] for o in outcomes),
    }


def count_queries() -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desk, rng = Desk(), random.Random(7)
    receive_one(desk, rng)
    with CaptureQueriesContext(connection) as captured:
        receive_one(desk, rng)
    return len(captured.captured_queries)


# --- HTTP -----------------------------------------------------------------------------------------


def run_http(database_url: str) -> dict:
    desk = Desk()
    bodies = []
    rng = random.Random(99)
    for _ in range(500):
        point, officer, procedure, required, area = desk.pick(rng)
        body = {
            "channel": "counter",
            "point": point.code,
            "procedure": procedure.code,
            "applicant_name": "Trần Thị Hoa",
            "applicant_identity_kind": "cccd",
            "applicant_identity_number": f"001190{rng.randrange(10**6):06d}",
            "applicant_area": area.code,
            "components": [{"component": c, "digitised": True} for c in required],
        }
        headers = {
            "Authorization": f"Token {token_of(officer.username)}",
            "Content-Type": "application/json",
            "Accept-Language": "vi",
        }
        bodies.append((json.dumps(body).encode(), headers))

    def make_request(client, n):
        body, headers = bodies[(client * 131 + n) % len(bodies)]
        return "POST", "/api/v1/dossiers", body, headers

    env = {"DATABASE_URL": database_url, "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60")}
    with benchlib.Server(env=env) as server:
        return benchlib.load(
            server.port, make_request, clients=HTTP_CLIENTS, seconds=SECONDS, warmup=2
        )


def main() -> None:
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    database_url, _label = benchlib.prepare_database(keep=keep)
    benchlib.setup_django(database_url)
    seeded = benchlib.seed(BASE)
    prepare_officers()
    server = benchlib.server_version()
    from motcua.dossiers.models import Dossier

    base = Dossier.objects.count()
    queries = count_queries()
    print(f"database: {server}; base {base:,} dossiers (seeded in {seeded:.0f} s)")
    print(f"machine: {benchlib.machine()}")
    print(f"queries per reception (service): {queries}")
    rows = []
    for processes in PROCESSES:
        result = run_service(database_url, processes)
        print(
            f"  service, {processes} process(es): {result['count']:,} receptions, "
            f"{result['rate']:.0f}/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, "
            f"{result['errors']} errors; CPU per reception {result['cpu_ms']:.2f} ms"
            + (
                ""
                if result["server_cpu_ms"] is None
                else f" + database server {result['server_cpu_ms']:.2f} ms"
            )
        )
        rows.append(("service", f"{processes} processes", result))
    if os.environ.get("BENCH_HTTP", "1") == "1":
        result = run_http(database_url)
        created = result["statuses"].get(201, 0)
        print(
            f"  HTTP, {HTTP_CLIENTS} clients: {result['requests']:,} requests, "
            f"{result['rps']:.0f}/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, "
            f"statuses {result['statuses']}"
        )
        result = {**result, "rate": created / result["seconds"], "errors": 0}
        rows.append(("HTTP `POST /api/v1/dossiers`", f"{HTTP_CLIENTS} clients", result))
    print()
    print(
        "| date | database | base dossiers | path | concurrency | receptions/s | p50 ms | p99 ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for path, concurrency, result in rows:
        print(
            f"| {time.strftime('%Y-%m-%d')} | {server} | {base:,} | {path} | {concurrency} | "
            f"{result['rate']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} |"
        )


if __name__ == "__main__":
    main()
