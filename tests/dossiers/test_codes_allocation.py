"""Allocating dossier codes (issue 5 §3): the reception day is Vietnam's, the sequence restarts
for each agency and each day, a rolled-back reception gives its number back, and past 9,999 the
sequence widens instead of refusing the dossier. Concurrency: test_codes_concurrency.py."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from factories.organizations import UnitFactory
from motcua.dossiers.codes import (
    CodeAllocationOutsideTransaction,
    allocate_code,
    parse_code,
    reception_day,
)
from motcua.dossiers.models import DossierCodeCounter

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC
OCT_27_9AM = datetime.datetime(2023, 10, 27, 9, 0, tzinfo=VN)


@pytest.fixture
def agency(db):
    return UnitFactory(code="000.00.06.H56")


def allocate(agency, received_at=OCT_27_9AM):
    with transaction.atomic():
        return allocate_code(agency=agency, received_at=received_at)


def test_the_first_codes_of_the_day_count_from_0001(agency):
    assert [allocate(agency) for _ in range(3)] == [
        "000.00.06.H56-231027-0001",
        "000.00.06.H56-231027-0002",
        "000.00.06.H56-231027-0003",
    ]
    counter = DossierCodeCounter.objects.get(agency=agency)
    assert (counter.day, counter.last_number) == (datetime.date(2023, 10, 27), 3)


def test_a_late_evening_reception_belongs_to_vietnams_day_not_utcs(agency):
    # 23:30 on 31/12 in Vietnam is 16:30 UTC the same day; 00:30 on 1/1 is still 31/12 in UTC.
    new_years_eve = datetime.datetime(2023, 12, 31, 16, 30, tzinfo=UTC)
    just_after_midnight = datetime.datetime(2023, 12, 31, 17, 30, tzinfo=UTC)
    assert allocate(agency, new_years_eve) == "000.00.06.H56-231231-0001"
    assert allocate(agency, just_after_midnight) == "000.00.06.H56-240101-0001"
    assert allocate(agency, datetime.datetime(2023, 12, 31, 23, 59, 59, tzinfo=VN)).endswith(
        "-231231-0002"
    )


def test_the_reception_day_needs_an_aware_instant():
    assert reception_day(datetime.datetime(2024, 1, 1, 0, 0, tzinfo=VN)) == datetime.date(
        2024, 1, 1
    )
    with pytest.raises(ValueError, match="aware"):
        reception_day(datetime.datetime(2024, 1, 1, 0, 0))


def test_each_agency_has_its_own_sequence(agency):
    other = UnitFactory(code="000.A0.01.H26")
    assert allocate(agency) == "000.00.06.H56-231027-0001"
    assert allocate(other) == "000.A0.01.H26-231027-0001"
    assert allocate(agency) == "000.00.06.H56-231027-0002"


def test_the_sequence_restarts_each_day(agency):
    assert allocate(agency).endswith("-231027-0001")
    assert allocate(agency).endswith("-231027-0002")
    next_day = OCT_27_9AM + datetime.timedelta(days=1)
    assert allocate(agency, next_day).endswith("-231028-0001")
    # A late entry for the previous day continues that day's numbering.
    assert allocate(agency).endswith("-231027-0003")


def test_past_9999_the_sequence_widens_instead_of_refusing_the_dossier(agency, caplog):
    DossierCodeCounter.objects.create(
        agency=agency, day=datetime.date(2023, 10, 27), last_number=9998
    )
    codes = [allocate(agency) for _ in range(3)]
    assert codes == [
        "000.00.06.H56-231027-9999",
        "000.00.06.H56-231027-10000",
        "000.00.06.H56-231027-10001",
    ]
    assert [parse_code(code).number for code in codes] == [9999, 10000, 10001]
    assert "five-digit sequence" in caplog.text  # operators hear about it once


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_reception_gives_its_number_back():
    agency = UnitFactory(code="000.00.06.H56")
    assert allocate(agency) == "000.00.06.H56-231027-0001"

    class ReceptionFailed(Exception):
        pass

    with pytest.raises(ReceptionFailed), transaction.atomic():
        assert allocate_code(agency=agency, received_at=OCT_27_9AM).endswith("-0002")
        raise ReceptionFailed

    assert allocate(agency) == "000.00.06.H56-231027-0002"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_first_reception_of_the_day_leaves_no_counter_behind():
    agency = UnitFactory(code="000.00.06.H56")
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        allocate_code(agency=agency, received_at=OCT_27_9AM)
        1 / 0  # noqa: B018
    assert not DossierCodeCounter.objects.exists()
    assert allocate(agency).endswith("-0001")


@pytest.mark.django_db(transaction=True)
def test_allocating_outside_a_transaction_is_refused():
    agency = UnitFactory(code="000.00.06.H56")
    with pytest.raises(CodeAllocationOutsideTransaction, match=r"transaction\.atomic"):
        allocate_code(agency=agency, received_at=OCT_27_9AM)
    assert not DossierCodeCounter.objects.exists()
