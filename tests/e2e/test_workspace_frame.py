"""Rule (issue 7 §7): the workspace frame — menu by role, finding a dossier by code — is
keyboard-usable and passes the accessibility check, at 1366×768 and on a 10-inch tablet."""

import pytest

from e2e.workspace import assert_accessible, sign_in
from factories.accounts import StaffUserFactory
from factories.organizations import MembershipFactory, ServicePointFactory, UnitFactory
from motcua.organizations.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    centre = UnitFactory(code="000.00.02.H26", name="Trung tâm Phục vụ hành chính công thành phố")
    point = ServicePointFactory(agency=centre, name="Chi nhánh số 1")
    user = StaffUserFactory(username="tiepnhan", full_name="Nguyễn Thị Lan")
    MembershipFactory(user=user, unit=centre, role=Role.RECEPTION_OFFICER, service_point=point)
    return user


def test_the_workspace_home_is_accessible_and_finds_no_foreign_dossier(
    live_server, page, screenshot, officer
):
    sign_in(page, live_server, "tiepnhan")
    page.goto(live_server.url + "/can-bo/")
    assert page.get_by_role("heading", name="Không gian làm việc của cán bộ").is_visible()
    assert_accessible(page)
    screenshot("workspace-home")
    page.get_by_label("Tìm hồ sơ theo mã").fill("000.00.02.H26-261130-0001")
    page.keyboard.press("Enter")
    assert "000.00.02.H26-261130-0001" in page.get_by_role("alert").inner_text()


def test_the_menu_becomes_one_column_on_a_tablet(live_server, page, screenshot, officer):
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, live_server, "tiepnhan")
    page.goto(live_server.url + "/can-bo/")
    menu = page.get_by_role("navigation", name="Không gian làm việc").bounding_box()
    main = page.locator(".workspace-main").bounding_box()
    assert main["y"] >= menu["y"] + menu["height"] - 1  # the work sits below the menu
    assert main["width"] > 700
    screenshot("workspace-home-tablet")
