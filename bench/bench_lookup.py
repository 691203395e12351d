"""The public lookup of a dossier by its code under load, against a bare Django JSON view.

Run from the repository root (see benchlib.py for the database; PostgreSQL's is recreated):

    .venv/bin/python bench/bench_lookup.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_lookup \\
        .venv/bin/python bench/bench_lookup.py

It seeds BENCH_BASE synthetic dossiers (default 100,000; `motcua bench seed`), starts gunicorn
as `motcua serve` does (2 workers × 4 threads) with the bench settings (bench_settings.py:
motcua's settings plus the URL `/bench/bare`, a view that returns a small JsonResponse), and
sends, from BENCH_CLIENTS keep-alive clients (threads of this process, same machine), for
BENCH_SECONDS each, alternating BENCH_ROUNDS times (default 2):

* baseline: `GET /bench/bare` — the same server, middleware and client, no work;
* lookup: `GET /api/v1/public/dossiers/{code}` over 2,000 codes drawn from the base.

The lookup's per-address throttle would turn most requests into 429 here (one client address
sends thousands a second); the bench raises it through its setting (PUBLIC_LOOKUP_RATE,
default 60/min in production) to 100000000/s, so every request is a real lookup while the
throttle's own work (a cache read and write per request) is still measured. The server keeps
its database connections (DB_CONN_MAX_AGE, default 60 s here), as a production deployment
should on PostgreSQL. Goal (issue 5): lookup requests per second at least 0.5 × baseline.
"""

from __future__ import annotations

import os
import random
import statistics
import time

import benchlib

BASE = benchlib.env_int("BENCH_BASE", 100_000)
SECONDS = benchlib.env_int("BENCH_SECONDS", 15)
CLIENTS = benchlib.env_int("BENCH_CLIENTS", 8)
ROUNDS = benchlib.env_int("BENCH_ROUNDS", 2)


def main() -> None:
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    database_url, _label = benchlib.prepare_database(keep=keep)
    benchlib.setup_django(database_url)
    seeded = benchlib.seed(BASE)
    from motcua.dossiers.models import Dossier

    total = Dossier.objects.count()
    codes = list(
        Dossier.objects.filter(code__isnull=False)
        .order_by("?")
        .values_list("code", flat=True)[:2000]
    )
    rng = random.Random(3)
    rng.shuffle(codes)
    server = benchlib.server_version()
    env = {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join(
            [str(benchlib.BENCH_DIR), str(benchlib.SOURCE), os.environ.get("PYTHONPATH", "")]
        ),
        "PUBLIC_LOOKUP_RATE": "100000000/s",
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    }
    headers = {"Accept": "application/json", "Accept-Language": "vi"}

    def bare(client, n):
        return "GET", "/bench/bare", None, headers

    def lookup(client, n):
        return (
            "GET",
            f"/api/v1/public/dossiers/{codes[(client * 257 + n) % len(codes)]}",
            None,
            headers,
        )

    runs = {"baseline": [], "lookup": []}
    with benchlib.Server(env=env) as web:
        for round_number in range(ROUNDS):
            for name, make in (("baseline", bare), ("lookup", lookup)):
                result = benchlib.load(web.port, make, clients=CLIENTS, seconds=SECONDS)
                good = result["statuses"].get(200, 0)
                if good != result["requests"]:
                    raise SystemExit(f"{name}: not every answer was 200: {result['statuses']}")
                runs[name].append(result)
                print(
                    f"  {name:<8} {result['rps']:7.0f} req/s  p50 {result['p50']:.1f} ms  "
                    f"p99 {result['p99']:.1f} ms"
                )
            print(
                f"  round {round_number + 1}: ratio "
                f"{runs['lookup'][-1]['rps'] / runs['baseline'][-1]['rps']:.2f}"
            )
    best = {name: max(results, key=lambda r: r["rps"]) for name, results in runs.items()}
    ratio = best["lookup"]["rps"] / best["baseline"]["rps"]
    # On a machine shared with other work the load moves between runs, and the best of each
    # may come from different moments; a round's two runs are next to each other in time, so
    # the median of the rounds' ratios is the steadier figure.
    per_round = sorted(
        lookup["rps"] / baseline["rps"]
        for baseline, lookup in zip(runs["baseline"], runs["lookup"], strict=True)
    )
    median_ratio = statistics.median(per_round)
    print(f"database: {server}; {total:,} dossiers (seeded in {seeded:.0f} s)")
    print(
        f"machine: {benchlib.machine()}; {CLIENTS} clients, {SECONDS} s per run, best of {ROUNDS}"
    )
    print()
    print(
        "| date | database | dossiers | baseline req/s | lookup req/s | ratio (best) "
        "| ratio (median of rounds) | lookup p50 / p99 ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    lookup_best = best["lookup"]
    print(
        f"| {time.strftime('%Y-%m-%d')} | {server} | {total:,} | {best['baseline']['rps']:,.0f} | "
        f"{lookup_best['rps']:,.0f} | {ratio:.2f} | {median_ratio:.2f} | "
        f"{lookup_best['p50']:.1f} / {lookup_best['p99']:.1f} |"
    )


if __name__ == "__main__":
    main()
