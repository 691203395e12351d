"""How the public lookup reaches PostgreSQL (bench/bench_lookup.py): its one query runs as a
prepared statement of the connection — Django turns psycopg's preparing off, which made the
lookup's `prepare=True` a silent no-op — while the ORM's own queries stay unprepared; a
database error in it is Django's error, so Django checks the kept connection after the
request."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

from factories.accounts import StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.dossiers import selectors
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.organizations.models import Role

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
]


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
            applicant_name="Lê Thị Hoa",
            applicant_area=area,
            components=tuple(
                ComponentHandedIn(component_id=c.id)
                for c in version.components.filter(required=True)
            ),
        ),
    )


LOOKUP = '"dossiers_dossier"."code" = $1'


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_lookup_query_is_prepared_once_on_the_connection(client, dossier):
    """Two lookups: the answer is the dossier's, and the lookup's SQL is a prepared statement
    of the connection (PostgreSQL no longer plans the five-table join on each request)."""
    for _ in range(2):
        answer = client.get(f"/api/v1/public/dossiers/{dossier.code}")
        assert answer.status_code == 200
        assert answer.json()["procedure_name"] == "Đăng ký kết hôn"
        assert answer.json()["status_label"] == "Đã tiếp nhận"
    lookups = [s for s in prepared_statements() if LOOKUP in s]
    assert len(lookups) == 1


def test_the_orms_own_queries_are_not_prepared(client, dossier):
    """Only the statements compiled once (the lookup, motcua.batching's INSERTs) are prepared:
    psycopg's automatic preparing stays off for the ORM's queries, as Django keeps it for
    connection poolers."""
    client.get(f"/api/v1/public/dossiers/{dossier.code}")
    for _ in range(10):
        list(type(dossier).objects.filter(pk=dossier.pk).values_list("status", flat=True))
    statements = prepared_statements()
    assert statements
    assert all(LOOKUP in s or s.startswith("INSERT INTO") for s in statements), statements


def test_a_database_error_in_the_prepared_lookup_is_djangos_error(dossier):
    """An error there is wrapped as the ORM's errors are: Django then knows the connection had
    an error and checks it before the next request uses it (a kept connection that broke is
    replaced instead of failing every later lookup)."""
    connection.errors_occurred = False
    with pytest.raises(DatabaseError), transaction.atomic():
        selectors._fetch_prepared(
            connection, "SELECT code FROM no_such_table WHERE code = %s", ["x"]
        )
    assert connection.errors_occurred is True
    connection.errors_occurred = False
