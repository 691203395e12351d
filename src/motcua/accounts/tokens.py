"""API tokens: `Authorization: Token <token>`.

Tokens are random, shown once when created, and stored as a SHA-256 digest only.
"""

import datetime
import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from motcua.accounts.models import ApiToken

TOKEN_BYTES = 32
# `last_used_at` tells an administrator whether a token is still in use; to the minute is
# enough, and writing it on every request made each API read a write (and each write two).
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def digest_of(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def new_raw_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: send 'Authorization: Token <token>'.")
            )
        try:
            raw = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("The token has invalid characters.")) from error
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest_of(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is unknown or revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
