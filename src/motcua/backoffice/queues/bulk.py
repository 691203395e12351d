"""Actions on a selection of dossiers, each one done by its own dossier service.

Two rules, chosen on purpose and told to the user on the page:

- Receiving several online dossiers of one applicant on ONE receipt is all or nothing: the
  citizen gets one paper for all of them, so if one cannot be received, none is, and the
  officer hears why.
- Assigning a handler or completing a step for a selection is done dossier by dossier: each is
  a separate act in the dossier's history, one refused (its state changed meanwhile, another
  unit's step…) does not undo the others, and the page lists what was done and what was
  refused with the reason.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.backoffice.service_calls import Outcome, attempt
from motcua.dossiers.services import assign, complete_step, receive_online


class MixedApplicants(ValidationError):
    """The selection holds dossiers of more than one applicant: no combined receipt."""


def applicant_key(dossier) -> str:
    """Who a dossier is from, as the combined receipt compares it: the identity number copied
    at submission (an online dossier always has one), else the submitting account."""
    if dossier.applicant_identity_number:
        return f"{dossier.applicant_identity_kind}:{dossier.applicant_identity_number}"
    return f"account:{dossier.owner_id}"


def check_one_applicant(dossiers) -> None:
    if not dossiers:
        raise ValidationError(_("Select at least one dossier."))
    names = sorted({d.applicant_name for d in dossiers})
    if len({applicant_key(d) for d in dossiers}) > 1:
        raise MixedApplicants(
            _(
                "One receipt covers the dossiers of ONE applicant; the selection holds "
                "dossiers of %(names)s. Select the dossiers of one applicant only."
            )
            % {"names": ", ".join(names)}
        )


@dataclass
class Together:
    received: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)  # dossier → messages (the one that stopped all)


def receive_together(*, actor, dossiers) -> Together:
    """Receive every dossier through `receive_online`, in one transaction: all or none."""
    check_one_applicant(dossiers)
    outcome = Together()
    try:
        with transaction.atomic():
            for dossier in dossiers:
                result = attempt(receive_online, actor=actor, dossier=dossier)
                if not result.ok:
                    outcome.refused[dossier] = result.all_messages
                    raise _Stop
                outcome.received.append(result.result)
    except _Stop:
        outcome.received = []
    return outcome


class _Stop(Exception):
    """Leaves the transaction so that the receptions already done in it are rolled back."""


@dataclass
class EachResult:
    dossier: object
    outcome: Outcome

    @property
    def ok(self) -> bool:
        return self.outcome.ok


def assign_each(*, actor, dossiers, handler) -> list[EachResult]:
    return [
        EachResult(d, attempt(assign, actor=actor, dossier=d, handler=handler)) for d in dossiers
    ]


def complete_each(*, actor, steps, note: str = "") -> list[EachResult]:
    return [
        EachResult(
            step.dossier,
            attempt(complete_step, actor=actor, dossier=step.dossier, step=step, note=note),
        )
        for step in steps
    ]
