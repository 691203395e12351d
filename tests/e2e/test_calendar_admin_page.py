"""Rule: a system administrator sees the year grid in a real browser (issue 3 §5)."""

import pytest

from factories.accounts import PASSWORD, StaffUserFactory
from factories.organizations import MembershipFactory, UnitFactory
from motcua.organizations.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_system_admin_sees_the_2026_calendar_grid(live_server, page, screenshot):
    admin = StaffUserFactory(username="quantri", full_name="Hoàng Anh Dũng")
    MembershipFactory(user=admin, unit=UnitFactory(code="000.00.00.H26"), role=Role.SYSTEM_ADMIN)
    page.goto(live_server.url + "/dang-nhap/?next=/admin/calendars/calendaroverride/%3Fyear%3D2026")
    page.get_by_label("Tên đăng nhập hoặc số định danh").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("text=Lịch làm việc năm 2026")
    assert page.locator("table.month").count() == 12
    assert page.locator("td.holiday").count() >= 10
    assert page.locator("td.extra").count() >= 2
    screenshot("admin-calendar-2026")
