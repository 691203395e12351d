"""A reception process for the concurrency test: allocates codes in its own transactions.

    DATABASE_URL=postgres://… python allocate_codes_worker.py <agency id> <count> <ISO instant>

Sets Django up on DATABASE_URL (the test database), prints "ready", waits for one line on
stdin so that all workers start together, then allocates <count> codes, one transaction each,
and prints them one per line.
"""

import datetime
import os
import sys


def main() -> None:
    agency_id, count, received_at = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from motcua.dossiers.codes import allocate_code
    from motcua.organizations.models import Unit

    agency = Unit.objects.get(pk=agency_id)  # also opens the connection before the start
    instant = datetime.datetime.fromisoformat(received_at)
    print("ready", flush=True)
    sys.stdin.readline()
    codes = []
    for _ in range(count):
        with transaction.atomic():
            codes.append(allocate_code(agency=agency, received_at=instant))
    connection.close()
    sys.stdout.write("\n".join(codes) + "\n")


if __name__ == "__main__":
    main()
