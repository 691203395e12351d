"""Rules: an administrator corrects the calendar with overrides (add a day off, cancel one,
add a make-up day), each with its legal reference; the effective calendar changes at once and
is rebuilt once per change; only a system administrator may change it (issue 3 §2)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.accounts.services import create_api_token
from motcua.audit.models import AuditRecord
from motcua.calendars import selectors, services
from motcua.calendars.models import CalendarOverride
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 9)


def due_on(client, start, days="1"):
    return client.get("/api/v1/calendar/due", {"start": start, "days": days}).json()["due"]


def test_official_2026_corrections_are_shipped_as_override_rows():
    rows = {o.date: o for o in CalendarOverride.objects.all()}
    assert rows[datetime.date(2026, 1, 2)].kind == "add_non_working"
    assert rows[datetime.date(2026, 1, 10)].kind == "add_working"
    assert all(o.legal_reference for o in rows.values())


def test_an_added_day_off_moves_new_due_dates_and_withdrawing_it_restores_them(
    client, system_admin
):
    start = "2026-03-06T09:00:00+07:00"  # Friday
    assert due_on(client, start) == "2026-03-09T09:00:00+07:00"
    override = services.add_override(
        actor=system_admin,
        date=MONDAY,
        kind="add_non_working",
        reason="Nghỉ thử nghiệm",
        legal_reference="QĐ 1/2026",
    )
    assert due_on(client, start) == "2026-03-10T09:00:00+07:00"
    services.withdraw_override(actor=system_admin, override=override)
    assert due_on(client, start) == "2026-03-09T09:00:00+07:00"
    override.refresh_from_db()
    assert override.withdrawn_at is not None  # kept as history


def test_a_cancelled_holiday_becomes_a_working_day(client, system_admin):
    # Vietnam Culture Day 24/11/2026 is off in the package; an administrator can switch it.
    start = "2026-11-23T09:00:00+07:00"
    assert due_on(client, start) == "2026-11-25T09:00:00+07:00"
    services.add_override(
        actor=system_admin,
        date=datetime.date(2026, 11, 24),
        kind="cancel_non_working",
        reason="Chưa có quy định nghỉ",
        legal_reference="Bộ luật Lao động 2019 Điều 112",
    )
    assert due_on(client, start) == "2026-11-24T09:00:00+07:00"


def test_a_make_up_saturday_becomes_a_working_day(client, system_admin):
    services.add_override(
        actor=system_admin,
        date=datetime.date(2026, 3, 14),
        kind="add_working",
        reason="Làm bù",
        legal_reference="TB 1/2026",
    )
    assert due_on(client, "2026-03-13T09:00:00+07:00") == "2026-03-14T09:00:00+07:00"


def test_the_calendar_is_built_once_per_change_not_per_request(system_admin):
    first = selectors.effective_calendar()
    assert selectors.effective_calendar() is first
    services.add_override(
        actor=system_admin, date=MONDAY, kind="add_non_working", reason="x", legal_reference="y"
    )
    rebuilt = selectors.effective_calendar()
    assert rebuilt is not first
    assert selectors.effective_calendar() is rebuilt


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"kind": "holiday"}, "kind"),
        ({"reason": "  "}, "reason"),
        ({"legal_reference": ""}, "legal_reference"),
        ({"date": datetime.date(2050, 1, 1)}, "date"),
        ({"date": datetime.date(2026, 1, 2)}, "date"),  # already has a correction
    ],
)
def test_bad_overrides_are_refused_and_nothing_changes(system_admin, fields, bad):
    data = {
        "date": MONDAY,
        "kind": "add_non_working",
        "reason": "Nghỉ",
        "legal_reference": "QĐ 1",
        **fields,
    }
    before = CalendarOverride.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_override(actor=system_admin, **data)
    assert bad in error.value.message_dict
    assert CalendarOverride.objects.count() == before


def test_every_change_is_audited(system_admin):
    override = services.add_override(
        actor=system_admin,
        date=MONDAY,
        kind="add_non_working",
        reason="Nghỉ",
        legal_reference="QĐ 1",
    )
    services.change_override(actor=system_admin, override=override, reason="Nghỉ lễ")
    services.withdraw_override(actor=system_admin, override=override)
    actions = list(
        AuditRecord.objects.filter(object_id=str(override.uuid))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "calendars.add_override",
        "calendars.change_override",
        "calendars.withdraw_override",
    ]


@pytest.mark.parametrize(
    "role",
    [Role.SUPERVISOR, Role.UNIT_ADMIN, Role.UNIT_LEADER, Role.SPECIALIST, Role.RECEPTION_OFFICER],
)
def test_only_a_system_administrator_changes_the_calendar(staff_with_role, city, role):
    user = staff_with_role(role, city)
    with pytest.raises(PermissionDenied):
        services.add_override(
            actor=user, date=MONDAY, kind="add_non_working", reason="x", legal_reference="y"
        )


def test_overrides_through_the_api(client, system_admin, staff_with_role, city):
    _token, raw = create_api_token(actor=system_admin, owner=system_admin)
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    payload = {
        "date": "2026-03-09",
        "kind": "add_non_working",
        "reason": "Nghỉ đột xuất",
        "legal_reference": "QĐ 99/QĐ-UBND",
    }
    created = client.post(
        "/api/v1/calendar/overrides", payload, content_type="application/json", **auth
    )
    assert created.status_code == 201, created.json()
    override_id = created.json()["id"]
    duplicate = client.post(
        "/api/v1/calendar/overrides", payload, content_type="application/json", **auth
    )
    assert duplicate.status_code == 400 and "date" in duplicate.json()["fields"]
    patched = client.patch(
        f"/api/v1/calendar/overrides/{override_id}",
        {"reason": "Nghỉ lễ"},
        content_type="application/json",
        **auth,
    )
    assert patched.status_code == 200 and patched.json()["reason"] == "Nghỉ lễ"
    listed = client.get("/api/v1/calendar/overrides?year=2026", **auth).json()
    assert any(row["id"] == override_id for row in listed)
    assert client.delete(f"/api/v1/calendar/overrides/{override_id}", **auth).status_code == 204
    assert CalendarOverride.objects.get(uuid=override_id).withdrawn_at is not None

    supervisor = staff_with_role(Role.SUPERVISOR, city)
    _token, raw_supervisor = create_api_token(actor=supervisor, owner=supervisor)
    refused = client.post(
        "/api/v1/calendar/overrides",
        {**payload, "date": "2026-03-10"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {raw_supervisor}",
    )
    assert refused.status_code == 403
    anonymous = client.post("/api/v1/calendar/overrides", payload, content_type="application/json")
    assert anonymous.status_code in (401, 403)
