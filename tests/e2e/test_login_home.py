"""Rule: a reception officer logs in through the real browser and sees the Vietnamese home page
with their role and service point (issue 2, tests that must exist)."""

import pytest

from factories.accounts import PASSWORD, StaffUserFactory
from factories.organizations import MembershipFactory, ServicePointFactory, UnitFactory
from motcua.organizations.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reception_officer():
    centre = UnitFactory(code="000.00.02.H26", name="Trung tâm Phục vụ hành chính công thành phố")
    point = ServicePointFactory(agency=centre, name="Chi nhánh số 1 — Hoàn Kiếm")
    user = StaffUserFactory(username="tiepnhan", full_name="Nguyễn Thị Lan")
    MembershipFactory(user=user, unit=centre, role=Role.RECEPTION_OFFICER, service_point=point)
    return user


def test_reception_officer_logs_in_and_sees_the_vietnamese_home_page(
    live_server, page, screenshot, reception_officer
):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Tên đăng nhập hoặc số định danh").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    screenshot("login")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Xin chào, Nguyễn Thị Lan").is_visible()
    body = page.locator("main").inner_text()
    assert "Cán bộ tiếp nhận" in body
    assert "Chi nhánh số 1 — Hoàn Kiếm" in body
    screenshot("home-reception-officer")


def test_a_wrong_password_shows_a_vietnamese_message(live_server, page, reception_officer):
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số định danh").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").first.inner_text().startswith("Tên đăng nhập")


def test_the_language_switch_turns_the_page_english(live_server, page, screenshot):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Electronic one-stop system").is_visible()
    screenshot("home-english")
