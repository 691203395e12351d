"""Rules of the dossier read API (issue 5 §8): the public lookup tells status and dates and
nothing personal, is throttled, answers 404 for an unknown code and 400 for a malformed one;
the full dossier and its history only to those who may see it — others get a 404."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from factories.accounts import CitizenFactory, StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.accounts.services import create_api_token
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

PERSONAL = ("Lê Thị Hoa", "001090012345", "0912345678", "hoa@example.vn", "Ngõ 5")


@pytest.fixture(autouse=True)
def empty_throttle_cache():
    cache.clear()


@pytest.fixture
def dossier(city):
    area = CommuneFactory()
    commune = UnitFactory(code="000.C0.04.H26", level="commune", area=area, parent=city)
    point = ServicePointFactory(agency=commune, area=area, name="Trung tâm PVHCC phường Thử")
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    version = PublishedProcedureFactory(version__name="Đăng ký kết hôn").versions.get()
    return receive_at_counter(
        actor=officer,
        point=point,
        received_at=datetime.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        request=ReceptionRequest(
            procedure_version=version,
            applicant_name=PERSONAL[0],
            applicant_identity_kind="cccd",
            applicant_identity_number=PERSONAL[1],
            applicant_phone=PERSONAL[2],
            applicant_email=PERSONAL[3],
            applicant_address=f"{PERSONAL[4]}, phường Thử",
            applicant_area=area,
            components=tuple(
                ComponentHandedIn(component_id=c.id)
                for c in version.components.filter(required=True)
            ),
        ),
    )


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Token {create_api_token(actor=user, owner=user)[1]}"}


def test_public_lookup_tells_status_and_dates_and_nothing_personal(client, dossier):
    response = client.get(f"/api/v1/public/dossiers/{dossier.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == dossier.code
    assert body["status"] == "received" and body["national_status"] == 2
    assert body["procedure_name"] == "Đăng ký kết hôn"
    assert body["due_at"].startswith("2026-03-05T09:00:00")
    assert body["return_point"] == "Trung tâm PVHCC phường Thử"
    text = response.content.decode()
    for personal in PERSONAL:
        assert personal not in text, personal


def test_public_lookup_accepts_lower_case_and_spaces(client, dossier):
    assert client.get(f"/api/v1/public/dossiers/ {dossier.code.lower()} ").status_code == 200


def test_unknown_code_is_404_and_malformed_is_400_naming_the_part(client, dossier):
    unknown = dossier.code[:-4] + "9999"
    assert client.get(f"/api/v1/public/dossiers/{unknown}").status_code == 404
    response = client.get("/api/v1/public/dossiers/000.00.06-H56-231027-0361")
    assert response.status_code == 400
    assert "code" in response.json()["fields"]


def test_public_lookup_is_throttled_per_address(client, dossier, monkeypatch):
    from motcua.api.dossiers import PublicLookupThrottle

    monkeypatch.setattr(PublicLookupThrottle, "rate", "3/min", raising=False)
    codes = [client.get(f"/api/v1/public/dossiers/{dossier.code}").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    other_address = client.get(f"/api/v1/public/dossiers/{dossier.code}", REMOTE_ADDR="10.9.8.7")
    assert other_address.status_code == 200


def test_the_competent_units_specialist_reads_the_dossier_and_its_history(client, dossier):
    specialist = StaffUserFactory()
    MembershipFactory(user=specialist, unit=dossier.competent_unit, role=Role.SPECIALIST)
    auth = token_for(specialist)
    body = client.get(f"/api/v1/dossiers/{dossier.code}", **auth).json()
    assert body["applicant_name"] == PERSONAL[0]
    assert body["competent_unit"] == dossier.competent_unit.code
    history = client.get(f"/api/v1/dossiers/{dossier.code}/history", **auth).json()
    assert [h["action"] for h in history] == ["receive"]


@pytest.mark.parametrize("who", ["citizen", "other_unit", "anonymous"])
def test_others_get_a_404_or_must_log_in(client, dossier, department, who):
    if who == "anonymous":
        assert client.get(f"/api/v1/dossiers/{dossier.code}").status_code in (401, 403)
        return
    if who == "citizen":
        user = CitizenFactory()
    else:
        user = StaffUserFactory()
        MembershipFactory(user=user, unit=department, role=Role.SPECIALIST)
    auth = token_for(user)
    assert client.get(f"/api/v1/dossiers/{dossier.code}", **auth).status_code == 404
    assert client.get(f"/api/v1/dossiers/{dossier.code}/history", **auth).status_code == 404


def test_the_owner_reads_their_dossier(client, dossier):
    owner = CitizenFactory()
    dossier.owner = owner
    dossier.save(update_fields=["owner"])
    assert client.get(f"/api/v1/dossiers/{dossier.code}", **token_for(owner)).status_code == 200


@pytest.mark.parametrize("returned_by_post", [False, True])
def test_the_fast_public_answer_equals_the_documented_serializer(client, dossier, returned_by_post):
    """The public lookup builds its answer from columns (api.dossiers.public_answer) for
    speed; it must stay exactly what PublicDossierSerializer documents in the OpenAPI file."""
    from motcua.api.dossiers import PublicDossierSerializer
    from motcua.dossiers.models import Dossier

    if returned_by_post:  # test setup: no return point, a different channel
        Dossier.objects.filter(pk=dossier.pk).update(return_point=None, return_channel="post")
    dossier = Dossier.objects.select_related(
        "procedure_version__procedure", "return_point", "group"
    ).get(pk=dossier.pk)
    answer = client.get(f"/api/v1/public/dossiers/{dossier.code}").json()
    assert answer == PublicDossierSerializer(dossier).data


@pytest.mark.parametrize("case", ["found", "unknown", "malformed", "throttled"])
def test_the_fast_lookup_answers_exactly_as_the_drf_view(client, dossier, case, monkeypatch):
    """The lookup's URL is served without DRF's per-request work (api.dossiers.public_lookup);
    every answer, errors included, must stay the documented DRF view's."""
    from django.test import RequestFactory

    from motcua.api.dossiers import PublicLookupThrottle, public_dossier, public_lookup

    code = {
        "found": dossier.code,
        "unknown": dossier.code[:-4] + "9999",
        "malformed": "000.00.06-H56-231027-0361",
        "throttled": dossier.code,
    }[case]
    if case == "throttled":
        monkeypatch.setattr(PublicLookupThrottle, "rate", "1/min", raising=False)

    def answer(view):
        cache.clear()
        request = RequestFactory().get(f"/api/v1/public/dossiers/{code}")
        if case == "throttled":
            view(RequestFactory().get(f"/api/v1/public/dossiers/{code}"), code=code)
        response = view(request, code=code)
        if hasattr(response, "render"):
            response.render()
        return response.status_code, json.loads(response.content), response.get("Retry-After")

    fast, documented = answer(public_lookup), answer(public_dossier)
    assert fast == documented
    assert fast[0] == {"found": 200, "unknown": 404, "malformed": 400, "throttled": 429}[case]
