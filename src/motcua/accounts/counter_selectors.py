"""Reads the counter needs about accounts: the citizen account that holds an identity number,
so that a known applicant's details are filled in from what they registered themselves."""

from motcua.accounts.models import AccountKind, User


def citizen_with_identity(identity_number: str) -> User | None:
    """The active citizen or organisation account registered with this identity number."""
    number = (identity_number or "").strip()
    if not number or "\x00" in number:
        return None
    return User.objects.filter(
        identity_number=number, kind=AccountKind.CITIZEN, is_active=True
    ).first()
