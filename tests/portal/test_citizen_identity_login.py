"""Rule: citizens sign in through the identity-provider adapter: the local provider (embedded
default) by identity number and password, a VNeID-style OpenID Connect provider by redirect and
callback with a one-time state; the provider says who, the portal finds or makes the account
(issue 2 §6)."""

from urllib.parse import parse_qs, urlparse

import pytest

from factories.accounts import PASSWORD, CitizenFactory, StaffUserFactory
from motcua.accounts.identity import VerifiedIdentity
from motcua.accounts.models import User

pytestmark = pytest.mark.django_db


class FakeVNeID:
    """Stands in for an OpenID Connect provider: code "good-<number>" means verified."""

    key = "fake-vneid"
    label = "VNeID"
    redirects = True

    def authorization_url(self, request, state):
        return f"https://vneid.example/authorize?client_id=motcua&state={state}"

    def verify(self, request, *, code="", **_ignored):
        if not code.startswith("good-"):
            return None
        return VerifiedIdentity(
            identity_number=code.removeprefix("good-"),
            full_name="Trần Thị Bình",
            verified_by_national_provider=True,
        )


@pytest.fixture
def vneid(settings):
    settings.IDENTITY_PROVIDER = f"{__name__}.FakeVNeID"


def test_local_provider_signs_a_citizen_in_with_identity_number(client):
    citizen = CitizenFactory()
    response = client.post(
        "/dang-nhap/cong-dan/", {"identity_number": citizen.identity_number, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == citizen


def test_local_provider_refuses_a_wrong_password_with_a_message(client):
    citizen = CitizenFactory()
    response = client.post(
        "/dang-nhap/cong-dan/", {"identity_number": citizen.identity_number, "password": "sai"}
    )
    assert response.status_code == 200
    assert "không khớp" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_local_provider_does_not_sign_staff_in_as_citizens(client):
    staff = StaffUserFactory()
    response = client.post(
        "/dang-nhap/cong-dan/", {"identity_number": staff.username, "password": PASSWORD}
    )
    assert not response.wsgi_request.user.is_authenticated


def start_redirect(client):
    response = client.get("/dang-nhap/cong-dan/")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.netloc == "vneid.example"
    return parse_qs(target.query)["state"][0]


def test_openid_provider_round_trip_creates_a_verified_citizen(client, vneid):
    state = start_redirect(client)
    response = client.get(
        "/dang-nhap/cong-dan/callback/", {"state": state, "code": "good-079203000001"}
    )
    assert response.status_code == 302
    user = User.objects.get(identity_number="079203000001")
    assert user.is_citizen and user.identity_verified
    assert user.full_name == "Trần Thị Bình"
    assert not user.has_usable_password()
    assert client.get("/").wsgi_request.user == user


def test_an_existing_citizen_becomes_verified_on_first_vneid_sign_in(client, vneid):
    citizen = CitizenFactory(identity_number="001090000111")
    state = start_redirect(client)
    client.get("/dang-nhap/cong-dan/callback/", {"state": state, "code": "good-001090000111"})
    citizen.refresh_from_db()
    assert citizen.identity_verified
    assert User.objects.filter(identity_number="001090000111").count() == 1


STATE = object()  # stands for the state the portal handed out


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"state": "forged", "code": "good-079203000001"}, "giả mạo"),
        ({"code": "good-079203000001"}, "giả mạo"),
        ({"state": STATE, "error": "access_denied"}, "từ chối"),
        ({"state": STATE, "code": "bad"}, "không xác nhận"),
        ({"state": STATE, "code": "good-12345"}, "12 chữ số"),
    ],
)
def test_a_failed_callback_says_why_and_signs_nobody_in(client, vneid, params, message):
    state = start_redirect(client)
    params = {key: state if value is STATE else value for key, value in params.items()}
    response = client.get("/dang-nhap/cong-dan/callback/", params, follow=True)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(kind="citizen").exists()


def test_a_staff_identity_cannot_sign_in_as_a_citizen(client, vneid):
    StaffUserFactory(identity_number="001090000222")
    state = start_redirect(client)
    response = client.get(
        "/dang-nhap/cong-dan/callback/", {"state": state, "code": "good-001090000222"}, follow=True
    )
    assert response.status_code == 400
    assert not response.wsgi_request.user.is_authenticated
