"""Rule: `motcua token create USER` prints a token that authenticates `Authorization: Token`;
only its digest is stored; revoked or unknown tokens are refused (issue 2 §6)."""

import io

import pytest
from django.core.management import CommandError, call_command

from factories.accounts import StaffUserFactory
from motcua.accounts.models import ApiToken
from motcua.accounts.services import revoke_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return StaffUserFactory(username="chuyenvien")


def create_token(username):
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip()


def test_token_command_prints_a_token_that_authenticates(client, user):
    raw = create_token("chuyenvien")
    assert len(raw) >= 40
    stored = ApiToken.objects.get(user=user)
    assert raw not in (stored.digest, stored.prefix)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "chuyenvien"


def test_the_api_refuses_anonymous_requests(client, user):
    assert client.get("/api/v1/me").status_code in (401, 403)


def test_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No user named"):
        create_token("nobody")


def test_wrong_and_revoked_tokens_are_refused(client, user):
    raw = create_token("chuyenvien")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Token nope").status_code == 401
    revoke_api_token(actor=user, token=ApiToken.objects.get(user=user))
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_malformed_header_is_refused_with_a_message(client, user):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Token a b")
    assert response.status_code == 401
