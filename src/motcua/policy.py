"""The one policy layer: "may this user do this action to this object?".

Views, API endpoints, admin screens and services ask `can` or `check`; none re-implements a
permission rule. Each app registers the rules for its own actions in its `rules.py` (loaded by
its AppConfig), so the rule for an action lives beside the models it protects, and this module
imports no app at all.

An action is a string "<app>.<verb>_<thing>", e.g. "organizations.change_unit". An action with
no registered rule is refused: forgetting a rule must never open a door.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

Rule = Callable[[Any, Any], bool]

_RULES: dict[str, Rule] = {}


class UnknownAction(LookupError):
    """An action was asked about that no app registered: a programming error."""


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the rule deciding `action`; the rule gets (user, obj) and returns a bool."""

    def register(function: Rule) -> Rule:
        if action in _RULES and _RULES[action] is not function:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _RULES[action] = function
        return function

    return register


def registered_actions() -> list[str]:
    return sorted(_RULES)


def can(user, action: str, obj: Any = None) -> bool:
    if action not in _RULES:
        raise UnknownAction(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(_RULES[action](user, obj))


def check(user, action: str, obj: Any = None, message: str | None = None) -> None:
    """Raise PermissionDenied (with a message for the user) unless `can` says yes."""
    if not can(user, action, obj):
        raise PermissionDenied(message or _("You do not have permission to do this."))


def authorize(actor, action: str, obj: Any = None) -> None:
    """For services: check `actor`, or pass when the system itself acts (`actor=None`: a
    management command run by an operator with shell access, a migration, a task)."""
    if actor is not None:
        check(actor, action, obj)
