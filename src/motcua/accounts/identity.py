"""Identity providers for citizens: a small adapter interface.

Production signs citizens in through VNeID, an OpenID Connect provider: the citizen is sent to
the provider, comes back with a code, and the adapter turns the verified claims into a
`VerifiedIdentity`. The embedded default, `LocalIdentityProvider`, verifies a citizen with the
identity number and password of a local account. Views use only `get_identity_provider()`, so
swapping the provider is a setting (`IDENTITY_PROVIDER`), not a code change.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class VerifiedIdentity:
    identity_number: str
    full_name: str
    # True when a national identity provider vouched for the person (VNeID level 2); the
    # national packet reports it as TaiKhoanDuocXacThucVoiVNeID.
    verified_by_national_provider: bool
    # "cccd" for a person (VNeID level-2 accounts), "tax_code" for an organisation's account.
    identity_kind: str = "cccd"


class IdentityProvider(Protocol):
    key: str
    #: What the portal's button says, e.g. "VNeID".
    label: str
    #: True when the provider sends the browser elsewhere (OIDC); False for a local form.
    redirects: bool

    def authorization_url(self, request, state: str) -> str:
        """Where to send the browser to sign in (OIDC providers only)."""

    def verify(self, request, **credentials) -> "VerifiedIdentity | None":
        """Check what came back (a code, or local credentials) and say who this is."""


class LocalIdentityProvider:
    """Citizens sign in with their identity number and the password of their local account."""

    key = "local"
    label = "Tài khoản motcua"
    redirects = False

    def authorization_url(self, request, state: str) -> str:
        raise NotImplementedError("The local provider signs in on the portal's own form.")

    def verify(
        self, request, *, identity_number: str = "", password: str = "", **_ignored
    ) -> VerifiedIdentity | None:
        user = authenticate(request, username=identity_number.strip(), password=password)
        if user is None or not user.is_citizen:
            return None
        return VerifiedIdentity(
            identity_number=user.identity_number,
            full_name=user.full_name,
            verified_by_national_provider=False,
            identity_kind=user.identity_kind,
        )


def get_identity_provider() -> IdentityProvider:
    return import_string(settings.IDENTITY_PROVIDER)()
