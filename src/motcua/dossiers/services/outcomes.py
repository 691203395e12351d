"""The outcomes of reception other than the receipt: Form 02 (request to complete the dossier),
the guidance note and Form 03 (refusal) — DOMAIN §3.2.

A dossier NOT accepted is still recorded (DOMAIN §9: no citizen leaves without a trace): at the
counter the outcome creates the dossier row itself, without a code (codes are for accepted
dossiers, and using one here would leave gaps the law forbids), with its status
awaiting_completion, guided or refused. A dossier submitted online gets the same outcomes.

"Told once and completely" (một lần): everything missing goes into ONE Form 02. A second Form 02
at reception for the same dossier is accepted only for papers the citizen changed since the
last one: each item must name a component that was resubmitted after that request (resubmit
records the changed components in its history entry). A free-text item, or an item about a
paper the citizen did not touch, would be something the officer should have said the first
time, so it is refused.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import (
    Decision,
    Dossier,
    DossierChannel,
    HistoryEntry,
    RefusalReason,
    SupplementItem,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.services.reception import (
    ReceptionRequest,
    check_components,
    check_version_at_point,
    dossier_fields,
    next_state,
    save_components,
)
from motcua.dossiers.services.recording import record_action
from motcua.dossiers.transitions import NEW, Action
from motcua.organizations.models import ServicePoint
from motcua.policy import check as check_permission


@dataclass(frozen=True)
class ItemToSupplement:
    """One line of Form 02: a component of the procedure (or, first time only, a paper named
    in words) and why it is needed or wrong."""

    reason: str
    component_id: int | None = None
    name: str = ""


def _target(*, actor, action: str, point, request, dossier, at):
    """(dossier, its state before): a NEW one recorded from `request` at `point` (not saved
    yet), or an existing one, locked, decided at its receiving point."""
    if (request is None) == (dossier is None):
        raise TypeError("Give either request= (a new dossier) or dossier= (an existing one).")
    if dossier is not None:
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        check_permission(actor, "dossiers.decide_at_reception", dossier)
        from_status = dossier.status
        dossier.status = next_state(action, from_status)
        return dossier, from_status
    if not isinstance(point, ServicePoint):
        raise TypeError("A new dossier is recorded at a service point: give point=.")
    check_permission(actor, "dossiers.receive", point)
    status = next_state(action, NEW)
    check_version_at_point(request.procedure_version, point, at)
    fields = dossier_fields(request, point)
    # What the citizen showed is recorded, complete or not; it must belong to the procedure.
    check_components(request.procedure_version, request.components, complete=False)
    return Dossier(**fields, status=status, channel=DossierChannel.COUNTER, submitted_at=at), ""


def _save(dossier: Dossier, request: ReceptionRequest | None) -> None:
    dossier.save()
    if request is not None:
        save_components(dossier, request.components, first=True)


def _components_changed_since(dossier: Dossier, since) -> set[int]:
    """Components the citizen resubmitted after `since`, from the resubmit history entries."""
    changed: set[int] = set()
    entries = HistoryEntry.objects.filter(
        dossier=dossier, action=Action.RESUBMIT, occurred_at__gte=since
    )
    for data in entries.values_list("data", flat=True):
        changed.update(data.get("changed_components", []))
    return changed


def _check_items(dossier: Dossier, items, *, first: bool, changed: set[int]) -> list[dict]:
    if not items:
        raise ValidationError({"items": _("List at least one paper to add or correct.")})
    components = dict(dossier.procedure_version.components.values_list("id", "name"))
    errors, clean = [], []
    for number, item in enumerate(items, 1):
        if not item.reason.strip():
            errors.append(_("Item %(n)s: give the reason.") % {"n": number})
        if item.component_id is not None and item.component_id not in components:
            errors.append(_("Item %(n)s is not a component of this procedure.") % {"n": number})
            continue
        name = components.get(item.component_id) or item.name.strip()
        if not name:
            errors.append(_("Item %(n)s: name the paper.") % {"n": number})
        if not first and item.component_id not in changed:
            errors.append(
                _(
                    "Item %(n)s (%(name)s) was not changed since the last request: everything "
                    "missing must be told at once."
                )
                % {"n": number, "name": name or "—"}
            )
        clean.append({"component_id": item.component_id, "name": name, "reason": item.reason})
    if errors:
        raise ValidationError({"items": errors})
    return clean


@transaction.atomic
def request_completion(
    *,
    actor,
    items,
    point: ServicePoint | None = None,
    request: ReceptionRequest | None = None,
    dossier: Dossier | None = None,
    note: str = "",
    at=None,
) -> SupplementRequest:
    """Form 02 at reception: every missing or wrong paper with its reason, told once."""
    at = at or timezone.now()
    target, from_status = _target(
        actor=actor,
        action=Action.REQUEST_COMPLETION,
        point=point,
        request=request,
        dossier=dossier,
        at=at,
    )
    previous = None
    if target.pk is not None:
        previous = (
            target.supplement_requests.filter(stage=SupplementStage.RECEPTION)
            .order_by("-requested_at", "-id")
            .first()
        )
    changed = (
        set() if previous is None else _components_changed_since(target, previous.requested_at)
    )
    clean = _check_items(target, items, first=previous is None, changed=changed)
    _save(target, request)
    form = SupplementRequest.objects.create(
        dossier=target,
        stage=SupplementStage.RECEPTION,
        requested_at=at,
        requested_by=actor,
        note=note.strip(),
    )
    SupplementItem.objects.bulk_create(
        [
            SupplementItem(
                request=form, component_id=i["component_id"], name=i["name"], reason=i["reason"]
            )
            for i in clean
        ]
    )
    record_action(
        dossier=target,
        action=Action.REQUEST_COMPLETION,
        from_status=from_status,
        actor=actor,
        unit=target.receiving_agency,
        at=at,
        note=note.strip(),
        data={"supplement_request": form.pk, "items": clean},
    )
    return form


def _decide(*, actor, action, kind, reason_code, text, point, request, dossier, at) -> Decision:
    at = at or timezone.now()
    target, from_status = _target(
        actor=actor, action=action, point=point, request=request, dossier=dossier, at=at
    )
    if kind == Decision.Kind.REFUSAL and reason_code not in RefusalReason.values:
        raise ValidationError({"reason_code": _("Choose the reason for the refusal.")})
    if not (text or "").strip():
        raise ValidationError(
            {
                "text": _("Say what the applicant must prepare.")
                if kind == Decision.Kind.GUIDANCE
                else _("Give the reason for the refusal.")
            }
        )
    _save(target, request)
    decision = Decision.objects.create(
        dossier=target,
        kind=kind,
        reason_code=reason_code,
        text=text.strip(),
        decided_at=at,
        decided_by=actor,
    )
    record_action(
        dossier=target,
        action=action,
        from_status=from_status,
        actor=actor,
        unit=target.receiving_agency,
        at=at,
        note=decision.text,
        data={"decision": decision.pk, "reason_code": reason_code},
    )
    return decision


@transaction.atomic
def give_guidance(
    *,
    actor,
    text: str,
    point: ServicePoint | None = None,
    request: ReceptionRequest | None = None,
    dossier: Dossier | None = None,
    at=None,
) -> Decision:
    """The guidance note: what to prepare and how; the dossier is not accepted (guided)."""
    return _decide(
        actor=actor,
        action=Action.GIVE_GUIDANCE,
        kind=Decision.Kind.GUIDANCE,
        reason_code="",
        text=text,
        point=point,
        request=request,
        dossier=dossier,
        at=at,
    )


@transaction.atomic
def refuse(
    *,
    actor,
    reason_code: str,
    text: str,
    point: ServicePoint | None = None,
    request: ReceptionRequest | None = None,
    dossier: Dossier | None = None,
    at=None,
) -> Decision:
    """Form 03: refusal to receive, with a reason code (DOMAIN §9: never without a reason)."""
    return _decide(
        actor=actor,
        action=Action.REFUSE,
        kind=Decision.Kind.REFUSAL,
        reason_code=reason_code,
        text=text,
        point=point,
        request=request,
        dossier=dossier,
        at=at,
    )
