"""Rules: the public guide lists, searches and browses published procedures without a login,
works without JavaScript (htmx only swaps the results), shows one procedure with its papers,
fees, time and where to submit, and lists the service points; a bad filter is a 400 with a
message and an unknown code a 404, never a 500 (issue 4 §7)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from factories.catalog import FieldFactory, PublishedProcedureFactory, VersionFactory
from factories.organizations import ServicePointFactory
from motcua.catalog.models import AgencyAssignment, ChannelOffer, Procedure, TimeUnit
from motcua.catalog.search import procedure_search_text
from motcua.portal.guide_views import money, time_limit_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spring_2026():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        yield


def publish(name, **version):
    procedure = PublishedProcedureFactory(
        version__name=name, **{f"version__{k}": v for k, v in version.items()}
    )
    Procedure.objects.filter(pk=procedure.pk).update(
        search_text=procedure_search_text(procedure.versions.get())
    )
    return procedure


@pytest.fixture
def catalogue():
    civil = FieldFactory(code="HT", name="Hộ tịch")
    land = FieldFactory(code="DD", name="Đất đai")
    birth = publish("Đăng ký khai sinh", field=civil)
    publish("Đăng ký kết hôn", field=civil)
    land_title = publish(
        "Cấp giấy chứng nhận quyền sử dụng đất",
        field=land,
        level="province",
        online_level="none",
        boundary_free=False,
    )
    AgencyAssignment.objects.create(
        version=land_title.versions.get(),
        role="implementing",
        description="Văn phòng đăng ký đất đai thành phố",
    )
    VersionFactory(name="Đăng ký giám hộ", field=civil)
    return {"birth": birth, "land": land_title}


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_the_guide_lists_published_procedures_without_a_login(client, catalogue):
    response = client.get("/thu-tuc/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đăng ký khai sinh" in page
    assert "Đăng ký kết hôn" in page
    assert "Đăng ký giám hộ" not in page  # a draft
    assert f'href="/thu-tuc/{catalogue["birth"].code}/"' in page


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "Khai Sinh", "dang ky khai sinh"])
def test_search_ignores_case_and_accents(client, catalogue, query):
    page = client.get("/thu-tuc/", {"q": query}).content.decode()
    assert "Đăng ký khai sinh" in page
    assert "Đăng ký kết hôn" not in page


def test_the_search_box_has_a_label_and_the_page_headings(client, catalogue):
    page = client.get("/thu-tuc/").content.decode()
    assert '<label for="id_q">' in page
    assert 'role="search"' in page
    assert page.count("<h1>") == 1
    assert 'id="guide-count" class="guide-count" role="status"' in page


def test_htmx_gets_only_the_results_and_the_count(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "ket hon"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Đăng ký kết hôn" in page
    assert "Đăng ký khai sinh" not in page
    assert 'hx-swap-oob="true"' in page
    assert "HX-Request" in response["Vary"]


def test_browsing_by_field_and_level(client, catalogue):
    page = client.get("/thu-tuc/", {"field": "DD"}).content.decode()
    assert "Cấp giấy chứng nhận quyền sử dụng đất" in page
    assert "Đăng ký khai sinh" not in page
    page = client.get("/thu-tuc/", {"level": "commune"}).content.decode()
    assert "Đăng ký khai sinh" in page
    assert "Cấp giấy chứng nhận" not in page
    # The browse links keep the search and change one filter.
    page = client.get("/thu-tuc/", {"q": "dang ky"}).content.decode()
    assert 'href="?q=dang+ky&amp;field=HT"' in page


@pytest.mark.parametrize("params", [{"level": "district"}, {"field": "ZZ"}, {"q": "a\x00b"}])
def test_a_bad_filter_is_a_400_with_a_message(client, catalogue, params):
    response = client.get("/thu-tuc/", params)
    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.content.decode()


def test_results_are_paginated(client):
    field = FieldFactory(code="HT", name="Hộ tịch")
    for n in range(23):
        publish(f"Thủ tục số {n:02d}", field=field)
    page = client.get("/thu-tuc/").content.decode()
    assert "Thủ tục số 19" in page
    assert "Thủ tục số 20" not in page
    assert 'href="?page=2"' in page
    page = client.get("/thu-tuc/", {"page": "2"}).content.decode()
    assert "Thủ tục số 22" in page
    assert "Thủ tục số 00" not in page
    # A page number out of range or not a number shows a real page, not an error.
    assert client.get("/thu-tuc/", {"page": "999"}).status_code == 200
    assert client.get("/thu-tuc/", {"page": "x"}).status_code == 200


def test_a_procedure_page_shows_papers_fees_time_and_where_to_submit(client, catalogue):
    code = catalogue["birth"].code
    response = client.get(f"/thu-tuc/{code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Đăng ký khai sinh</h1>" in page
    assert "8.000 đ" in page
    assert "Tờ khai theo mẫu" in page
    assert "Giấy tờ chứng minh nơi cư trú" in page
    assert "Khi nộp ngoài nơi cư trú" in page
    assert "Giấy chứng nhận" in page
    assert 'href="/diem-tiep-nhan/"' in page
    assert "01/07/2025" in page


def test_the_procedure_page_in_english(client, catalogue):
    english(client)
    page = client.get(f"/thu-tuc/{catalogue['birth'].code}/").content.decode()
    assert "3 working days" in page
    assert "8,000 đ" in page
    assert "any service point of the city" in page
    assert "fully online" in page
    assert "Version 1, in force from 01/07/2025." in page


def test_a_procedure_received_only_by_its_agency_names_the_agency(client, catalogue):
    english(client)
    page = client.get(f"/thu-tuc/{catalogue['land'].code}/").content.decode()
    assert "Văn phòng đăng ký đất đai thành phố" in page
    assert "cannot be done online yet" in page
    assert 'href="/diem-tiep-nhan/"' not in page.split("<main")[1].split("Time and fees")[0]


def test_an_unknown_or_draft_code_is_a_404_with_a_message(client, catalogue):
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "9.999999" in response.content.decode()
    draft = Procedure.objects.get(versions__name="Đăng ký giám hộ")
    assert client.get(f"/thu-tuc/{draft.code}/").status_code == 404
    assert client.get("/thu-tuc/%00/").status_code == 404


def test_the_service_points_are_listed_by_kind_with_their_address(client):
    ServicePointFactory(name="Chi nhánh số 1 — Hoàn Kiếm", kind="branch", address="1 Tràng Tiền")
    ServicePointFactory(name="Trung tâm phường Ba Đình", kind="commune_centre", address="2 Đội Cấn")
    ServicePointFactory(name="Điểm đã đóng", closed_on=datetime.date(2026, 1, 1))
    english(client)
    response = client.get("/diem-tiep-nhan/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chi nhánh số 1 — Hoàn Kiếm" in page
    assert "1 Tràng Tiền" in page
    assert "2 Đội Cấn" in page
    assert "Điểm đã đóng" not in page
    assert page.index("Branch of the city centre") < page.index("Commune public administration")


def test_the_home_page_links_to_the_guide(client):
    assert 'href="/thu-tuc/"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("limit", "unit", "vi", "en"),
    [
        (Decimal(3), TimeUnit.WORKING_DAYS, "3", "3 working days"),
        (Decimal(1), TimeUnit.WORKING_DAYS, "1", "1 working day"),
        (Decimal("0.5"), TimeUnit.WORKING_DAYS, "0,5", "0.5 working days"),
        (Decimal(4), TimeUnit.WORKING_HOURS, "4", "4 working hours"),
        (Decimal(0), TimeUnit.ON_THE_SPOT, None, "Dealt with on the spot"),
    ],
)
def test_time_limits_read_as_words(limit, unit, vi, en):
    offer = ChannelOffer(time_limit=limit, time_unit=unit)
    with translation.override("en"):
        assert time_limit_text(offer) == en
    if vi is not None:
        with translation.override("vi"):
            assert time_limit_text(offer).startswith(vi + " ")


def test_money_uses_the_languages_grouping():
    with translation.override("vi"):
        assert money(8000) == "8.000 đ"
        assert money(1250000) == "1.250.000 đ"
    with translation.override("en"):
        assert money(8000) == "8,000 đ"
