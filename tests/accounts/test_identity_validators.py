"""Rule: a CCCD has 12 digits opening with a province-of-birth code; a tax code has 10 digits,
or 13 for a branch (issue 2 §6)."""

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import normalize_tax_code, validate_cccd, validate_tax_code


@pytest.mark.parametrize("number", ["001090012345", "079203000001", "096185999999"])
def test_valid_citizen_ids_pass(number):
    validate_cccd(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "required"),
        ("00109001234", "cccd_length"),
        ("0010900123456", "cccd_length"),
        ("00109001234a", "cccd_digits"),
        ("００１０９００１２３４５", "cccd_digits"),  # full-width digits are not ASCII digits
        ("003090012345", "cccd_province"),  # 003 is no province code
        ("099090012345", "cccd_province"),
        ("000090012345", "cccd_province"),
    ],
)
def test_invalid_citizen_ids_are_refused_with_the_reason(number, code):
    with pytest.raises(ValidationError) as error:
        validate_cccd(number)
    assert error.value.code == code


@pytest.mark.parametrize(
    "code", ["0101234567", "0101234567-001", "0101234567001", "0101234567 001"]
)
def test_valid_tax_codes_pass(code):
    validate_tax_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "required"),
        ("010123456", "tax_code_length"),
        ("01012345678", "tax_code_length"),
        ("010123456X", "tax_code_digits"),
        ("0101234567-01", "tax_code_length"),
    ],
)
def test_invalid_tax_codes_are_refused_with_the_reason(code, reason):
    with pytest.raises(ValidationError) as error:
        validate_tax_code(code)
    assert error.value.code == reason


def test_branch_tax_codes_are_stored_in_one_form():
    assert normalize_tax_code("0101234567001") == "0101234567-001"
    assert normalize_tax_code(" 0101234567-001 ") == "0101234567-001"
    assert normalize_tax_code("0101234567") == "0101234567"


def test_messages_are_in_vietnamese_by_default_and_english_when_chosen():
    from django.utils import translation

    with pytest.raises(ValidationError) as error:
        validate_cccd("123")
    assert "12 chữ số" in error.value.messages[0]
    with translation.override("en"):
        assert "12 digits" in error.value.messages[0]
