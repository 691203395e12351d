"""Printed forms: time to generate Form 01 (receipt) and sign it (PAdES), warm.

Run from the repository root (a temporary SQLite database and data folder are made, migrated
and thrown away; demo mode makes the demo CA and the unit's certificate on first use):
    .venv/bin/python bench/bench_forms.py

"Warm" means after a first render in the same process: fonts found, stylesheets parsed,
templates compiled, the unit's key loaded. Prints Markdown table rows for docs/benchmarks.md.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="motcua-bench-forms-"))
    os.environ["DATA_DIR"] = str(scratch)
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["MOTCUA_DEMO_MODE"] = "1"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    sys.path.insert(0, str(ROOT / "tests"))  # the test factories build the world
    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.disable(logging.WARNING)  # the immediate task backend reports every task

    call_command("migrate", verbosity=0)


def make_dossier():
    import datetime
    from zoneinfo import ZoneInfo

    from factories.accounts import StaffUserFactory
    from factories.catalog import PublishedProcedureFactory
    from factories.organizations import (
        CommuneFactory,
        MembershipFactory,
        ServicePointFactory,
        UnitFactory,
    )
    from motcua.dossiers.services import (
        ComponentHandedIn,
        ReceptionRequest,
        receive_at_counter,
    )
    from motcua.organizations.models import Role

    city = UnitFactory(code="000.00.00.H26", name="UBND thành phố Hà Nội", level="city")
    area = CommuneFactory(name="Phường Hoàn Kiếm")
    ward = UnitFactory(
        code="000.C0.01.H26",
        name="Ủy ban nhân dân phường Hoàn Kiếm",
        level="commune",
        area=area,
        parent=city,
    )
    point = ServicePointFactory(
        code="HN-HK-01",
        name="Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
        agency=ward,
        area=area,
        address="Số 126 phố Hàng Trống, phường Hoàn Kiếm",
    )
    officer = StaffUserFactory(full_name="Nguyễn Thị Lan")
    MembershipFactory(user=officer, unit=ward, role=Role.RECEPTION_OFFICER, service_point=point)
    version = PublishedProcedureFactory(version__name="Đăng ký khai sinh").versions.get()
    dossier = receive_at_counter(
        actor=officer,
        point=point,
        received_at=datetime.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        request=ReceptionRequest(
            procedure_version=version,
            applicant_name="Trần Văn Bình",
            applicant_identity_number="001090012345",
            applicant_address="Số 5 phố Hàng Bông, phường Cửa Nam",
            applicant_phone="0912345678",
            applicant_area=area,
            components=tuple(
                ComponentHandedIn(component_id=c.id) for c in version.components.all()
            ),
        ),
    )
    return officer, dossier


def timed(function, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each call (the CPU time of this process is the
    steadier number when other work shares the machine)."""
    function()  # warm
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def row(label: str, measured: tuple[list[float], list[float]]) -> str:
    wall, cpu = measured
    return (
        f"| {label} | {len(wall)} | {statistics.median(wall):.0f} ms | {p95(wall):.0f} ms "
        f"| {statistics.median(cpu):.0f} ms | {p95(cpu):.0f} ms |"
    )


def main() -> None:
    setup_django()
    from motcua.printing import contexts, services

    officer, dossier = make_dossier()

    def generate_and_sign():
        printed = services.print_dossier_form(actor=officer, dossier=dossier, form="receipt")
        assert printed.signed

    def generate_only():
        services.render(contexts.receipt(dossier), sign=False)

    signed = timed(generate_and_sign, ROUNDS)
    unsigned = timed(generate_only, ROUNDS)
    print("| Form 01 | renders | median (wall) | p95 (wall) | median (CPU) | p95 (CPU) |")
    print("|---|---|---|---|---|---|")
    print(row("generate + sign (PAdES-B-B), warm", signed))
    print(row("generate only (no signature), warm", unsigned))


if __name__ == "__main__":
    main()
