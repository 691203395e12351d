"""Validators of citizens' and organisations' identities.

Each returns nothing on success and raises ValidationError with a message in the user's
language that says exactly what is wrong, so the counter officer can fix it at once.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province-of-birth codes that open a 12-digit citizen ID (CCCD), per the Ministry of Public
# Security's list (Circular 07/2016/TT-BCA): the 63 provinces as they were before the 2025
# merger. Citizens keep their number after the merger, so the old list stays the valid one.
CCCD_PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)

TAX_CODE_PATTERN = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def validate_cccd(value: str) -> None:
    """A citizen ID (căn cước công dân): 12 digits, the first three a province-of-birth code."""
    if not value:
        raise ValidationError(_("Enter the citizen ID number."), code="required")
    if not value.isdigit() or not value.isascii():
        raise ValidationError(_("A citizen ID number has digits only."), code="cccd_digits")
    if len(value) != 12:
        raise ValidationError(
            _("A citizen ID number has 12 digits; this one has %(count)d."),
            code="cccd_length",
            params={"count": len(value)},
        )
    if value[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            _(
                "%(code)s is not a province-of-birth code: the first three digits of a citizen ID "
                "must name a province."
            ),
            code="cccd_province",
            params={"code": value[:3]},
        )


def normalize_tax_code(value: str) -> str:
    """The canonical form of a tax code: 10 digits, or 10 digits, a hyphen and 3 digits."""
    compact = value.strip().replace(" ", "")
    match = TAX_CODE_PATTERN.match(compact)
    if not match:
        return compact
    main, branch = match.groups()
    return f"{main}-{branch}" if branch else main


def validate_tax_code(value: str) -> None:
    """An organisation's tax code: 10 digits, or 13 for a branch (written 10-3 or 13 digits)."""
    if not value:
        raise ValidationError(_("Enter the tax code."), code="required")
    compact = value.strip().replace(" ", "")
    if not TAX_CODE_PATTERN.match(compact):
        digits = compact.replace("-", "")
        if not digits.isdigit():
            raise ValidationError(
                _("A tax code has digits only (and one hyphen before a branch number)."),
                code="tax_code_digits",
            )
        raise ValidationError(
            _("A tax code has 10 digits, or 13 for a branch; this one has %(count)d."),
            code="tax_code_length",
            params={"count": len(digits)},
        )
