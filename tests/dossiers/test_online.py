"""Rules of online dossiers (DOMAIN §3): the citizen submits to a point, with the form checked
field by field against the procedure's schema and the applicant copied from the account; only
procedures offered online; the reception clock of a dossier sent outside working time starts at
the next working period; the completed dossier sent back marks Form 02 fulfilled and records
which papers changed; counter and online reception share one path (code, due date, history)."""

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
from motcua.dossiers.models import Dossier, HistoryEntry
from motcua.dossiers.services.online import resubmit, submit_online
from motcua.dossiers.services.outcomes import ItemToSupplement, request_completion
from motcua.dossiers.services.reception import ComponentHandedIn, receive_online
from motcua.notifications.models import OutboxEvent
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SATURDAY = datetime.datetime(2026, 3, 7, 21, 15, tzinfo=VN)
MONDAY_8 = datetime.datetime(2026, 3, 9, 8, 0, tzinfo=VN)
TUESDAY = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=VN)

SCHEMA = {
    "type": "object",
    "properties": {
        "child_name": {"type": "string", "minLength": 2},
        "birth_date": {"type": "string", "format": "date"},
        "gender": {"enum": ["male", "female"]},
        "parents": {
            "type": "object",
            "properties": {"mother": {"type": "string"}},
            "required": ["mother"],
        },
    },
    "required": ["child_name", "birth_date", "parents"],
    "additionalProperties": False,
}
GOOD_FORM = {
    "child_name": "Phạm Minh An",
    "birth_date": "2026-02-20",
    "gender": "male",
    "parents": {"mother": "Đỗ Thu Hà"},
}


@pytest.fixture
def world(city):
    area = CommuneFactory()
    commune = UnitFactory(code="000.C0.07.H26", level="commune", area=area, parent=city)
    point = ServicePointFactory(agency=commune, area=area)
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    version = PublishedProcedureFactory(version__name="Đăng ký khai sinh").versions.get()
    version.online_form_schema = SCHEMA
    version.save()
    citizen = CitizenFactory(full_name="Phạm Văn Nam", phone="0912000111", email="nam@example.vn")
    citizen.identity_verified = True
    citizen.save()
    form, residence = version.components.order_by("order")
    return {
        "officer": officer,
        "point": point,
        "commune": commune,
        "area": area,
        "version": version,
        "citizen": citizen,
        "form": form,
        "residence": residence,
    }


def submit(world, **overrides):
    data = {
        "actor": world["citizen"],
        "procedure_version": world["version"],
        "point": world["point"],
        "form_data": GOOD_FORM,
        "components": (ComponentHandedIn(component_id=world["form"].id),),
        "applicant_area": world["area"],
        "submitted_at": SATURDAY,
    }
    return submit_online(**{**data, **overrides})


# --- submission ---------------------------------------------------------------------------


def test_an_online_submission_copies_the_applicant_from_the_account(world):
    dossier = submit(world)
    assert (dossier.status, dossier.channel, dossier.code) == ("submitted", "online", None)
    assert dossier.national_status == 1 and dossier.national_channel == 2
    assert dossier.owner == world["citizen"]
    assert dossier.applicant_name == "Phạm Văn Nam"
    assert dossier.applicant_identity_number == world["citizen"].identity_number
    assert (dossier.applicant_phone, dossier.applicant_email) == ("0912000111", "nam@example.vn")
    assert dossier.identity_verified is True
    assert dossier.form_data == GOOD_FORM
    # The real instant is kept, even on a Saturday night.
    assert dossier.submitted_at == SATURDAY
    assert dossier.components.get().digitised
    entry = HistoryEntry.objects.get(dossier=dossier)
    assert (entry.action, entry.from_status, entry.to_status) == ("submit", "", "submitted")
    assert OutboxEvent.objects.filter(topic="dossier.submit").exists()


def test_an_unverified_account_gives_an_unverified_dossier(world):
    citizen = CitizenFactory()
    assert submit(world, actor=citizen).identity_verified is False


def test_online_form_errors_are_given_per_field_and_all_at_once(world):
    bad = {"child_name": "A", "birth_date": "20/02/2026", "gender": "x", "parents": {}, "pet": 1}
    with translation.override("en"), pytest.raises(ValidationError) as error:
        submit(world, form_data=bad, components=())
    errors = error.value.message_dict
    assert errors["form_data.child_name"] == ["Enter at least 2 characters."]
    assert errors["form_data.birth_date"] == ["Enter a valid date."]
    assert errors["form_data.gender"] == ["Choose one of: male, female."]
    assert errors["form_data.parents.mother"] == ["This field is required."]
    assert errors["form_data.pet"] == ["This field is not part of the form."]
    assert errors["components"] == ["Missing required paper: Tờ khai theo mẫu"]
    assert not Dossier.objects.exists() and not OutboxEvent.objects.exists()


def test_each_missing_field_is_named_once_however_many_are_missing(world):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        submit(world, form_data={}, components=())
    errors = error.value.message_dict
    for name in ("child_name", "birth_date", "parents"):
        assert errors[f"form_data.{name}"] == ["This field is required."]


def test_a_missing_form_field_is_named_itself(world):
    with pytest.raises(ValidationError) as error:
        submit(world, form_data={"parents": {"mother": "Hà"}})
    errors = error.value.message_dict
    assert set(errors) == {"form_data.child_name", "form_data.birth_date"}


def test_the_online_form_must_be_a_set_of_fields(world):
    with pytest.raises(ValidationError) as error:
        submit(world, form_data=["not", "an", "object"])
    assert "form_data" in error.value.message_dict


def test_form_messages_speak_the_users_language(world):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        submit(world, form_data={"birth_date": "2026-02-20", "parents": {"mother": "Hà"}})
    assert error.value.message_dict["form_data.child_name"] == ["Trường này là bắt buộc."]


def test_a_procedure_not_offered_online_cannot_be_submitted(world):
    world["version"].online_level = "none"
    world["version"].save()
    with pytest.raises(ValidationError) as error:
        submit(world)
    assert "procedure_version" in error.value.message_dict


def test_a_procedure_without_the_online_channel_cannot_be_submitted(world):
    world["version"].channels.filter(channel="online").delete()
    with pytest.raises(ValidationError) as error:
        submit(world)
    assert "procedure_version" in error.value.message_dict
    assert not Dossier.objects.exists()


def test_staff_accounts_and_citizens_without_identity_cannot_submit_online(world):
    nameless = CitizenFactory()
    nameless.identity_number = None
    nameless.save()
    for user in (world["officer"], nameless):
        with pytest.raises(PermissionDenied):
            submit(world, actor=user)
    assert not Dossier.objects.exists()


# --- reception of an online dossier ---------------------------------------------------------


def test_an_online_dossier_submitted_on_saturday_counts_from_monday_8(world):
    dossier = receive_online(actor=world["officer"], dossier=submit(world), received_at=TUESDAY)
    assert dossier.status == "received"
    # Code of the reception day (Tuesday) at the receiving agency.
    assert dossier.code == "000.C0.07.H26-260310-0001"
    assert dossier.due_deadline.started_at == MONDAY_8
    # Monday 08:00 + 3 working days ends Wednesday 17:00.
    assert dossier.due_at == datetime.datetime(2026, 3, 11, 17, 0, tzinfo=VN)
    assert dossier.legal_hours == 24
    assert dossier.submitted_at == SATURDAY and dossier.received_at == TUESDAY
    assert dossier.fees.get().amount_vnd == 8000
    entry = dossier.history.last()
    assert (entry.action, entry.from_status, entry.to_status) == (
        "receive",
        "submitted",
        "received",
    )
    assert entry.data["clock_started_at"] == MONDAY_8.isoformat()


def test_an_online_dossier_submitted_in_working_time_counts_from_submission(world):
    at = datetime.datetime(2026, 3, 9, 10, 30, tzinfo=VN)
    dossier = receive_online(
        actor=world["officer"], dossier=submit(world, submitted_at=at), received_at=TUESDAY
    )
    assert dossier.due_deadline.started_at == at


def test_only_an_officer_of_the_addressed_point_receives_an_online_dossier(world, department):
    elsewhere = StaffUserFactory()
    MembershipFactory(user=elsewhere, unit=department, role=Role.RECEPTION_OFFICER)
    dossier = submit(world)
    for user in (elsewhere, world["citizen"]):
        with pytest.raises(PermissionDenied):
            receive_online(actor=user, dossier=dossier, received_at=TUESDAY)
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.code is None


def test_an_online_dossier_is_received_only_once(world):
    dossier = submit(world)
    receive_online(actor=world["officer"], dossier=dossier, received_at=TUESDAY)
    with pytest.raises(ValidationError) as error:
        receive_online(actor=world["officer"], dossier=dossier, received_at=TUESDAY)
    assert "status" in error.value.message_dict
    assert Dossier.objects.get().code.endswith("-0001")


# --- the completed dossier comes back -------------------------------------------------------


def test_resubmission_fulfils_form_02_and_records_the_changed_papers(world):
    dossier = submit(world)
    form = request_completion(
        actor=world["officer"],
        dossier=dossier,
        items=[ItemToSupplement(component_id=world["form"].id, reason="Thiếu chữ ký")],
        at=MONDAY_8,
    )
    resubmit(
        actor=world["citizen"],
        dossier=dossier,
        components=(ComponentHandedIn(component_id=world["form"].id, quantity=2),),
        at=TUESDAY,
    )
    dossier.refresh_from_db()
    form.refresh_from_db()
    assert dossier.status == "submitted" and form.fulfilled_at == TUESDAY
    entry = dossier.history.last()
    assert (entry.action, entry.from_status, entry.to_status) == (
        "resubmit",
        "awaiting_completion",
        "submitted",
    )
    assert entry.data["changed_components"] == [world["form"].id]
    assert entry.data["before"][0]["quantity"] == 1 and entry.data["after"][0]["quantity"] == 2
    assert dossier.components.get().quantity == 2
    # The clock runs from when the dossier came back complete, not from the first submission.
    received = receive_online(
        actor=world["officer"],
        dossier=dossier,
        received_at=TUESDAY + datetime.timedelta(hours=1),
    )
    assert received.due_deadline.started_at == TUESDAY


def test_only_the_owner_resubmits_and_only_when_papers_were_asked_for(world):
    dossier = submit(world)
    papers = (ComponentHandedIn(component_id=world["form"].id),)
    with pytest.raises(ValidationError) as error:
        resubmit(actor=world["citizen"], dossier=dossier, components=papers, at=TUESDAY)
    assert "status" in error.value.message_dict
    request_completion(
        actor=world["officer"],
        dossier=dossier,
        items=[ItemToSupplement(component_id=world["form"].id, reason="Mờ")],
        at=MONDAY_8,
    )
    for user in (CitizenFactory(), world["officer"]):
        with pytest.raises(PermissionDenied):
            resubmit(actor=user, dossier=dossier, components=papers, at=TUESDAY)
    with pytest.raises(ValidationError) as error:
        resubmit(actor=world["citizen"], dossier=dossier, components=(), at=TUESDAY)
    assert "components" in error.value.message_dict
    dossier.refresh_from_db()
    assert dossier.status == "awaiting_completion"
