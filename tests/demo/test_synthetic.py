"""Rules of `motcua bench seed` (issue 5, benchmarks): N synthetic dossiers with real-shaped
codes numbered per receiving agency and day, code counters left at the last number given (so
a real reception afterwards takes the next free one), frozen due dates that are the legal time
on the working calendar, and a refusal to seed twice unless appending."""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from factories.accounts import StaffUserFactory
from factories.organizations import MembershipFactory
from motcua.calendars.selectors import effective_calendar
from motcua.dossiers.codes import parse_code, reception_day
from motcua.dossiers.models import Dossier, DossierCodeCounter, HistoryEntry
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.dossiers.transitions import CLOCK_RUNNING, FINAL_STATES
from motcua.organizations.models import Role, ServicePoint

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 18, 15, 30, tzinfo=VN)  # a Wednesday afternoon
N = 200


def seed(*extra):
    with time_machine.travel(NOW, tick=False):
        call_command("bench", "seed", "--dossiers", str(N), "--years", "0.5", *extra)


def test_seed_writes_n_dossiers_numbered_per_agency_and_day_like_real_codes():
    seed()
    assert Dossier.objects.count() == N
    numbers = defaultdict(list)
    coded = Dossier.objects.exclude(code=None).select_related("receiving_agency")
    for dossier in coded:
        code = parse_code(dossier.code)
        assert str(code) == dossier.code
        assert code.agency_code == dossier.receiving_agency.code
        assert code.day == reception_day(dossier.received_at)
        numbers[dossier.receiving_agency_id, code.day].append(code.number)
    assert coded.count() > N * 0.9
    counters = {(c.agency_id, c.day): c.last_number for c in DossierCodeCounter.objects.all()}
    for key, given in numbers.items():
        # Gap-free from 1, and the counter holds the last number given.
        assert sorted(given) == list(range(1, len(given) + 1))
        assert counters[key] == len(given)
    # Not accepted at the counter (guidance, refusal): no code, as the services do.
    assert all(d.status in {"guided", "refused"} for d in Dossier.objects.filter(code=None))


def test_a_real_reception_after_the_seed_takes_the_next_free_code():
    seed()
    counter = DossierCodeCounter.objects.order_by("-last_number", "-day").first()
    point = ServicePoint.objects.filter(agency_id=counter.agency_id).first()
    officer = StaffUserFactory()
    MembershipFactory(
        user=officer, unit=point.agency, role=Role.RECEPTION_OFFICER, service_point=point
    )
    version = Dossier.objects.filter(receiving_agency_id=counter.agency_id).first()
    version = version.procedure_version
    received_at = datetime.datetime.combine(counter.day, datetime.time(16, 45), tzinfo=VN)
    with time_machine.travel(NOW, tick=False):
        dossier = receive_at_counter(
            actor=officer,
            point=point,
            request=ReceptionRequest(
                procedure_version=version,
                applicant_name="Lê Thị Hoa",
                competent_unit=point.agency,
                components=tuple(
                    ComponentHandedIn(component_id=c.id)
                    for c in version.components.all()
                    if c.required
                ),
            ),
            received_at=received_at,
        )
    assert parse_code(dossier.code).number == counter.last_number + 1


def test_due_dates_are_the_legal_time_on_the_calendar_and_frozen():
    seed()
    accepted = Dossier.objects.exclude(code=None).select_related("due_deadline", "competent_unit")
    for dossier in accepted:
        deadline = dossier.due_deadline
        assert deadline.kind == "frozen"
        assert dossier.due_at == deadline.due_at
        assert deadline.working_hours == dossier.legal_hours
        assert deadline.started_at <= dossier.received_at <= NOW
        calendar = effective_calendar(dossier.competent_unit)
        assert calendar.add(deadline.started_at, hours=deadline.working_hours) == dossier.due_at
        if dossier.status in FINAL_STATES or dossier.status == "result_ready":
            assert deadline.closed_at is not None
        late = dossier.status in CLOCK_RUNNING and dossier.due_at < NOW
        assert (dossier.overdue_since is not None) == late
        history = list(HistoryEntry.objects.filter(dossier=dossier).order_by("occurred_at", "id"))
        assert history[-1].to_status == dossier.status
        assert all(entry.data.get("synthetic") for entry in history)


def test_open_dossiers_have_their_steps_and_most_are_returned():
    seed()
    returned = Dossier.objects.filter(status="returned").count()
    assert returned > N * 0.8
    for dossier in Dossier.objects.filter(status__in=["in_progress", "awaiting_payment"]):
        steps = list(dossier.steps.order_by("order"))
        assert steps, dossier.code
        assert any(step.status == "in_progress" for step in steps)
        assert all(step.due_at for step in steps if step.status != "waiting")


def test_seeding_twice_is_refused_unless_appending():
    seed()
    with pytest.raises(CommandError, match="already holds 200 dossiers"):
        seed()
    assert Dossier.objects.count() == N
    seed("--append", "--seed", "7")
    assert Dossier.objects.count() == 2 * N
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for counter in DossierCodeCounter.objects.all():
        prefix = f"{counter.agency.code}-{counter.day:%y%m%d}-"
        assert Dossier.objects.filter(code__startswith=prefix).count() == counter.last_number
