"""Who is acting, through which channel and from which address — for the audit log.

The web and API middleware, management commands and tasks set this once; services read it when
they write an audit record, so no service needs a request object.
"""

import contextlib
import contextvars
from dataclasses import dataclass


class Channel:
    WEB = "web"
    API = "api"
    COMMAND = "command"
    TASK = "task"
    SYSTEM = "system"


@dataclass(frozen=True)
class AuditContext:
    channel: str = Channel.SYSTEM
    ip_address: str | None = None


SYSTEM_CONTEXT = AuditContext()

_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "motcua_audit_context", default=SYSTEM_CONTEXT
)


def current_context() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def audit_context(*, channel: str, ip_address: str | None = None):
    token = _current.set(AuditContext(channel=channel, ip_address=ip_address))
    try:
        yield
    finally:
        _current.reset(token)
