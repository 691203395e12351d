"""Rules of reception at the counter (issue 5 §1-§4, §6): a complete dossier gets its code from
the RECEIVING agency, its legal due date on the working calendar, its Form 01 facts, a history
entry, an audit record and an outbox event, all in one transaction; boundary-free: any point
receives, the competent unit follows the applicant's area; every refusal says why and changes
nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factories.accounts import StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.audit.models import AuditRecord
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, DossierCodeCounter, HistoryEntry
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.notifications.models import OutboxEvent
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
THURSDAY = datetime.datetime(2026, 2, 12, 9, 30, tzinfo=VN)  # 3 days later: Tết in between


@pytest.fixture
def world(city):
    """Two communes; the officer works at commune A's centre; the applicant lives in B."""
    area_a, area_b = CommuneFactory(name="Phường A"), CommuneFactory(name="Phường B")
    commune_a = UnitFactory(code="000.C0.01.H26", level="commune", area=area_a, parent=city)
    commune_b = UnitFactory(code="000.C0.02.H26", level="commune", area=area_b, parent=city)
    point_a = ServicePointFactory(agency=commune_a, area=area_a, kind="commune_centre")
    officer = StaffUserFactory(full_name="Nguyễn Thị Lan")
    MembershipFactory(
        user=officer, unit=commune_a, role=Role.RECEPTION_OFFICER, service_point=point_a
    )
    procedure = PublishedProcedureFactory(version__name="Đăng ký khai sinh", version__days=3)
    version = procedure.versions.get()
    return {
        "officer": officer,
        "point": point_a,
        "commune_a": commune_a,
        "commune_b": commune_b,
        "area_b": area_b,
        "version": version,
    }


def request_for(world, **overrides):
    version = world["version"]
    required = [c for c in version.components.all() if c.required]
    data = {
        "procedure_version": version,
        "applicant_name": "Trần Văn Bình",
        "applicant_identity_kind": "cccd",
        "applicant_identity_number": "001090012345",
        "applicant_area": world["area_b"],
        "applicant_email": "binh@example.vn",
        "components": tuple(ComponentHandedIn(component_id=c.id, digitised=True) for c in required),
    }
    data.update(overrides)
    return ReceptionRequest(**data)


def test_a_complete_dossier_is_coded_clocked_and_recorded(world):
    dossier = receive_at_counter(
        actor=world["officer"],
        point=world["point"],
        request=request_for(world),
        received_at=THURSDAY,
    )
    assert dossier.code == "000.C0.01.H26-260212-0001"
    assert dossier.status == "received" and dossier.national_status == 2
    # Tết 2026 (14-22/02) does not count: Thu 12/02 09:30 + 3 working days → Tue 24/02 09:30.
    assert dossier.due_at == datetime.datetime(2026, 2, 24, 9, 30, tzinfo=VN)
    assert dossier.due_deadline.kind == "frozen"
    assert dossier.legal_hours == 24
    assert dossier.has_digitised_components
    assert dossier.fees.get().amount_vnd == 8000
    entry = HistoryEntry.objects.get(dossier=dossier)
    assert (entry.action, entry.from_status, entry.to_status) == ("receive", "", "received")
    assert AuditRecord.objects.filter(action="dossiers.receive", object_id=str(dossier.uuid))
    assert OutboxEvent.objects.filter(topic="dossier.receive", aggregate_id=dossier.code).exists()


def test_boundary_free_reception_routes_to_the_applicants_commune(world):
    dossier = receive_at_counter(
        actor=world["officer"],
        point=world["point"],
        request=request_for(world),
        received_at=THURSDAY,
    )
    # Received at commune A's centre (code prefix), decided by commune B (the applicant's).
    assert dossier.receiving_agency == world["commune_a"]
    assert dossier.competent_unit == world["commune_b"]


def test_codes_follow_each_other_at_one_agency_on_one_day(world):
    codes = [
        receive_at_counter(
            actor=world["officer"],
            point=world["point"],
            request=request_for(world),
            received_at=THURSDAY,
        ).code
        for _ in range(3)
    ]
    assert [code[-4:] for code in codes] == ["0001", "0002", "0003"]


def test_missing_papers_are_all_listed_and_nothing_is_recorded(world):
    with pytest.raises(ValidationError) as error:
        receive_at_counter(
            actor=world["officer"],
            point=world["point"],
            request=request_for(world, components=()),
            received_at=THURSDAY,
        )
    assert len(error.value.message_dict["components"]) == 1  # the one required paper
    assert not Dossier.objects.exists()
    assert not DossierCodeCounter.objects.filter(last_number__gt=0).exists()
    assert not OutboxEvent.objects.exists()


def test_a_specialist_or_an_officer_of_another_point_cannot_receive_here(world, department):
    specialist = StaffUserFactory()
    MembershipFactory(user=specialist, unit=department, role=Role.SPECIALIST)
    elsewhere = StaffUserFactory()
    MembershipFactory(user=elsewhere, unit=department, role=Role.RECEPTION_OFFICER)
    for user in (specialist, elsewhere):
        with pytest.raises(PermissionDenied):
            receive_at_counter(
                actor=user, point=world["point"], request=request_for(world), received_at=THURSDAY
            )
    assert not Dossier.objects.exists()


def test_without_the_applicants_area_the_officer_must_choose_the_competent_unit(world):
    with pytest.raises(ValidationError) as error:
        receive_at_counter(
            actor=world["officer"],
            point=world["point"],
            request=request_for(world, applicant_area=None),
            received_at=THURSDAY,
        )
    assert "competent_unit" in error.value.message_dict
    dossier = receive_at_counter(
        actor=world["officer"],
        point=world["point"],
        received_at=THURSDAY,
        request=request_for(world, applicant_area=None, competent_unit=world["commune_b"]),
    )
    assert dossier.competent_unit == world["commune_b"]


def test_a_version_not_in_force_on_the_reception_day_is_refused(world):
    before = datetime.datetime(2025, 6, 2, 9, tzinfo=VN)  # the version starts on 01/07/2025
    with pytest.raises(ValidationError) as error:
        receive_at_counter(
            actor=world["officer"],
            point=world["point"],
            request=request_for(world),
            received_at=before,
        )
    assert "procedure_version" in error.value.message_dict


def test_a_result_by_post_needs_an_address(world):
    with pytest.raises(ValidationError) as error:
        receive_at_counter(
            actor=world["officer"],
            point=world["point"],
            received_at=THURSDAY,
            request=request_for(world, return_channel="post"),
        )
    assert "return_address" in error.value.message_dict


def test_a_procedure_solved_on_the_spot_is_due_at_reception(world):
    procedure = PublishedProcedureFactory(version__name="Chứng thực bản sao")
    version = procedure.versions.get()
    version.channels.update(time_unit="on_the_spot", time_limit=0)
    version.steps.all().delete()
    dossier = receive_at_counter(
        actor=world["officer"],
        point=world["point"],
        received_at=THURSDAY,
        request=request_for(
            world,
            procedure_version=version,
            components=tuple(
                ComponentHandedIn(component_id=c.id)
                for c in version.components.filter(required=True)
            ),
        ),
    )
    assert dossier.legal_hours == 0
    assert dossier.due_at == THURSDAY
    assert Procedure.objects.count() == 2


def test_the_counter_clock_starts_at_reception_on_the_shared_path(world):
    dossier = receive_at_counter(
        actor=world["officer"],
        point=world["point"],
        request=request_for(world),
        received_at=THURSDAY,
    )
    # The same facts as an online reception writes: when the clock started, the due date.
    assert dossier.due_deadline.started_at == THURSDAY == dossier.submitted_at
    entry = HistoryEntry.objects.get(dossier=dossier)
    assert entry.data["clock_started_at"] == THURSDAY.isoformat()
    assert set(entry.data) == {"code", "clock_started_at", "due_at", "competent_unit", "point"}
