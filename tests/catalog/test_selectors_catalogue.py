"""Rules: the public sees one version per procedure, the published one in force on the day
(today in Vietnam by default); drafts never; a procedure page loads in a fixed number of
queries (issue 4 §7)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories.catalog import FieldFactory, PublishedProcedureFactory, VersionFactory
from motcua.catalog import selectors
from motcua.catalog.models import VersionStatus

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2026, 6, 30)
JULY_1 = datetime.date(2026, 7, 1)


@pytest.fixture
def renewed():
    """Version 1 in force until 30/06/2026, version 2 from 01/07/2026, a draft version 3."""
    procedure = PublishedProcedureFactory(
        code="1.001193", version__name="Đăng ký khai sinh", version__valid_to=JUNE_30
    )
    field = procedure.versions.get().field
    VersionFactory(
        procedure=procedure,
        number=2,
        name="Đăng ký khai sinh (2026)",
        field=field,
        status=VersionStatus.PUBLISHED,
        valid_from=JULY_1,
    )
    VersionFactory(procedure=procedure, number=3, name="Dự thảo", field=field)
    return procedure


def test_the_version_in_force_follows_the_date(renewed):
    assert selectors.version_in_force(renewed, on=JUNE_30).number == 1
    assert selectors.version_in_force(renewed, on=JULY_1).number == 2
    assert selectors.version_in_force(renewed, on=datetime.date(2025, 6, 30)) is None


def test_today_is_the_day_in_vietnam_not_in_utc(renewed):
    # 17:30 UTC on 30/06 is already 00:30 on 01/07 in Hanoi.
    with time_machine.travel(datetime.datetime(2026, 6, 30, 17, 30, tzinfo=datetime.UTC)):
        assert selectors.today() == JULY_1
        assert selectors.version_in_force(renewed).number == 2
    with time_machine.travel(datetime.datetime(2026, 6, 30, 16, 30, tzinfo=datetime.UTC)):
        assert selectors.version_in_force(renewed).number == 1


def test_a_draft_is_never_in_force():
    draft = VersionFactory(name="Chỉ có dự thảo")
    assert selectors.version_in_force(draft.procedure, on=JULY_1) is None
    assert not selectors.published_procedures(on=JULY_1).exists()
    assert selectors.procedure_detail(draft.procedure.code, on=JULY_1) is None


def test_published_procedures_are_those_with_a_version_in_force(renewed):
    VersionFactory(name="Chỉ có dự thảo")
    expired = PublishedProcedureFactory(version__valid_to=datetime.date(2026, 1, 1))
    assert list(selectors.published_procedures(on=JULY_1)) == [renewed]
    assert expired not in selectors.published_procedures(on=JULY_1)
    assert selectors.versions_in_force(on=JULY_1).count() == 1


def test_procedure_detail_loads_everything_in_a_fixed_number_of_queries(renewed):
    with CaptureQueriesContext(connection) as queries:
        version = selectors.procedure_detail("1.001193", on=JUNE_30)
        assert version.number == 1
        for offer in version.channels.all():
            list(offer.fees.all())
        list(version.components.all())
        list(version.results.all())
        assert [a.description for a in version.agencies.all()] == ["Ủy ban nhân dân cấp xã"]
        assert [s.order for s in version.steps.all()] == [1, 2, 3, 4]
        assert version.procedure.code == "1.001193"
        assert version.field.name == "Hộ tịch"
    # The version, then channels, fees, components, results, agencies, steps.
    assert len(queries) == 7


@pytest.mark.parametrize("code", ["", "   ", "9.999999", "x" * 200, "1.001193\x00"])
def test_procedure_detail_is_none_for_codes_that_are_not_public(renewed, code):
    assert selectors.procedure_detail(code, on=JUNE_30) is None


def test_fields_and_levels_are_counted_for_browsing():
    civil = FieldFactory(code="HT", name="Hộ tịch")
    land = FieldFactory(code="DD", name="Đất đai")
    PublishedProcedureFactory(version__field=civil)
    PublishedProcedureFactory(version__field=civil)
    PublishedProcedureFactory(version__field=land, version__level="province")
    FieldFactory(code="XD", name="Xây dựng")  # no procedure: not listed
    VersionFactory(field=FieldFactory(code="TP", name="Tư pháp"))  # only a draft
    fields = selectors.fields_with_counts(on=JULY_1)
    assert [(f.code, f.procedure_count) for f in fields] == [("DD", 1), ("HT", 2)]
    assert [(level, count) for level, _, count in selectors.level_counts(on=JULY_1)] == [
        ("province", 1),
        ("commune", 2),
    ]
