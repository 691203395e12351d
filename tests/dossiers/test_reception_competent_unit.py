"""Rule: for a procedure decided by every unit of a level (e.g. every commune), the competent
unit is the unit of that level in the applicant's area that is not dissolved — the first by id
if the records hold more than one — and none when there is none. The reception reads it with
SQL compiled once (`reception._live_unit_of_level`); it must answer as the ORM query did."""

import datetime

import pytest

from factories.organizations import CommuneFactory, UnitFactory
from motcua.dossiers.services.reception import _live_unit_of_level
from motcua.organizations.models import Unit

pytestmark = pytest.mark.django_db


def orm_answer(level, area):
    return Unit.objects.filter(level=level, area=area, dissolved_on__isnull=True).first()


def test_the_live_commune_of_the_area_is_found(city):
    area, elsewhere = CommuneFactory(), CommuneFactory()
    UnitFactory(code="000.C0.01.H26", level="commune", area=elsewhere, parent=city)
    UnitFactory(
        code="000.C0.02.H26",
        level="commune",
        area=area,
        parent=city,
        dissolved_on=datetime.date(2025, 7, 1),
    )
    live = UnitFactory(code="000.C0.03.H26", level="commune", area=area, parent=city)
    found = _live_unit_of_level("commune", area)
    assert found == live == orm_answer("commune", area)
    assert found.name == live.name and found.code == "000.C0.03.H26"


def test_of_two_live_units_the_first_by_id_is_taken(city):
    area = CommuneFactory()
    first = UnitFactory(code="000.C0.04.H26", level="commune", area=area, parent=city)
    UnitFactory(code="000.C0.05.H26", level="commune", area=area, parent=city)
    assert _live_unit_of_level("commune", area) == first == orm_answer("commune", area)


def test_no_unit_of_that_level_means_none(city):
    area = CommuneFactory()
    UnitFactory(code="000.C0.06.H26", level="commune", area=area, parent=city)
    assert _live_unit_of_level("district", area) is None
    assert orm_answer("district", area) is None
