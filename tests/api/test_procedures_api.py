"""Rules: GET /api/v1/procedures searches the public catalogue (paginated, filtered by field
and level); GET /api/v1/procedures/{code} gives the version in force in full. Both are public;
drafts never show; bad parameters are a 400 naming the parameter, an unknown code a 404 with
a message, and no input is a 500 (issue 4 §7)."""

import datetime

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories.catalog import FieldFactory, PublishedProcedureFactory, VersionFactory
from motcua.catalog.models import Procedure
from motcua.catalog.search import procedure_search_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spring_2026():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        yield


def publish(name, **version):
    procedure = PublishedProcedureFactory(
        **{f"version__{k}": v for k, v in version.items()}, version__name=name
    )
    current = procedure.versions.get()
    Procedure.objects.filter(pk=procedure.pk).update(search_text=procedure_search_text(current))
    return procedure


@pytest.fixture
def catalogue():
    civil = FieldFactory(code="HT", name="Hộ tịch")
    land = FieldFactory(code="DD", name="Đất đai")
    birth = publish("Đăng ký khai sinh", field=civil)
    publish("Đăng ký kết hôn", field=civil)
    publish("Đăng ký khai tử", field=civil)
    publish(
        "Cấp giấy chứng nhận quyền sử dụng đất",
        field=land,
        level="province",
        online_level="none",
        boundary_free=False,
    )
    draft = VersionFactory(name="Đăng ký giám hộ", field=civil)
    Procedure.objects.filter(pk=draft.procedure_id).update(search_text=procedure_search_text(draft))
    return {"birth": birth, "draft": draft.procedure}


def get(client, url, **params):
    headers = {k: params.pop(k) for k in list(params) if k.startswith("HTTP_")}
    response = client.get(url, params, **headers)
    return response.status_code, response.json()


def test_search_needs_no_login_and_ignores_case_and_accents(client, catalogue):
    for query in ("khai sinh", "KHAI SINH", "Khai Sinh"):
        status, body = get(client, "/api/v1/procedures", search=query)
        assert status == 200
        assert [r["name"] for r in body["results"]] == ["Đăng ký khai sinh"]
    status, body = get(client, "/api/v1/procedures", search="dang ky ket hon")
    assert [r["name"] for r in body["results"]] == ["Đăng ký kết hôn"]


def test_a_result_has_its_code_field_level_and_link(client, catalogue):
    status, body = get(client, "/api/v1/procedures", search="khai sinh", HTTP_ACCEPT_LANGUAGE="en")
    assert status == 200
    code = catalogue["birth"].code
    assert body["count"] == 1
    assert body["results"][0] == {
        "code": code,
        "name": "Đăng ký khai sinh",
        "field": {"code": "HT", "name": "Hộ tịch"},
        "level": "commune",
        "level_label": "Commune",
        "online_level": "full",
        "online_level_label": "Fully online",
        "boundary_free": True,
        "url": f"http://testserver/api/v1/procedures/{code}",
    }


def test_filters_by_field_and_level(client, catalogue):
    _, body = get(client, "/api/v1/procedures", field="DD")
    assert [r["name"] for r in body["results"]] == ["Cấp giấy chứng nhận quyền sử dụng đất"]
    _, body = get(client, "/api/v1/procedures", field="ht", level="commune", search="dang ky")
    assert body["count"] == 3
    _, body = get(client, "/api/v1/procedures", level="central")
    assert body["count"] == 0
    assert body["results"] == []


def test_drafts_are_not_listed(client, catalogue):
    _, body = get(client, "/api/v1/procedures", search="giam ho")
    assert body["count"] == 0
    _, body = get(client, "/api/v1/procedures")
    assert body["count"] == 4


def test_results_are_paginated_with_links(client, catalogue):
    status, body = get(client, "/api/v1/procedures", page_size=3)
    assert (body["count"], body["page"], body["pages"], len(body["results"])) == (4, 1, 2, 3)
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/procedures?page_size=3&page=2"
    status, body = get(client, "/api/v1/procedures", page_size=3, page=2)
    assert status == 200
    assert len(body["results"]) == 1
    assert body["next"] is None
    assert body["previous"].endswith("page=1")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"level": "district"}, "level"),
        ({"field": "ZZ"}, "field"),
        ({"field": "x" * 31}, "field"),
        ({"field": "H\x00T"}, "field"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "99"}, "page"),
        ({"page": "1" * 2000}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"search": "a" * 201}, "search"),
        ({"search": "khai\x00sinh"}, "search"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, catalogue, params, parameter):
    status, body = get(client, "/api/v1/procedures", **params)
    assert status == 400
    assert body["error"] == "invalid"
    assert list(body["fields"]) == [parameter]
    assert body["detail"]


def test_bad_parameter_messages_say_what_is_expected(client, catalogue):
    _, body = get(client, "/api/v1/procedures", level="district", HTTP_ACCEPT_LANGUAGE="en")
    assert "central, province or commune" in body["detail"]
    _, body = get(client, "/api/v1/procedures", page="99", HTTP_ACCEPT_LANGUAGE="en")
    assert body["detail"] == "page must be from 1 to 1 here."


def test_the_detail_is_the_version_in_force_in_full(client, catalogue):
    code = catalogue["birth"].code
    status, body = get(client, f"/api/v1/procedures/{code}")
    assert status == 200
    assert body["code"] == code
    assert body["name"] == "Đăng ký khai sinh"
    assert body["version"] == 1
    assert body["valid_from"] == "2025-07-01"
    assert body["valid_to"] is None
    counter = next(c for c in body["channels"] if c["channel"] == "counter")
    assert counter["time_limit"] == 3
    assert counter["time_unit"] == "working_days"
    assert counter["fees"] == [
        {"code": "", "name": "Lệ phí", "kind": "fee", "amount_vnd": 8000, "description": ""}
    ]
    assert [c["name"] for c in body["components"]] == [
        "Tờ khai theo mẫu",
        "Giấy tờ chứng minh nơi cư trú",
    ]
    assert body["components"][1]["required"] is False
    assert [r["name"] for r in body["results"]] == ["Giấy chứng nhận"]
    assert body["agencies"][0]["role"] == "competent"
    assert body["agencies"][0]["unit"] is None
    assert [s["allotted_hours"] for s in body["steps"]] == [2, 16, 4, 2]


def test_an_unknown_code_is_a_404_with_a_message(client, catalogue):
    status, body = get(client, "/api/v1/procedures/9.999999", HTTP_ACCEPT_LANGUAGE="en")
    assert status == 404
    assert body == {
        "error": "not_found",
        "detail": "No published procedure has the code “9.999999”.",
    }


def test_a_draft_only_procedure_is_a_404(client, catalogue):
    status, _ = get(client, f"/api/v1/procedures/{catalogue['draft'].code}")
    assert status == 404


@pytest.mark.parametrize("code", ["%00", "x" * 300, "'; DROP TABLE x; --", "%E2%80%8B"])
def test_odd_codes_are_a_404_never_a_500(client, catalogue, code):
    response = client.get(f"/api/v1/procedures/{code}")
    assert response.status_code == 404


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    search=st.text(max_size=40),
    field=st.text(max_size=8),
    level=st.text(max_size=8),
    page=st.text(max_size=5),
)
def test_no_query_string_is_a_server_error(client, catalogue, search, field, level, page):
    params = {"search": search, "field": field, "level": level, "page": page}
    assert client.get("/api/v1/procedures", params).status_code in (200, 400)
    guide = {"q": search, "field": field, "level": level, "page": page}
    assert client.get("/thu-tuc/", guide).status_code in (200, 400)


def test_components_carry_the_id_a_reception_names_them_by(client):
    from factories.catalog import PublishedProcedureFactory
    from motcua.catalog.search import procedure_search_text

    procedure = PublishedProcedureFactory()
    version = procedure.versions.get()
    procedure.search_text = procedure_search_text(version)
    procedure.save(update_fields=["search_text"])
    body = client.get(f"/api/v1/procedures/{procedure.code}").json()
    ids = {c["id"] for c in body["components"]}
    assert ids == set(version.components.values_list("id", flat=True))
