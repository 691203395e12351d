"""Rule: agency codes follow QCVN 102:2016 (issue 2 §5)."""

import pytest
from django.core.exceptions import ValidationError

from motcua.organizations.validators import validate_agency_code


@pytest.mark.parametrize(
    "code", ["000.00.06.H56", "000.A0.01.H26", "000.00.00.G01", "000.C1.27.H26"]
)
def test_valid_codes_pass(code):
    validate_agency_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "H26",
        "000.00.06-H56",
        "000.00.06.H5",
        "000.00.06.56H",
        "00.00.06.H56",
        "000.000.06.H56",
        "000.00.06.h56",
        "000.00.06.H56 ",
        "",
        "000 00 06 H56",
    ],
)
def test_invalid_codes_are_refused(code):
    with pytest.raises(ValidationError) as error:
        validate_agency_code(code)
    assert error.value.code == "agency_code"
