"""Writing, sealing and verifying the audit log."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from motcua.audit.chain import GENESIS_HASH, record_hash
from motcua.audit.context import current_context
from motcua.audit.models import AuditRecord, ChainHead
from motcua.batching import OncePerWindow, insert_rows

SEAL_BATCH_SIZE = 1000


def describe_changes(old: dict, new: dict) -> dict:
    """{"field": [old, new]} for each field whose value differs."""
    return {
        field: [old.get(field), value] for field, value in new.items() if old.get(field) != value
    }


def record(
    *, actor, action: str, obj: Model | None = None, changes: dict | None = None
) -> AuditRecord:
    """Write one audit record in the caller's transaction and arrange its sealing after commit.

    Called by services for every write; the channel and address come from the audit context
    set by the middleware, the command or the task.
    """
    context = current_context()
    entry = AuditRecord(
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if getattr(actor, "pk", None) else f"system ({context.channel})",
        channel=context.channel,
        ip_address=context.ip_address,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "uuid", None) or getattr(obj, "pk", ""))
        if obj is not None
        else "",
        object_label=str(obj)[:255] if obj is not None else "",
        changes=changes or {},
    )
    insert_rows([entry])  # the most frequent write of all: its INSERT is compiled once
    _schedule_sealing()
    return entry


#: At most one sealing run queued per second per process (motcua.batching).
_sealing = OncePerWindow()


def _enqueue_sealing() -> None:
    from motcua.audit.tasks import seal_audit_chain

    _sealing.enqueue(seal_audit_chain)


def _schedule_sealing() -> None:
    """One sealing task per transaction, queued after it commits, none on rollback.

    The connection's own on-commit list knows whether this transaction already asked; a flag of
    ours would go stale when a transaction rolls back.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _enqueue_sealing for _savepoints, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_sealing, robust=True)


def seal_pending(batch_size: int = SEAL_BATCH_SIZE) -> int:
    """Link every unsealed record into the chain; return how many were sealed.

    Only this function takes the lock on the chain head, so the ordinary writes never wait.
    Records are sealed in id order as they become visible; one committed late simply joins the
    chain in a later batch, since the chain order is `chain_index`, not id.
    """
    sealed = 0
    while True:
        with transaction.atomic():
            head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
            batch = list(AuditRecord.objects.unsealed().order_by("id")[:batch_size])
            if not batch:
                return sealed
            index, previous = head.last_index, head.last_hash
            now = timezone.now()
            for entry in batch:
                index += 1
                digest = record_hash(entry, index, previous)
                # A queryset update: the model's save() refuses every change after creation.
                AuditRecord.objects.filter(pk=entry.pk, chain_index__isnull=True).update(
                    chain_index=index, previous_hash=previous, record_hash=digest, sealed_at=now
                )
                previous = digest
            head.last_index, head.last_hash = index, previous
            head.save()
            sealed += len(batch)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    unsealed: int
    problem: str = ""
    broken_record_id: int | None = None
    broken_index: int | None = None


def verify_chain() -> ChainReport:
    """Walk the chain in order and report the first record that is altered, missing or out of
    place. Unsealed records (a few seconds old at most) are counted, not judged."""
    head = ChainHead.objects.filter(pk=1).first()
    expected_last = head.last_index if head else 0
    previous = GENESIS_HASH
    expected_index = 1
    checked = 0
    sealed = AuditRecord.objects.filter(chain_index__isnull=False).order_by("chain_index")
    for entry in sealed.iterator(chunk_size=2000):
        if entry.chain_index != expected_index:
            return ChainReport(
                False,
                checked,
                0,
                f"record #{expected_index} of the chain is missing (deleted?); the next present "
                f"is #{entry.chain_index} (id {entry.id})",
                entry.id,
                expected_index,
            )
        if entry.previous_hash != previous:
            return ChainReport(
                False,
                checked,
                0,
                f"record #{entry.chain_index} (id {entry.id}) does not link to the one before it",
                entry.id,
                entry.chain_index,
            )
        if record_hash(entry, entry.chain_index, previous) != entry.record_hash:
            return ChainReport(
                False,
                checked,
                0,
                f"record #{entry.chain_index} (id {entry.id}) was altered: its content does not "
                f"match its hash",
                entry.id,
                entry.chain_index,
            )
        previous = entry.record_hash
        expected_index += 1
        checked += 1
    if checked != expected_last or (head and checked and previous != head.last_hash):
        return ChainReport(
            False,
            checked,
            0,
            f"the chain ends at #{checked} but its head says #{expected_last}: the last records "
            f"were deleted",
            None,
            checked + 1,
        )
    unsealed = AuditRecord.objects.unsealed().count()
    return ChainReport(True, checked, unsealed)
