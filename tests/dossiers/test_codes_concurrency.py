"""THE concurrency rule of issue 5 §3: codes stay unique and gap-free when many OS processes,
each with its own database connection, receive at one agency on one day. Only PostgreSQL has
the row locks this is about; SQLite serialises every writer anyway."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from factories.organizations import UnitFactory
from motcua.dossiers.codes import parse_code
from motcua.dossiers.models import DossierCodeCounter

WORKER = Path(__file__).with_name("allocate_codes_worker.py")
PROCESSES = 8
PER_PROCESS = 500

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under real concurrency need PostgreSQL; SQLite serialises writers",
    ),
]


def children_database_url() -> str:
    """A DATABASE_URL for the test database pytest-django created, for the child processes."""
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(s['NAME'], safe='')}"


def test_eight_processes_receiving_500_dossiers_each_get_4000_consecutive_codes():
    agency = UnitFactory(code="000.00.06.H56")
    env = {**os.environ, "DATABASE_URL": children_database_url()}
    command = [sys.executable, str(WORKER), str(agency.pk), str(PER_PROCESS)]
    # 23:30 in Vietnam: also checks that every process agrees on the local day.
    command.append("2023-10-27T23:30:00+07:00")
    workers = [
        subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    for worker in workers:  # every process connected before any starts allocating
        assert worker.stdout.readline().strip() == "ready"
    started = time.monotonic()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    elapsed = time.monotonic() - started
    assert [worker.returncode for worker in workers] == [0] * PROCESSES

    codes = [line for output in outputs for line in output.split()]
    per_worker = [len(output.split()) for output in outputs]
    assert per_worker == [PER_PROCESS] * PROCESSES
    total = PROCESSES * PER_PROCESS
    assert len(set(codes)) == total
    parsed = [parse_code(code) for code in codes]
    assert {(p.agency_code, p.day.isoformat()) for p in parsed} == {("000.00.06.H56", "2023-10-27")}
    assert sorted(p.number for p in parsed) == list(range(1, total + 1))
    # Within one process, later transactions always got higher numbers.
    for output in outputs:
        numbers = [parse_code(code).number for code in output.split()]
        assert numbers == sorted(numbers)
    assert DossierCodeCounter.objects.get(agency=agency).last_number == total
    print(f"\n{total} codes from {PROCESSES} processes in {elapsed:.1f} s")
