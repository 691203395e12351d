"""The QCVN 102:2016/BTTTT agency code, e.g. `000.00.06.H56` or `000.A0.01.H26`.

Four dot-separated groups: three of level 4 (three characters), two groups of two characters
for levels 3 and 2, and the level-1 group of a letter and two digits (H26 is Hanoi, G01 a
ministry). Letters appear in the middle groups too, so those accept capital letters or digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AGENCY_CODE_PATTERN = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")


def validate_agency_code(value: str) -> None:
    if not AGENCY_CODE_PATTERN.match(value or ""):
        raise ValidationError(
            _(
                "%(value)s is not a QCVN 102 agency code: expected four groups separated by dots, "
                "like 000.00.06.H56 or 000.A0.01.H26."
            ),
            code="agency_code",
            params={"value": value},
        )
