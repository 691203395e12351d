"""Audit log write throughput: records chained after commit (motcua's design) against records
chained inside each write (a global lock on the chain head), with concurrent writers.

Run from the repository root (the database is created, migrated and dropped by the bench):
    .venv/bin/python bench/bench_audit.py                      # SQLite (temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_audit \
        .venv/bin/python bench/bench_audit.py                  # PostgreSQL

Prints one Markdown table row per mode; the numbers go to docs/benchmarks.md.
"""

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

WRITERS = int(os.environ.get("BENCH_WRITERS", "4"))
WRITES_PER_WRITER = int(os.environ.get("BENCH_WRITES", "500"))


def setup_django() -> str:
    scratch = Path(tempfile.mkdtemp(prefix="motcua-bench-audit-"))
    os.environ.setdefault("DATA_DIR", str(scratch))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        name = settings.DATABASES["default"]["NAME"]
        admin = connection.settings_dict.copy()
        import psycopg

        with psycopg.connect(
            host=admin["HOST"] or "127.0.0.1",
            port=admin["PORT"] or 5432,
            user=admin["USER"],
            dbname="postgres",
            autocommit=True,
        ) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    return connection.vendor


def write_deferred(count: int) -> None:
    """motcua's way: the write only inserts its record; sealing comes after commit."""
    from django.db import connection, transaction

    from motcua.audit.services import record

    for number in range(count):
        with transaction.atomic():
            record(actor=None, action="bench.deferred", changes={"n": number})
    connection.close()


def write_chained_inline(count: int) -> None:
    """The naive way: every write locks the chain head and links its record at once."""
    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.audit.chain import record_hash
    from motcua.audit.models import AuditRecord, ChainHead

    for number in range(count):
        with transaction.atomic():
            head = ChainHead.objects.select_for_update().get(pk=2)
            entry = AuditRecord(
                occurred_at=timezone.now(),
                channel="system",
                action="bench.inline",
                changes={"n": number},
            )
            entry.save()
            index = head.last_index + 1
            digest = record_hash(entry, index, head.last_hash)
            # The inline chain uses a negative index space, apart from the real chain.
            AuditRecord.objects.filter(pk=entry.pk).update(
                chain_index=-index, previous_hash=head.last_hash, record_hash=digest
            )
            head.last_index, head.last_hash = index, digest
            head.save()
    connection.close()


def run_writers(target) -> float:
    threads = [threading.Thread(target=target, args=(WRITES_PER_WRITER,)) for _ in range(WRITERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> None:
    vendor = setup_django()
    from motcua.audit.models import ChainHead
    from motcua.audit.services import seal_pending, verify_chain

    ChainHead.objects.get_or_create(pk=1)
    ChainHead.objects.get_or_create(pk=2)
    total = WRITERS * WRITES_PER_WRITER
    results = {}
    for label, target in [
        ("chained inside each write (baseline)", write_chained_inline),
        ("record now, seal after commit (motcua)", write_deferred),
    ]:
        runs = [run_writers(target) for _ in range(3)]
        results[label] = total / statistics.median(runs)
    # The baseline's rows live in a negative index space; drop them (a throwaway database)
    # so that the real chain verifies.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE action = 'bench.inline'")
    started = time.perf_counter()
    sealed = seal_pending()
    seal_rate = sealed / (time.perf_counter() - started)
    report = verify_chain()
    assert report.ok, report.problem
    baseline = results["chained inside each write (baseline)"]
    print(f"database: {vendor}; {WRITERS} writers × {WRITES_PER_WRITER} transactions, median of 3")
    print("| mode | writes/s | ratio |")
    print("|---|---|---|")
    for label, rate in results.items():
        print(f"| {label} | {rate:,.0f} | {rate / baseline:.2f}× |")
    print(f"| sealing afterwards ({sealed:,} records, one task) | {seal_rate:,.0f} sealed/s | |")


if __name__ == "__main__":
    sys.exit(main())
