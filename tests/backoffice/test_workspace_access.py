"""Rule: the staff workspace opens only to staff with a current role; everyone else is told
why (issue 7 §7), and finding a dossier by code never confirms another unit's dossier."""

import pytest

from factories.accounts import CitizenFactory
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_the_login_page_and_back(client):
    response = client.get("/can-bo/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/can-bo/")


def test_a_citizen_is_refused_with_the_reason(client):
    client.force_login(CitizenFactory())
    response = client.get("/can-bo/")
    assert response.status_code == 403
    assert "dành cho cán bộ" in response.content.decode()


def test_a_staff_member_sees_the_workspace_with_their_role(client, staff_with_role, division):
    client.force_login(staff_with_role(Role.SPECIALIST, division))
    response = client.get("/can-bo/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chuyên viên" in page and "Phòng Hộ tịch" in page


def test_an_officer_whose_role_ended_is_refused(client, staff_with_role, division):
    user = staff_with_role(Role.SPECIALIST, division)
    user.memberships.update(ended_at="2026-01-01T00:00:00Z")
    client.force_login(user)
    assert client.get("/can-bo/").status_code == 403


def test_an_unknown_or_invisible_code_is_a_404_that_names_the_code(
    client, staff_with_role, division
):
    client.force_login(staff_with_role(Role.SPECIALIST, division))
    response = client.get("/can-bo/", {"ma": "000.00.02.h26-261130-0001"})
    assert response.status_code == 404
    assert "000.00.02.H26-261130-0001" in response.content.decode()


def test_a_malformed_code_is_a_400_that_says_what_is_wrong(client, staff_with_role, division):
    client.force_login(staff_with_role(Role.SPECIALIST, division))
    response = client.get("/can-bo/", {"ma": "abc"})
    assert response.status_code == 400
    assert "không phải là mã hồ sơ" in response.content.decode()


def test_an_online_dossier_not_yet_received_opens_by_its_public_id(client, settings, city):
    """It has no code before reception: the inbox links to the desk by its public id."""
    from backoffice.test_queues_world import queue_world, submit

    world = queue_world(settings, city)
    dossier = submit(world)
    client.force_login(world["officer"])
    response = client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    assert response.status_code == 200
    assert "Chưa tiếp nhận" in response.content.decode()
    client.force_login(world["officer_b"])  # another point's officer: not theirs
    assert client.get(f"/can-bo/ho-so/{dossier.uuid}/").status_code == 404


def test_the_first_page_shows_what_waits_in_each_list(client, settings, city):
    """The figure on each tile is the number of rows of the list behind it."""
    from backoffice.test_queues_world import assigned, queue_world, submit

    world = queue_world(settings, city)
    submit(world)
    submit(world)
    assigned(world)
    client.force_login(world["officer"])
    page = client.get("/can-bo/").content.decode()
    assert "<b>2</b> hồ sơ nộp trực tuyến chờ tiếp nhận" in page
    client.force_login(world["specialist"])
    page = client.get("/can-bo/").content.decode()
    assert "<b>1</b> bước xử lý đang ở chỗ tôi" in page
    client.force_login(world["leader"])
    page = client.get("/can-bo/").content.decode()
    assert "<b>1</b> hồ sơ đang mở tại" in page


def test_a_unit_administrator_is_led_to_the_administration(client, staff_with_role, division):
    client.force_login(staff_with_role(Role.UNIT_ADMIN, division))
    page = client.get("/can-bo/").content.decode()
    assert 'href="/admin/"' in page


def test_a_supervisors_queue_and_figure_cover_the_whole_province(
    client, settings, city, staff_with_role
):
    """The City Office decides no dossiers: its supervisor's queue opens on the top unit."""
    from backoffice.test_queues_world import assigned, queue_world
    from factories.organizations import UnitFactory

    world = queue_world(settings, city)
    dossier = assigned(world)
    office = UnitFactory(code="000.00.01.H26", name="Văn phòng UBND thành phố", parent=city)
    client.force_login(staff_with_role(Role.SUPERVISOR, office))
    assert f"<b>1</b> hồ sơ đang mở tại {city.name}" in client.get("/can-bo/").content.decode()
    assert dossier.code in client.get("/can-bo/hang-doi/").content.decode()
