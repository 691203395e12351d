"""A unit's open dossiers, most urgent first, with a million dossiers stored.

Run from the repository root (see benchlib.py for the database; PostgreSQL's is recreated
unless BENCH_KEEP_DB=1 finds it already seeded):

    .venv/bin/python bench/bench_queue.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_queue \\
        .venv/bin/python bench/bench_queue.py

It seeds BENCH_DOSSIERS synthetic dossiers (default 1,000,000, three years; `motcua bench
seed`: a few minutes), then times the first page (20 rows) of two reads for every competent
unit that has dossiers (at most BENCH_UNITS units, each read BENCH_REPEAT times):

* work queue: `selectors.unit_queue(unit)` — the unit's dossiers in the states where it must
  act, ordered by due date (the query of a unit's work queue);
* API: `GET /api/v1/dossiers?unit=…&status=received,in_progress,…` through the whole Django
  stack (test client, logged in as the city supervisor, who may see everything).

On PostgreSQL it prints EXPLAIN ANALYZE of both for the unit with the most dossiers and says
whether the index `dossier_unit_queue` is used. Goal (issue 5): p99 under 50 ms.
"""

from __future__ import annotations

import os
import random
import time

import benchlib

DOSSIERS = benchlib.env_int("BENCH_DOSSIERS", 1_000_000)
UNITS = benchlib.env_int("BENCH_UNITS", 150)
REPEAT = benchlib.env_int("BENCH_REPEAT", 5)
PAGE = 20


def timed(run, units) -> list[float]:
    for unit in units[:5]:
        run(unit)  # warm caches and the connection
    times = []
    for _ in range(REPEAT):
        for unit in units:
            started = time.perf_counter()
            run(unit)
            times.append((time.perf_counter() - started) * 1000)
    return times


TOKEN = "bench-token-supervisor"  # noqa: S105 - a throwaway database's throwaway token


def bench_supervisor():
    """A supervisor of the city (sees every dossier) with an API token."""
    from motcua.accounts.models import AccountKind, ApiToken, User
    from motcua.accounts.tokens import digest_of
    from motcua.organizations.models import Membership, Role, Unit

    user, created = User.objects.get_or_create(
        username="bench.giamsat", defaults={"full_name": "Giám sát", "kind": AccountKind.STAFF}
    )
    if created:
        city = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
        Membership.objects.create(user=user, unit=city, role=Role.SUPERVISOR)
        ApiToken.objects.create(user=user, prefix="bench", digest=digest_of(TOKEN))
    return user


def explain(queryset) -> str:
    return queryset.explain(analyze=True)


def main() -> None:
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    database_url, _label = benchlib.prepare_database(keep=keep)
    benchlib.setup_django(database_url)
    seeded = benchlib.seed(DOSSIERS)

    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.selectors import (
        UNIT_QUEUE_STATES,
        dossiers_visible_to,
        filter_dossiers,
        unit_queue,
    )
    from motcua.organizations.models import Unit

    with connection.cursor() as cursor:  # fresh statistics after the bulk load
        cursor.execute("ANALYZE")
    total = Dossier.objects.count()
    sizes = dict(
        Dossier.objects.filter(status__in=list(UNIT_QUEUE_STATES))
        .values_list("competent_unit")
        .annotate(n=Count("id"))
    )
    units = list(Unit.objects.filter(pk__in=list(sizes)).order_by("code"))
    random.Random(5).shuffle(units)
    units = units[:UNITS]
    open_total = sum(sizes.values())
    supervisor = bench_supervisor()
    client = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Token {TOKEN}")
    states = ",".join(UNIT_QUEUE_STATES)

    def queue(unit):
        return list(unit_queue(unit)[:PAGE])

    def api(unit):
        response = client.get(
            "/api/v1/dossiers", {"unit": unit.code, "status": states, "page_size": PAGE}
        )
        assert response.status_code == 200, response.content[:500]
        return response

    results = {"work queue (selector)": timed(queue, units), "API list": timed(api, units)}
    server = benchlib.server_version()
    print(
        f"database: {server}; {total:,} dossiers ({open_total:,} open in the units' queues; "
        f"seeded in {seeded:.0f} s); {len(units)} units × {REPEAT}"
    )
    print(f"machine: {benchlib.machine()}")
    used = {}
    if connection.vendor == "postgresql":
        biggest = Unit.objects.get(pk=max(sizes, key=sizes.get))
        plans = {
            "work queue (selector)": explain(unit_queue(biggest)[:PAGE]),
            "API list": explain(
                filter_dossiers(
                    dossiers_visible_to(supervisor), statuses=UNIT_QUEUE_STATES, unit=biggest
                )
                .select_related(None)  # as api/dossier_list.py pages it
                .order_by("-listed_at", "-uuid")[: PAGE + 1]
            ),
        }
        for name, plan in plans.items():
            used[name] = "dossier_unit_queue" in plan
            print(f"\nEXPLAIN ANALYZE, {name}, unit {biggest.code} ({sizes[biggest.pk]:,} open):")
            print(plan)
    print()
    print("| date | database | dossiers | query | units × runs | p50 ms | p99 ms | index used |")
    print("|---|---|---|---|---|---|---|---|")
    for name, times in results.items():
        index = {True: "yes", False: "no"}.get(used.get(name), "n/a")
        print(
            f"| {time.strftime('%Y-%m-%d')} | {server} | {total:,} | {name} | "
            f"{len(units)} × {REPEAT} | {benchlib.percentile(times, 50):.2f} | "
            f"{benchlib.percentile(times, 99):.2f} | {index} |"
        )


if __name__ == "__main__":
    main()
