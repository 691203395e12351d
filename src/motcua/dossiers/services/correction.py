"""Correcting a reception: the officer who received a dossier fixes a mistake of the counter
(wrong procedure version, a misspelt applicant detail, a paper entered wrongly) before
processing starts. Once a step has started, others work on what was received: a correction
then would change their work behind their back, so it is refused.

Nothing is overwritten silently: the history entry holds every changed value before and after,
and the reason. The dossier keeps its code — it is the same request of the same citizen — and
a new edition of the receipt (Form 01) is due, announced by the outbox event.

The due date moves ONLY when the procedure changed, because only then did the legal time
change. It is not a restart (calendars.restart_deadline): a restart gives the full time again
from a new instant, which is the law's rule when the CITIZEN brings a completed dossier back,
and it keeps the old number of hours. Here the counter's own mistake must neither give the
agency extra time nor keep the wrong procedure's time: a new frozen deadline runs from the SAME
start with the right procedure's hours; the old one is closed and named in the history.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.services import close_deadline, open_deadline
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DossierStep,
    HistoryEntry,
    StepStatus,
    SubmittedComponent,
)
from motcua.dossiers.services.reception import (
    APPLICANT_FIELDS,
    check_components,
    check_version_at_point,
    competent_unit_for,
    copy_fees,
    legal_hours_of,
    next_state,
    save_components,
)
from motcua.dossiers.services.recording import record_action
from motcua.dossiers.transitions import Action
from motcua.policy import check as check_permission


def _shown(value):
    """A value as the history stores it: JSON, and readable (an area by its code)."""
    if hasattr(value, "code"):
        return value.code
    return value


def _papers(dossier: Dossier) -> list[dict]:
    return [
        {"component_id": c.component_id, "name": c.name, "form": c.form, "quantity": c.quantity}
        for c in SubmittedComponent.objects.filter(dossier=dossier).order_by("id")
    ]


def _applicant_changes(dossier: Dossier, applicant: dict) -> dict:
    unknown = sorted(set(applicant) - set(APPLICANT_FIELDS))
    if unknown:
        raise ValidationError(
            {
                "applicant": _("These are not details of the applicant: %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    if "applicant_kind" in applicant and applicant["applicant_kind"] not in ApplicantKind.values:
        raise ValidationError({"applicant_kind": _("Choose the kind of applicant.")})
    if "applicant_name" in applicant and not (applicant["applicant_name"] or "").strip():
        raise ValidationError({"applicant_name": _("Enter the applicant's name.")})
    changes = {}
    for name, value in applicant.items():
        value = value.strip() if isinstance(value, str) else value
        before = getattr(dossier, name)
        if before != value:
            changes[name] = (before, value)
    return changes


@transaction.atomic
def correct(
    *,
    actor,
    dossier: Dossier,
    reason: str,
    procedure_version: ProcedureVersion | None = None,
    applicant: dict | None = None,
    components=None,
    at=None,
) -> Dossier:
    """Correct a received dossier before processing starts; same code, new receipt edition.

    `applicant` maps applicant fields (APPLICANT_FIELDS) to their right values; `components`
    is the full, right list of papers (required when the procedure version changes, since
    papers belong to a version)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    check_permission(actor, "dossiers.decide_at_reception", dossier)
    next_state(Action.CORRECT, dossier.status)
    at = at or timezone.now()
    if DossierStep.objects.filter(dossier=dossier).exclude(status=StepStatus.WAITING).exists():
        raise ValidationError(
            {"status": _("Processing has started: the reception can no longer be corrected.")}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the reception is corrected.")})

    version = old_version = dossier.procedure_version
    new_version = procedure_version is not None and procedure_version.pk != version.pk
    if new_version:
        version = procedure_version
        check_version_at_point(version, dossier.receiving_point, dossier.received_at)
        hours = legal_hours_of(version, dossier.channel)
        if components is None:
            raise ValidationError(
                {"components": _("Give the papers again: they belong to the procedure version.")}
            )
    applicant_changes = _applicant_changes(dossier, applicant or {})
    if components is not None:
        check_components(version, components)

    changes = {name: [_shown(b), _shown(a)] for name, (b, a) in applicant_changes.items()}
    for name, (_before, after) in applicant_changes.items():
        setattr(dossier, name, after)
    if new_version or "applicant_area" in applicant_changes:
        # The competent unit follows the procedure and the area; when it cannot be resolved
        # the one chosen at reception stays (the officer chose it then for a reason).
        competent = competent_unit_for(version, dossier.applicant_area)
        if competent is not None and competent.pk != dossier.competent_unit_id:
            changes["competent_unit"] = [dossier.competent_unit.code, competent.code]
            dossier.competent_unit = competent
    if components is not None:
        before = _papers(dossier)
        SubmittedComponent.objects.filter(dossier=dossier).delete()
        dossier.procedure_version = version
        save_components(dossier, components)
        after = _papers(dossier)
        if before != after:
            changes["components"] = [before, after]
        dossier.has_digitised_components = any(c.digitised for c in components)
    if new_version:
        changes["procedure_version"] = [_version(old_version), _version(version)]
        changes.update(_new_deadline(dossier, hours, at))
        dossier.procedure_version = version
    if not changes:
        raise ValidationError({NON_FIELD_ERRORS: _("Nothing to correct was given.")})
    dossier.save()
    if new_version:
        # The fees of the right procedure; the old ones stay readable in the history.
        fees_before = _fees(dossier)
        dossier.fees.all().delete()
        copy_fees(dossier)
        changes["fees"] = [fees_before, _fees(dossier)]
    # Form 01 was edition 1; each correction issues the next edition under the same code.
    edition = HistoryEntry.objects.filter(dossier=dossier, action=Action.CORRECT).count() + 2
    record_action(
        dossier=dossier,
        action=Action.CORRECT,
        from_status=dossier.status,
        actor=actor,
        unit=dossier.receiving_agency,
        at=at,
        note=reason.strip(),
        data={
            "reason": reason.strip(),
            "changes": changes,
            # Same code, new edition of Form 01: the printed receipt names its edition.
            "receipt": {"code": dossier.code, "edition": edition, "issued_at": at.isoformat()},
        },
    )
    return dossier


def _version(version: ProcedureVersion) -> dict:
    return {"id": version.pk, "procedure": version.procedure.code, "number": version.number}


def _fees(dossier: Dossier) -> list[list]:
    return [[f.name, f.amount_vnd] for f in dossier.fees.order_by("id")]


def _new_deadline(dossier: Dossier, hours, at) -> dict:
    """Replace the frozen due date: same start, the right procedure's legal time."""
    old = dossier.due_deadline
    new = open_deadline(
        started_at=old.started_at, working_hours=hours, unit=dossier.competent_unit, frozen=True
    )
    close_deadline(deadline=old, closed_at=at)
    changes = {
        "legal_hours": [str(dossier.legal_hours), str(hours)],
        "due_at": [dossier.due_at.isoformat(), new.due_at.isoformat()],
        "due_deadline": [str(old.uuid), str(new.uuid)],
    }
    dossier.legal_hours, dossier.due_deadline, dossier.due_at = hours, new, new.due_at
    return changes
