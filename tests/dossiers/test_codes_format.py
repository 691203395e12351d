"""Writing and reading dossier codes (DOMAIN §4): real samples, every way a typed code can be
wrong with the message that says which part, and the round trip for any code."""

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.codes import DossierCode, MalformedDossierCode, format_code, parse_code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "000.00.06.H56-231027-0361",
            DossierCode("000.00.06.H56", datetime.date(2023, 10, 27), 361),
        ),
        (
            "000.A0.01.H26-210212-9090",
            DossierCode("000.A0.01.H26", datetime.date(2021, 2, 12), 9090),
        ),
        (
            "000.00.06.H56-231027-10000",
            DossierCode("000.00.06.H56", datetime.date(2023, 10, 27), 10000),
        ),
    ],
)
def test_real_codes_are_read_into_their_parts(text, expected):
    assert parse_code(text) == expected
    assert str(parse_code(text)) == text


def test_a_code_typed_with_spaces_or_in_lower_case_is_read():
    assert parse_code("  000.a0.01.h26-210212-9090 \n") == parse_code("000.A0.01.H26-210212-9090")


def test_formatting_pads_the_sequence_to_four_digits_and_widens_past_9999():
    day = datetime.date(2023, 10, 27)
    assert format_code("000.00.06.H56", day, 1) == "000.00.06.H56-231027-0001"
    assert format_code("000.00.06.H56", day, 9999) == "000.00.06.H56-231027-9999"
    assert format_code("000.00.06.H56", day, 10000) == "000.00.06.H56-231027-10000"


@pytest.mark.parametrize(
    ("agency_code", "day", "number"),
    [
        ("H56", datetime.date(2023, 10, 27), 1),
        ("000.00.06.H56", datetime.date(1999, 12, 31), 1),
        ("000.00.06.H56", datetime.date(2023, 10, 27), 0),
    ],
)
def test_formatting_refuses_what_no_code_can_say(agency_code, day, number):
    with pytest.raises(ValueError):
        format_code(agency_code, day, number)


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("", "empty", "Enter a dossier code."),
        ("   ", "empty", "Enter a dossier code."),
        ("000.00.06.H56", "shape", "three parts separated by hyphens"),
        ("000.00.06.H56-2310270361", "shape", "three parts separated by hyphens"),
        ("00.00.06.H56-231027-0361", "agency", "The agency part 00.00.06.H56 is not a QCVN 102"),
        ("000.00.06.56H-231027-0361", "agency", "The agency part 000.00.06.56H is not"),
        ("X-000.00.06.H56-231027-0361", "agency", "The agency part X-000.00.06.H56 is not"),
        ("000.00.06.H56-23102-0361", "date", "The date part 23102 must be six digits"),
        ("000.00.06.H56-2023-10-27-0361", "agency", "The agency part 000.00.06.H56-2023-10"),
        ("000.00.06.H56-23IO27-0361", "date", "The date part 23IO27 must be six digits"),
        ("000.00.06.H56-231327-0361", "date", "The date part 231327 is not a real date"),
        ("000.00.06.H56-230229-0361", "date", "The date part 230229 is not a real date"),
        ("000.00.06.H56-231027-361", "sequence", "The sequence part 361 must be four digits"),
        ("000.00.06.H56-231027-03610", "sequence", "The sequence part 03610 must be four"),
        ("000.00.06.H56-231027-O361", "sequence", "The sequence part O361 must be four"),
        ("000.00.06.H56-231027-", "sequence", "The sequence part  must be four digits"),
        ("000.00.06.H56-231027-0000", "sequence", "cannot be 0000: numbering starts at 0001"),
    ],
)
def test_a_malformed_code_says_which_part_is_wrong(text, reason, message):
    with translation.override("en"), pytest.raises(MalformedDossierCode) as caught:
        parse_code(text)
    assert caught.value.reason == reason
    assert message in caught.value.message
    assert isinstance(caught.value, ValueError)  # callers may catch it as a plain ValueError


def test_a_leap_day_is_a_real_date():
    assert parse_code("000.00.06.H56-240229-0001").day == datetime.date(2024, 2, 29)


AGENCY_CODES = st.from_regex(r"\A[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}\Z")
DAYS = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(AGENCY_CODES, DAYS, st.integers(min_value=1, max_value=10**7))
def test_any_code_reads_back_as_it_was_written(agency_code, day, number):
    text = format_code(agency_code, day, number)
    assert parse_code(text) == DossierCode(agency_code, day, number)
    assert str(parse_code(text)) == text
