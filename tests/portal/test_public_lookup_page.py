"""Rules of the public lookup page (/tra-cuu/), the page the QR code of Forms 01 and 04 opens:
anyone with a code sees the status, procedure, dates and where to collect the result, and
nothing about the person; an inter-agency tracking code shows each procedure's dossier; a
malformed code says what is wrong, an unknown one says so (404); lookups are throttled."""

import pytest
import time_machine
from django.core.cache import cache

from api.writes_world import MONDAY, make_world
from motcua.dossiers.services import ReceptionRequest, receive_at_counter
from motcua.dossiers.services.reception import ComponentHandedIn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(city):
    world = make_world(city)
    required = world.version.components.filter(required=True)
    return receive_at_counter(
        actor=world.officer,
        point=world.point,
        request=ReceptionRequest(
            procedure_version=world.version,
            applicant_name="Lê Thị Hoa",
            applicant_identity_number="001090012345",
            applicant_phone="0912345678",
            applicant_area=world.area,
            components=tuple(ComponentHandedIn(component_id=c.id) for c in required),
        ),
    )


def test_the_page_shows_status_dates_and_return_point_and_nothing_personal(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đăng ký kết hôn" in text and "Đã tiếp nhận" in text
    assert "09:00 02/03/2026" in text and "09:00 05/03/2026" in text
    assert "Trung tâm PVHCC phường Thử" in text
    for personal in ("Lê Thị Hoa", "001090012345", "0912345678"):
        assert personal not in text


def test_the_form_sends_the_typed_code_to_its_page(client, dossier):
    response = client.get("/tra-cuu/", {"ma": f"  {dossier.code}  "})
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu/{dossier.code}/"


def test_a_malformed_code_says_what_is_wrong_and_an_unknown_one_is_not_found(client, dossier):
    malformed = client.get("/tra-cuu/khong-phai-ma/")
    assert malformed.status_code == 404 and 'role="alert"' in malformed.content.decode()
    unknown = client.get(f"/tra-cuu/{dossier.code[:-4]}9999/")
    assert unknown.status_code == 404
    assert "Không có hồ sơ nào có mã này" in unknown.content.decode()


def test_lookups_from_one_address_are_throttled(client, dossier, monkeypatch):
    from motcua.api.dossiers import PublicLookupThrottle

    monkeypatch.setattr(PublicLookupThrottle, "rate", "2/min", raising=False)
    codes = [client.get(f"/tra-cuu/{dossier.code}/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
