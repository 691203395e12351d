"""Writes to accounts: staff users, citizen registration, API tokens. Audited."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import AccountKind, ApiToken, IdentityKind, User
from motcua.accounts.tokens import digest_of, new_raw_token
from motcua.accounts.validators import normalize_tax_code, validate_cccd, validate_tax_code
from motcua.audit.services import record
from motcua.policy import authorize


def validate_identity(identity_kind: str, identity_number: str) -> str:
    """Return the canonical identity number, or raise ValidationError naming the field."""
    number = (identity_number or "").strip()
    try:
        if identity_kind == IdentityKind.CCCD:
            validate_cccd(number)
        elif identity_kind == IdentityKind.TAX_CODE:
            validate_tax_code(number)
            number = normalize_tax_code(number)
        else:
            raise ValidationError(_("Choose the kind of identity: citizen ID or tax code."))
    except ValidationError as error:
        raise ValidationError({"identity_number": error.messages}) from error
    if User.objects.filter(identity_number=number).exists():
        raise ValidationError(
            {"identity_number": _("An account with this identity number already exists.")}
        )
    return number


@transaction.atomic
def create_staff_user(
    *,
    actor,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    phone: str = "",
    is_demo: bool = False,
) -> User:
    authorize(actor, "accounts.manage_users", None)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        kind=AccountKind.STAFF,
        is_demo=is_demo,
    )
    if password:
        if not is_demo:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(
        actor=actor,
        action="accounts.create_staff_user",
        obj=user,
        changes={"username": [None, username], "is_demo": [None, is_demo]},
    )
    return user


@transaction.atomic
def register_citizen(
    *,
    identity_kind: str,
    identity_number: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    is_demo: bool = False,
) -> User:
    """A citizen or organisation opens an account with their identity number."""
    number = validate_identity(identity_kind, identity_number)
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter the full name.")})
    user = User(
        username=number,
        identity_kind=identity_kind,
        identity_number=number,
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        kind=AccountKind.CITIZEN,
        is_demo=is_demo,
    )
    if not is_demo:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    record(
        actor=None,
        action="accounts.register_citizen",
        obj=user,
        changes={"identity_kind": identity_kind, "identity_number": number},
    )
    return user


@transaction.atomic
def create_api_token(*, actor, owner: User, name: str = "") -> tuple[ApiToken, str]:
    """Make a token for `owner`; the raw token is returned once and never stored."""
    authorize(actor, "accounts.create_token", owner)
    raw = new_raw_token()
    token = ApiToken.objects.create(
        user=owner, name=name.strip(), prefix=raw[:8], digest=digest_of(raw)
    )
    record(
        actor=actor,
        action="accounts.create_token",
        obj=token,
        changes={"owner": owner.username, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    authorize(actor, "accounts.create_token", token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="accounts.revoke_token",
            obj=token,
            changes={"owner": token.user.username, "prefix": token.prefix},
        )
    return token


@transaction.atomic
def citizen_for_verified_identity(*, identity) -> User:
    """The citizen account of an identity vouched for by an identity provider, created on
    first sign-in. The provider's word on the name is kept; the account has no password."""
    number = identity.identity_number.strip()
    user = User.objects.filter(identity_number=number).first()
    if user is not None:
        if not user.is_citizen:
            raise ValidationError(_("This identity belongs to a staff account."))
        if identity.verified_by_national_provider and not user.identity_verified:
            user.identity_verified = True
            user.save(update_fields=["identity_verified"])
            record(
                actor=user,
                action="accounts.verify_identity",
                obj=user,
                changes={"identity_verified": [False, True]},
            )
        return user
    kind = identity.identity_kind
    number = validate_identity(kind, number)
    user = User(
        username=number,
        identity_kind=kind,
        identity_number=number,
        full_name=identity.full_name.strip() or number,
        kind=AccountKind.CITIZEN,
        identity_verified=identity.verified_by_national_provider,
    )
    user.set_unusable_password()
    user.save()
    record(
        actor=None,
        action="accounts.register_citizen",
        obj=user,
        changes={
            "identity_kind": kind,
            "identity_number": number,
            "identity_verified": user.identity_verified,
        },
    )
    return user
