"""Users of motcua: staff who log in with a username, citizens and organisations who log in
with their identity (citizen ID or tax code), and the API tokens they hold."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    CITIZEN = "citizen", _("Citizen or organisation")


class IdentityKind(models.TextChoices):
    CCCD = "cccd", _("Citizen ID (CCCD)")
    TAX_CODE = "tax_code", _("Tax code")


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    kind = models.CharField(
        _("account kind"), max_length=10, choices=AccountKind.choices, default=AccountKind.STAFF
    )
    identity_kind = models.CharField(
        _("identity kind"), max_length=10, choices=IdentityKind.choices, blank=True
    )
    # Unique when present: one account per citizen ID or tax code.
    identity_number = models.CharField(
        _("identity number"), max_length=20, null=True, blank=True, unique=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # True once a national identity provider (VNeID) vouched for this identity; the national
    # packet reports it per dossier as TaiKhoanDuocXacThucVoiVNeID.
    identity_verified = models.BooleanField(_("identity verified by VNeID"), default=False)
    # Demo accounts have published passwords: they may log in only in demo mode.
    is_demo = models.BooleanField(_("demo account"), default=False)

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == AccountKind.CITIZEN

    @property
    def is_staff_member(self) -> bool:
        """Holds a current role in a unit (or administers the system): opens the workspace."""
        from motcua.organizations.roles import is_staff_member  # organizations imports accounts

        return is_staff_member(self)

    def get_full_name(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 digest is stored: a stolen database
    gives no usable token. The first characters are kept to tell tokens apart in lists."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
