"""Handing over all open work of an officer who leaves or moves to another unit, in one act.

The leader names the officer, the successor and why; every dossier of the unit (and the units
below it) that the officer handles passes to the successor exactly as `steps.assign` would
pass it — the transition table's ASSIGN, the handler check, the dossier's running steps, a
history entry, an audit record and an outbox event per dossier — all in ONE transaction: either
the whole hand-over happens or nothing does.

A dossier whose clock is stopped (awaiting the financial obligation, sent back for supplement,
withdrawal requested) or whose result is ready cannot be assigned in its state (the table
allows ASSIGN only while received or in progress): it is not moved, and is returned in `kept`
so the page tells the leader which ones to assign when they resume.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, StepStatus
from motcua.dossiers.processing_rules import may_handle
from motcua.dossiers.services.acting import now_or, require_text, start_action
from motcua.dossiers.services.steps import hand_to
from motcua.dossiers.transitions import Action
from motcua.dossiers.work_selectors import REASSIGNABLE_STATES, leads, open_work_of


@dataclass
class Handover:
    moved: list[Dossier] = field(default_factory=list)
    kept: list[Dossier] = field(default_factory=list)


def _check_people(*, actor, from_user, to_user, unit) -> None:
    if unit is None or not leads(actor, unit):
        raise PermissionDenied(_("Only a leader of the unit hands over its officers' work."))
    if from_user is None:
        raise ValidationError({"from_user": _("Choose the officer whose work is handed over.")})
    if to_user is None:
        raise ValidationError({"to_user": _("Choose the officer who takes the work over.")})
    if to_user.pk == from_user.pk:
        raise ValidationError(
            {"to_user": _("The successor must be another officer than the one leaving.")}
        )
    if not to_user.is_active or not may_handle(to_user, unit):
        raise ValidationError(
            {
                "to_user": _(
                    "%(name)s holds no specialist or leader role in %(unit)s: the work can "
                    "only pass to an officer of the unit."
                )
                % {"name": to_user.full_name or to_user.get_username(), "unit": unit.name}
            }
        )


def _reassign(*, actor, dossier: Dossier, from_user, to_user, at, reason: str) -> Dossier:
    """One dossier, as `steps.assign` passes it, with the previous handler and the reason kept
    in its history."""
    dossier, target = start_action(Action.ASSIGN, dossier, actor)
    if not may_handle(to_user, dossier.competent_unit):
        raise ValidationError(
            {
                "to_user": _("%(name)s cannot handle the dossier %(code)s of %(unit)s.")
                % {
                    "name": to_user.full_name or to_user.get_username(),
                    "code": dossier.code,
                    "unit": dossier.competent_unit.name,
                }
            }
        )
    steps = dossier.steps.filter(status=StepStatus.IN_PROGRESS, handler=from_user)
    moved_steps = list(steps.values_list("order", "name"))
    return hand_to(
        dossier,
        handler=to_user,
        target=target,
        steps=steps,
        actor=actor,
        at=at,
        note=reason,
        data={
            "handler": to_user.get_username(),
            "previous_handler": from_user.get_username(),
            "handover": True,
            "steps": [{"order": order, "name": name} for order, name in moved_steps],
        },
    )
    return dossier


@transaction.atomic
def reassign_all_open_work(*, actor, from_user, to_user, unit, reason: str, at=None) -> Handover:
    """Pass every reassignable open dossier of `unit` (and below) that `from_user` handles to
    `to_user`; all of them or, on any refusal, none."""
    _check_people(actor=actor, from_user=from_user, to_user=to_user, unit=unit)
    reason = require_text(reason, "reason", _("Say why the work is handed over."))
    at = now_or(at)
    handover = Handover()
    for dossier in open_work_of(from_user, unit):
        if dossier.status in REASSIGNABLE_STATES:
            handover.moved.append(
                _reassign(
                    actor=actor,
                    dossier=dossier,
                    from_user=from_user,
                    to_user=to_user,
                    at=at,
                    reason=reason,
                )
            )
        else:
            handover.kept.append(dossier)
    if not handover.moved:
        raise ValidationError(
            {
                "from_user": _(
                    "%(name)s has no dossier in progress in %(unit)s that can be handed over."
                )
                % {"name": from_user.full_name or from_user.get_username(), "unit": unit.name}
            }
        )
    return handover
