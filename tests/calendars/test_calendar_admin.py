"""Rule: the admin shows a year as a calendar grid with the days off and their reasons, and the
overrides editable beside it; the form refuses bad corrections with the reason (issue 3 §5)."""

import pytest
from django.urls import reverse

from motcua.calendars.models import CalendarOverride
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

URL = "/admin/calendars/calendaroverride/"


def test_the_year_grid_marks_days_off_with_their_reasons(client, system_admin):
    client.force_login(system_admin)
    page = client.get(URL, {"year": "2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lịch làm việc năm 2026" in html
    assert 'class="holiday" title="17/02/2026: Tết Nguyên Đán"' in html
    assert "22/08/2026" in html and 'class="extra"' in html
    assert "12729/VPCP-KGVX" in html  # the shipped override, listed beside the grid
    assert html.count('<table class="month">') == 12


def test_a_bad_year_falls_back_and_never_errors(client, system_admin):
    client.force_login(system_admin)
    assert client.get(URL, {"year": "abc"}).status_code == 200
    assert "Lịch làm việc năm 2040" in client.get(URL, {"year": "9999"}).content.decode()


def test_adding_an_override_through_the_admin_goes_through_the_service(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:calendars_calendaroverride_add"),
        {
            "date": "09/03/2026",
            "kind": "add_non_working",
            "reason": "Nghỉ đột xuất",
            "reason_en": "",
            "legal_reference": "QĐ 5/QĐ-UBND",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarOverride.objects.filter(legal_reference="QĐ 5/QĐ-UBND").exists()


def test_the_admin_form_says_why_a_correction_is_refused(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:calendars_calendaroverride_add"),
        {
            "date": "02/01/2026",
            "kind": "add_non_working",
            "reason": "Trùng",
            "legal_reference": "QĐ 6",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "Ngày này đã có điều chỉnh" in response.content.decode()


def test_the_admin_refuses_impossible_office_hours(client, system_admin, department):
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:calendars_unitofficehours_add"),
        {"unit": department.pk, "periods": '{"0": [["13:00", "12:00"]]}', "note": ""},
    )
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.UNIT_ADMIN])
def test_other_admin_users_see_the_calendar_but_cannot_change_it(
    client, staff_with_role, city, role
):
    client.force_login(staff_with_role(role, city))
    assert client.get(URL).status_code == 200
    assert client.get(reverse("admin:calendars_calendaroverride_add")).status_code == 403
