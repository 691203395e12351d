"""Rule: the public lookup's limit per address (a code is a key to a citizen's dossier status,
so guessing codes in bulk must be slow) counts the address the server can trust. A client
cannot escape it by sending a made-up X-Forwarded-For header; behind the deployment's TLS
proxy (BEHIND_TLS_PROXY) the address that proxy saw — the last one it added — is counted."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from motcua.api.dossiers import PublicLookupThrottle

pytestmark = pytest.mark.django_db

#: A well-formed code that no dossier has: the limit is counted before the lookup (404).
CODE = "000.00.06.H56-231027-0361"


@pytest.fixture(autouse=True)
def three_a_minute(monkeypatch):
    cache.clear()
    monkeypatch.setattr(PublicLookupThrottle, "rate", "3/min", raising=False)


def statuses(client, forwarded_for: list[str], **extra) -> list[int]:
    return [
        client.get(
            f"/api/v1/public/dossiers/{CODE}", HTTP_X_FORWARDED_FOR=address, **extra
        ).status_code
        for address in forwarded_for
    ]


def test_a_made_up_forwarded_address_does_not_escape_the_limit(client):
    """Five lookups from one peer, each claiming another forwarded address: the fourth and
    fifth are refused (429), and so is a sixth under yet another address, with the time to
    wait."""
    made_up = [f"203.0.113.{n}" for n in range(5)]
    assert statuses(client, made_up) == [404, 404, 404, 429, 429]
    refused = client.get(
        f"/api/v1/public/dossiers/{CODE}",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert refused.status_code == 429
    assert refused.json()["error"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # In the user's language, to the end (DRF's own text stayed English after its first part).
    wait = refused["Retry-After"]
    assert refused.json()["detail"] == (
        f"Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau {wait} giây."
    )


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_tls_proxy_the_address_the_proxy_saw_is_counted(client):
    """Behind the proxy every request comes from the proxy's address: two citizens are told
    apart by the address the proxy added last, and one who puts made-up addresses in front
    of it is still counted as themself."""
    citizen = ["10.0.0.7"] * 3
    assert statuses(client, citizen) == [404, 404, 404]
    assert statuses(client, ["203.0.113.1, 10.0.0.7", "203.0.113.2, 10.0.0.7"]) == [429, 429]
    assert statuses(client, ["10.0.0.8"]) == [404]
