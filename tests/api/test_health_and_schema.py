"""Rules: /api/v1/health reports the database; the OpenAPI schema and Swagger UI are served
by the app itself, with no CDN (issue 2 §9)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_ok_with_a_database_check(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in ("sqlite", "postgresql")


def test_health_says_error_when_the_database_fails(client, monkeypatch):
    from motcua.api import health

    def broken_cursor():
        raise RuntimeError("down")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert b"/api/v1/health" in response.content


def test_swagger_ui_loads_only_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the page must load Swagger UI"
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
