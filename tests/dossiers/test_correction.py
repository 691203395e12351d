"""Rules of correcting a reception: only an officer of the receiving point, only while the
dossier is received and no step has started; the code stays, a new edition of the receipt is
issued; the due date is recomputed only when the procedure changed (same start, the right
legal time); every change is in the history with its reason, before and after."""

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
from motcua.dossiers.models import DossierStep, HistoryEntry, StepStatus
from motcua.dossiers.services.correction import correct
from motcua.dossiers.services.reception import (
    ComponentHandedIn,
    ReceptionRequest,
    receive_at_counter,
)
from motcua.notifications.models import OutboxEvent
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VN)
LATER = MONDAY + datetime.timedelta(minutes=20)


def required_papers(version):
    return tuple(
        ComponentHandedIn(component_id=c.id) for c in version.components.filter(required=True)
    )


@pytest.fixture
def world(city):
    area = CommuneFactory()
    commune = UnitFactory(code="000.C0.09.H26", level="commune", area=area, parent=city)
    point = ServicePointFactory(agency=commune, area=area)
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    version = PublishedProcedureFactory(version__days=3).versions.get()
    dossier = receive_at_counter(
        actor=officer,
        point=point,
        received_at=MONDAY,
        request=ReceptionRequest(
            procedure_version=version,
            applicant_name="Vũ Văn Hải",
            applicant_identity_number="001080000999",
            applicant_area=area,
            components=required_papers(version),
        ),
    )
    return {"officer": officer, "point": point, "commune": commune, "dossier": dossier}


def test_correcting_an_applicant_detail_keeps_the_code_and_the_due_date(world):
    before = world["dossier"]
    dossier = correct(
        actor=world["officer"],
        dossier=before,
        reason="Gõ nhầm tên",
        applicant={"applicant_name": "Vũ Văn Hải Nam", "applicant_phone": ""},
        at=LATER,
    )
    assert dossier.code == before.code and dossier.status == "received"
    assert dossier.applicant_name == "Vũ Văn Hải Nam"
    assert dossier.due_at == before.due_at and dossier.due_deadline_id == before.due_deadline_id
    entry = HistoryEntry.objects.filter(dossier=dossier).last()
    assert (entry.action, entry.from_status, entry.to_status) == (
        "correct",
        "received",
        "received",
    )
    assert entry.note == "Gõ nhầm tên" and entry.data["reason"] == "Gõ nhầm tên"
    # Only what changed is recorded, with its value before and after.
    assert entry.data["changes"] == {"applicant_name": ["Vũ Văn Hải", "Vũ Văn Hải Nam"]}
    assert entry.data["receipt"]["code"] == before.code
    assert entry.data["receipt"]["edition"] == 2
    assert OutboxEvent.objects.filter(topic="dossier.correct", aggregate_id=before.code).exists()


def test_correcting_the_procedure_recomputes_the_due_date_from_the_same_start(world):
    before = world["dossier"]
    right = PublishedProcedureFactory(version__days=5).versions.get()
    dossier = correct(
        actor=world["officer"],
        dossier=before,
        reason="Chọn nhầm thủ tục",
        procedure_version=right,
        components=required_papers(right),
        at=LATER,
    )
    assert dossier.code == before.code and dossier.procedure_version == right
    assert dossier.legal_hours == 40
    # Monday 09:00 + 5 working days → next Monday 09:00: same start, the right time.
    assert dossier.due_at == datetime.datetime(2026, 3, 9, 9, 0, tzinfo=VN)
    assert dossier.due_deadline.started_at == MONDAY
    assert dossier.due_deadline.kind == "frozen"
    old = before.due_deadline
    old.refresh_from_db()
    assert old.closed_at == LATER and old.due_at == before.due_at  # kept, not overwritten
    assert [c.component_id for c in dossier.components.all()] == [
        c.component_id for c in required_papers(right)
    ]
    changes = HistoryEntry.objects.filter(dossier=dossier).last().data["changes"]
    assert changes["procedure_version"][0]["id"] == before.procedure_version_id
    due_before, due_after = map(datetime.datetime.fromisoformat, changes["due_at"])
    assert (due_before, due_after) == (before.due_at, dossier.due_at)
    assert changes["legal_hours"] == ["24.00", "40.00"]
    assert set(changes) >= {"components", "fees", "due_deadline"}


def test_correcting_the_papers_alone_keeps_the_due_date(world):
    before = world["dossier"]
    version = before.procedure_version
    papers = tuple(
        ComponentHandedIn(component_id=c.id, form="copy") for c in version.components.all()
    )
    dossier = correct(
        actor=world["officer"],
        dossier=before,
        reason="Thiếu giấy cư trú",
        components=papers,
        at=LATER,
    )
    assert dossier.components.count() == 2 and dossier.due_at == before.due_at
    before_list, after_list = (
        HistoryEntry.objects.filter(dossier=dossier).last().data["changes"]["components"]
    )
    assert len(before_list) == 1 and len(after_list) == 2


def test_a_second_correction_issues_the_next_receipt_edition(world):
    dossier = world["dossier"]
    for name in ("Vũ Hải", "Vũ Văn Hải"):
        correct(
            actor=world["officer"],
            dossier=dossier,
            reason="Sửa tên",
            applicant={"applicant_name": name},
            at=LATER,
        )
    editions = [e.data["receipt"]["edition"] for e in dossier.history.filter(action="correct")]
    assert editions == [2, 3]


def test_a_correction_needs_a_reason_and_a_change(world):
    dossier = world["dossier"]
    cases = (
        ({"reason": " ", "applicant": {"applicant_name": "X"}}, "reason"),
        ({"reason": "Sửa", "applicant": {"applicant_name": dossier.applicant_name}}, "__all__"),
        ({"reason": "Sửa", "applicant": {"status": "refused"}}, "applicant"),
        ({"reason": "Sửa", "applicant": {"applicant_name": ""}}, "applicant_name"),
        (
            {
                "reason": "Sửa",
                "procedure_version": PublishedProcedureFactory().versions.get(),
            },
            "components",
        ),
    )
    for arguments, field in cases:
        with pytest.raises(ValidationError) as error:
            correct(actor=world["officer"], dossier=dossier, at=LATER, **arguments)
        assert field in error.value.message_dict
    assert not dossier.history.filter(action="correct").exists()


def test_no_correction_once_processing_has_started(world):
    dossier = world["dossier"]
    DossierStep.objects.create(
        dossier=dossier,
        order=1,
        name="Thẩm định",
        action="appraise",
        unit=world["commune"],
        allotted_hours=8,
        status=StepStatus.IN_PROGRESS,
    )
    with pytest.raises(ValidationError) as error:
        correct(
            actor=world["officer"],
            dossier=dossier,
            reason="Sửa",
            applicant={"applicant_name": "Khác"},
            at=LATER,
        )
    assert "status" in error.value.message_dict
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Vũ Văn Hải"


def test_only_an_officer_of_the_receiving_point_corrects(world, department):
    elsewhere = StaffUserFactory()
    MembershipFactory(user=elsewhere, unit=department, role=Role.RECEPTION_OFFICER)
    specialist = StaffUserFactory()
    MembershipFactory(user=specialist, unit=world["commune"], role=Role.SPECIALIST)
    for user in (elsewhere, specialist):
        with pytest.raises(PermissionDenied):
            correct(
                actor=user,
                dossier=world["dossier"],
                reason="Sửa",
                applicant={"applicant_name": "Khác"},
                at=LATER,
            )
    assert not world["dossier"].history.filter(action="correct").exists()
