"""What every dossier action writes besides the state: history, audit, outbox event."""

from django.utils import timezone

from motcua.audit.services import record
from motcua.batching import insert_rows
from motcua.dossiers.models import Dossier, HistoryEntry
from motcua.notifications.services import publish


def record_action(
    *,
    dossier: Dossier,
    action: str,
    from_status: str,
    actor,
    unit=None,
    note: str = "",
    data: dict | None = None,
    at=None,
) -> HistoryEntry:
    """The history entry, the audit record and the outbox event of one action, written in the
    caller's transaction (so they exist exactly when the change does)."""
    entry = HistoryEntry(
        dossier=dossier,
        occurred_at=at or timezone.now(),
        action=action,
        from_status=from_status or "",
        to_status=dossier.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if getattr(actor, "pk", None) else "system",
        unit=unit,
        note=note,
        data=data or {},
    )
    insert_rows([entry])  # every action writes one: the INSERT is compiled once (batching)
    record(
        actor=actor,
        action=f"dossiers.{action}",
        obj=dossier,
        changes={"status": [from_status or None, dossier.status], **(data or {})},
    )
    publish(
        topic=f"dossier.{action}",
        aggregate_type="dossier",
        aggregate_id=dossier.code or str(dossier.uuid),
        payload={
            "code": dossier.code,
            "uuid": str(dossier.uuid),
            "status": dossier.status,
            "national_status": dossier.national_status,
            "action": action,
            "email": dossier.applicant_email,
            "subject": f"[motcua] {dossier.code or ''} {dossier.get_status_display()}",
            "body": str(dossier.procedure_version.name),
        },
    )
    return entry


def apply_transition(
    dossier: Dossier, target: str, *, action: str, actor, also_save=(), **recorded
) -> HistoryEntry:
    """Move the dossier to `target` (the state the transition table gave), save it with
    `also_save` fields changed alongside, and record the action: the common end of every
    action service."""
    from_status, dossier.status = dossier.status, target
    dossier.save(update_fields=["status", *also_save, "updated_at"])
    return record_action(
        dossier=dossier, action=action, from_status=from_status, actor=actor, **recorded
    )
