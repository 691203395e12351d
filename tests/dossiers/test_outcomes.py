"""Rules of the outcomes of reception other than the receipt (DOMAIN §3.2): Form 02 lists every
missing paper with its reason, told once and completely; the guidance note and Form 03 (with a
reason code) end the dossier. A dossier that is not accepted is still recorded, without using a
code; only an officer of the point decides; a refusal of the service itself changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from factories.accounts import CitizenFactory, StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.dossiers.models import (
    Decision,
    Dossier,
    DossierCodeCounter,
    HistoryEntry,
    SupplementRequest,
)
from motcua.dossiers.services.online import resubmit, submit_online
from motcua.dossiers.services.outcomes import (
    ItemToSupplement,
    give_guidance,
    refuse,
    request_completion,
)
from motcua.dossiers.services.reception import ComponentHandedIn, ReceptionRequest
from motcua.notifications.models import OutboxEvent
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VN)


@pytest.fixture
def world(city):
    area = CommuneFactory()
    commune = UnitFactory(code="000.C0.05.H26", level="commune", area=area, parent=city)
    point = ServicePointFactory(agency=commune, area=area)
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    version = PublishedProcedureFactory().versions.get()
    form, residence = version.components.order_by("order")
    return {
        "officer": officer,
        "point": point,
        "commune": commune,
        "area": area,
        "version": version,
        "form": form,
        "residence": residence,
    }


def new_request(world, **overrides):
    data = {
        "procedure_version": world["version"],
        "applicant_name": "Lê Thị Hoa",
        "applicant_identity_number": "001190000111",
        "applicant_area": world["area"],
        "components": (ComponentHandedIn(component_id=world["residence"].id),),
    }
    return ReceptionRequest(**{**data, **overrides})


def missing_form(world, reason="Chưa có tờ khai"):
    return [ItemToSupplement(component_id=world["form"].id, reason=reason)]


def submitted_online(world, citizen=None):
    return submit_online(
        actor=citizen or CitizenFactory(),
        procedure_version=world["version"],
        point=world["point"],
        form_data={},
        components=(ComponentHandedIn(component_id=world["form"].id),),
        submitted_at=MONDAY,
    )


def no_code_was_used():
    return not DossierCodeCounter.objects.filter(last_number__gt=0).exists()


# --- Form 02 ------------------------------------------------------------------------------


def test_a_new_incomplete_dossier_is_recorded_awaiting_completion_without_a_code(world):
    form = request_completion(
        actor=world["officer"],
        point=world["point"],
        request=new_request(world),
        items=missing_form(world),
        at=MONDAY,
    )
    dossier = form.dossier
    assert dossier.status == "awaiting_completion" and dossier.code is None
    assert dossier.national_status == 5
    assert dossier.receiving_point == world["point"] and dossier.channel == "counter"
    assert [c.component_id for c in dossier.components.all()] == [world["residence"].id]
    assert form.stage == "reception" and form.fulfilled_at is None
    item = form.items.get()
    assert (item.component_id, item.name, item.reason) == (
        world["form"].id,
        world["form"].name,
        "Chưa có tờ khai",
    )
    entry = HistoryEntry.objects.get(dossier=dossier)
    assert (entry.action, entry.from_status, entry.to_status) == (
        "request_completion",
        "",
        "awaiting_completion",
    )
    assert entry.data["items"][0]["reason"] == "Chưa có tờ khai"
    assert OutboxEvent.objects.filter(topic="dossier.request_completion").exists()
    assert no_code_was_used()


def test_every_item_of_form_02_needs_a_reason_and_nothing_is_recorded_without(world):
    items = [
        ItemToSupplement(component_id=world["form"].id, reason=" "),
        ItemToSupplement(name="Giấy xác nhận", reason=""),
    ]
    with pytest.raises(ValidationError) as error:
        request_completion(
            actor=world["officer"],
            point=world["point"],
            request=new_request(world),
            items=items,
            at=MONDAY,
        )
    assert len(error.value.message_dict["items"]) == 2  # both items named at once
    assert not Dossier.objects.exists() and not OutboxEvent.objects.exists()


def test_form_02_without_items_is_refused(world):
    with pytest.raises(ValidationError) as error:
        request_completion(
            actor=world["officer"],
            point=world["point"],
            request=new_request(world),
            items=[],
            at=MONDAY,
        )
    assert "items" in error.value.message_dict


def test_a_submitted_online_dossier_can_be_sent_back_for_completion(world):
    dossier = submitted_online(world)
    form = request_completion(
        actor=world["officer"], dossier=dossier, items=missing_form(world), at=MONDAY
    )
    dossier.refresh_from_db()
    assert dossier.status == "awaiting_completion" and form.dossier == dossier
    assert dossier.history.last().from_status == "submitted"


def test_told_once_a_second_request_before_anything_changed_is_refused(world):
    form = request_completion(
        actor=world["officer"],
        point=world["point"],
        request=new_request(world),
        items=missing_form(world),
        at=MONDAY,
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_completion(
            actor=world["officer"],
            dossier=form.dossier,
            items=[ItemToSupplement(component_id=world["residence"].id, reason="Mờ")],
            at=MONDAY + datetime.timedelta(hours=1),
        )
    assert "told at once" in error.value.message_dict["items"][0]
    assert SupplementRequest.objects.count() == 1


def test_told_once_a_second_request_may_concern_only_papers_changed_since(world):
    citizen = CitizenFactory()
    dossier = submitted_online(world, citizen)
    request_completion(
        actor=world["officer"],
        dossier=dossier,
        items=[ItemToSupplement(component_id=world["form"].id, reason="Thiếu chữ ký")],
        at=MONDAY,
    )
    resubmit(
        actor=citizen,
        dossier=dossier,
        components=(ComponentHandedIn(component_id=world["form"].id),),
        at=MONDAY + datetime.timedelta(days=1),
    )
    later = MONDAY + datetime.timedelta(days=2)
    # The residence paper was there from the start: asking for it now is asking piecemeal.
    for item in (
        ItemToSupplement(component_id=world["residence"].id, reason="Hết hạn"),
        ItemToSupplement(name="Giấy khác", reason="Cần thêm"),
    ):
        with pytest.raises(ValidationError):
            request_completion(actor=world["officer"], dossier=dossier, items=[item], at=later)
    # The re-sent form is new, and may be wrong in a new way.
    form = request_completion(
        actor=world["officer"],
        dossier=dossier,
        items=[ItemToSupplement(component_id=world["form"].id, reason="Sai ngày sinh")],
        at=later,
    )
    assert form.items.get().reason == "Sai ngày sinh"
    assert dossier.supplement_requests.count() == 2


def test_only_an_officer_of_the_point_asks_for_papers(world, department):
    elsewhere = StaffUserFactory()
    MembershipFactory(user=elsewhere, unit=department, role=Role.RECEPTION_OFFICER)
    specialist = StaffUserFactory()
    MembershipFactory(user=specialist, unit=world["commune"], role=Role.SPECIALIST)
    dossier = submitted_online(world)
    for user in (elsewhere, specialist, dossier.owner):
        with pytest.raises(PermissionDenied):
            request_completion(actor=user, dossier=dossier, items=missing_form(world), at=MONDAY)
        with pytest.raises(PermissionDenied):
            request_completion(
                actor=user,
                point=world["point"],
                request=new_request(world),
                items=missing_form(world),
                at=MONDAY,
            )
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and Dossier.objects.count() == 1


# --- guidance -----------------------------------------------------------------------------


def test_guidance_records_a_new_dossier_as_guided_without_a_code(world):
    decision = give_guidance(
        actor=world["officer"],
        point=world["point"],
        request=new_request(world, components=()),
        text="Chuẩn bị tờ khai theo mẫu và giấy tờ cư trú.",
        at=MONDAY,
    )
    assert decision.kind == Decision.Kind.GUIDANCE and decision.decided_by == world["officer"]
    dossier = decision.dossier
    assert dossier.status == "guided" and dossier.code is None and dossier.national_status == 3
    entry = dossier.history.get()
    assert (entry.action, entry.to_status) == ("give_guidance", "guided")
    assert no_code_was_used()


def test_guidance_needs_the_text_of_what_to_prepare(world):
    with pytest.raises(ValidationError) as error:
        give_guidance(
            actor=world["officer"],
            point=world["point"],
            request=new_request(world),
            text="  ",
            at=MONDAY,
        )
    assert "text" in error.value.message_dict
    assert not Dossier.objects.exists()


def test_guidance_is_not_possible_once_papers_were_asked_for(world):
    form = request_completion(
        actor=world["officer"],
        point=world["point"],
        request=new_request(world),
        items=missing_form(world),
        at=MONDAY,
    )
    with pytest.raises(ValidationError) as error:
        give_guidance(actor=world["officer"], dossier=form.dossier, text="…", at=MONDAY)
    assert "status" in error.value.message_dict


def test_a_citizen_cannot_give_guidance(world):
    dossier = submitted_online(world)
    with pytest.raises(PermissionDenied):
        give_guidance(actor=dossier.owner, dossier=dossier, text="Tự hướng dẫn", at=MONDAY)


# --- Form 03 ------------------------------------------------------------------------------


def test_refusal_records_a_new_dossier_as_refused_with_its_reason_code(world):
    decision = refuse(
        actor=world["officer"],
        point=world["point"],
        request=new_request(world),
        reason_code="not_eligible",
        text="Người nộp không thuộc đối tượng.",
        at=MONDAY,
    )
    assert decision.kind == Decision.Kind.REFUSAL and decision.reason_code == "not_eligible"
    assert decision.dossier.status == "refused" and decision.dossier.code is None
    entry = decision.dossier.history.get()
    assert entry.data["reason_code"] == "not_eligible" and entry.note.startswith("Người nộp")
    assert OutboxEvent.objects.filter(topic="dossier.refuse").exists()
    assert no_code_was_used()


def test_a_refusal_without_a_known_reason_code_or_text_is_refused(world):
    for code, text, field in (("", "Lý do", "reason_code"), ("other", "", "text")):
        with pytest.raises(ValidationError) as error:
            refuse(
                actor=world["officer"],
                point=world["point"],
                request=new_request(world),
                reason_code=code,
                text=text,
                at=MONDAY,
            )
        assert field in error.value.message_dict
    assert not Dossier.objects.exists()


def test_a_dossier_awaiting_completion_may_be_refused_as_not_completed(world):
    form = request_completion(
        actor=world["officer"],
        point=world["point"],
        request=new_request(world),
        items=missing_form(world),
        at=MONDAY,
    )
    decision = refuse(
        actor=world["officer"],
        dossier=form.dossier,
        reason_code="not_completed",
        text="Quá hạn bổ sung.",
        at=MONDAY + datetime.timedelta(days=30),
    )
    assert decision.dossier.status == "refused"
    assert [e.action for e in decision.dossier.history.all()] == ["request_completion", "refuse"]


def test_a_received_dossier_cannot_be_refused_at_reception(world):
    dossier = submitted_online(world)
    refuse(actor=world["officer"], dossier=dossier, reason_code="other", text="x", at=MONDAY)
    with pytest.raises(ValidationError) as error:
        refuse(actor=world["officer"], dossier=dossier, reason_code="other", text="y", at=MONDAY)
    assert "status" in error.value.message_dict
    assert Decision.objects.count() == 1


def test_an_officer_of_another_point_cannot_refuse(world, department):
    elsewhere = StaffUserFactory()
    MembershipFactory(user=elsewhere, unit=department, role=Role.RECEPTION_OFFICER)
    dossier = submitted_online(world)
    with pytest.raises(PermissionDenied):
        refuse(actor=elsewhere, dossier=dossier, reason_code="other", text="x", at=MONDAY)
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and not Decision.objects.exists()
