from django.conf import settings

from motcua.audit.context import Channel, audit_context


def client_address(request) -> str | None:
    """The client's address; behind a trusted TLS proxy, the first forwarded address."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.API if request.path.startswith("/api/") else Channel.WEB
        with audit_context(channel=channel, ip_address=client_address(request)):
            return self.get_response(request)
