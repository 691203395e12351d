"""Rules of the clock watch (issue 5 §4): a dossier or step whose due instant passed while its
clock ran is marked overdue once and its unit notified once; a stopped clock is never overdue;
the check finds dossiers without an owner or a clock, and those received but never routed or
submitted but never received for more than a working day."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from factories.accounts import StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.monitoring import hanging_dossiers, sweep_overdue
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.notifications.models import OutboxEvent
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime.datetime(2026, 3, 2, 9, tzinfo=VN)  # 3 working days → Thu 5/3 09:00


@pytest.fixture
def received(city):
    area = CommuneFactory()
    commune = UnitFactory(code="000.C0.05.H26", level="commune", area=area, parent=city)
    point = ServicePointFactory(agency=commune, area=area)
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    version = PublishedProcedureFactory().versions.get()
    return receive_at_counter(
        actor=officer,
        point=point,
        received_at=MONDAY_9,
        request=ReceptionRequest(
            procedure_version=version,
            applicant_name="Phạm Văn Dũng",
            applicant_area=area,
            components=tuple(
                ComponentHandedIn(component_id=c.id)
                for c in version.components.filter(required=True)
            ),
        ),
    )


def overdue_events():
    return OutboxEvent.objects.filter(topic="dossier.overdue")


def test_a_dossier_past_its_due_instant_is_marked_and_notified_once(received):
    assert sweep_overdue(datetime.datetime(2026, 3, 5, 8, 59, tzinfo=VN)).dossiers == 0
    later = datetime.datetime(2026, 3, 5, 9, 1, tzinfo=VN)
    assert sweep_overdue(later).dossiers == 1
    assert sweep_overdue(later + datetime.timedelta(hours=2)).dossiers == 0
    received.refresh_from_db()
    assert received.overdue_since == later
    event = overdue_events().get()
    assert event.payload["unit"] == received.competent_unit.code


def test_a_stopped_clock_is_never_overdue(received):
    Dossier.objects.filter(pk=received.pk).update(status="awaiting_payment")
    assert sweep_overdue(datetime.datetime(2026, 4, 1, 9, tzinfo=VN)).dossiers == 0
    assert not overdue_events().exists()


def test_received_but_never_routed_for_a_working_day_is_hanging(received):
    assert hanging_dossiers(datetime.datetime(2026, 3, 2, 16, tzinfo=VN)) == []
    found = hanging_dossiers(datetime.datetime(2026, 3, 3, 10, tzinfo=VN))
    assert [(f.reference, f.problem) for f in found] == [
        (received.code, "received more than a working day ago, never routed")
    ]


def test_a_dossier_without_an_owner_or_a_clock_is_reported(received):
    Dossier.objects.filter(pk=received.pk).update(competent_unit=None)
    found = hanging_dossiers(MONDAY_9)
    assert [(f.reference, f.problem) for f in found] == [
        (received.code, "no owner (competent unit)")
    ]
    with pytest.raises(CommandError, match=r"hanging dossier\(s\)"):
        call_command("dossier_clocks", "check")


def test_the_check_passes_when_nothing_hangs(db):
    call_command("dossier_clocks", "check")


def test_the_sweep_command_marks_and_reports(received, capsys):
    Dossier.objects.filter(pk=received.pk).update(
        due_at=datetime.datetime(2026, 1, 5, 9, tzinfo=VN)
    )
    call_command("dossier_clocks", "sweep")
    assert "1 dossier" in capsys.readouterr().out
