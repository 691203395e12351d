"""Rule: the audit log is append-only and hash-chained; `motcua audit verify` finds an altered
record, a deleted one and a truncated chain, and names the first broken record (issue 2 §7)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from motcua.audit.context import Channel, audit_context
from motcua.audit.models import AppendOnlyViolation, AuditRecord
from motcua.audit.services import record, seal_pending, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed_records(system_admin, department):
    with audit_context(channel=Channel.WEB, ip_address="10.1.2.3"):
        for number in range(5):
            record(
                actor=system_admin,
                action="test.write",
                obj=department,
                changes={"n": [number, number + 1]},
            )
    seal_pending()
    return list(AuditRecord.objects.filter(action="test.write").order_by("chain_index"))


def raw_sql(sql, params):
    # Tampering bypasses the model on purpose: that is what an attacker with database access does.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_record_says_who_when_what_how_and_from_where(sealed_records, system_admin, department):
    entry = sealed_records[0]
    assert entry.actor == system_admin
    assert entry.actor_label == str(system_admin)
    assert entry.channel == "web"
    assert entry.ip_address == "10.1.2.3"
    assert entry.object_type == "organizations.unit"
    assert entry.object_id == str(department.uuid)
    assert entry.changes == {"n": [0, 1]}
    assert entry.occurred_at is not None


def test_an_intact_chain_verifies(sealed_records):
    report = verify_chain()
    assert report.ok
    assert report.checked == AuditRecord.objects.count()
    call_command("audit", "verify")


def test_an_altered_record_is_detected_and_named(sealed_records):
    victim = sealed_records[2]
    raw_sql("UPDATE audit_auditrecord SET changes = %s WHERE id = %s", ['{"n": [9, 9]}', victim.id])
    report = verify_chain()
    assert not report.ok
    assert report.broken_record_id == victim.id
    assert "altered" in report.problem
    with pytest.raises(CommandError, match=f"id {victim.id}"):
        call_command("audit", "verify")


def test_a_deleted_record_is_detected(sealed_records):
    victim = sealed_records[1]
    raw_sql("DELETE FROM audit_auditrecord WHERE id = %s", [victim.id])
    report = verify_chain()
    assert not report.ok
    assert report.broken_index == victim.chain_index
    assert "missing" in report.problem


def test_a_deleted_record_with_renumbered_successors_is_detected(sealed_records):
    victim = sealed_records[1]
    raw_sql("DELETE FROM audit_auditrecord WHERE id = %s", [victim.id])
    for entry in sealed_records[2:]:
        raw_sql(
            "UPDATE audit_auditrecord SET chain_index = %s WHERE id = %s",
            [entry.chain_index - 1, entry.id],
        )
    report = verify_chain()
    assert not report.ok
    assert report.broken_record_id == sealed_records[2].id


def test_deleting_the_last_records_is_detected(sealed_records):
    raw_sql("DELETE FROM audit_auditrecord WHERE id = %s", [sealed_records[-1].id])
    report = verify_chain()
    assert not report.ok
    assert "deleted" in report.problem


def test_records_cannot_be_changed_or_deleted_through_the_application(sealed_records):
    entry = sealed_records[0]
    entry.action = "forged"
    with pytest.raises(AppendOnlyViolation):
        entry.save()
    with pytest.raises(AppendOnlyViolation):
        entry.delete()
    with pytest.raises(AppendOnlyViolation):
        AuditRecord.objects.all().delete()


def test_sealing_links_new_records_after_the_old_ones(sealed_records, system_admin):
    record(actor=system_admin, action="test.later")
    assert AuditRecord.objects.unsealed().count() == 1
    assert verify_chain().unsealed == 1
    seal_pending()
    later = AuditRecord.objects.get(action="test.later")
    assert later.chain_index == sealed_records[-1].chain_index + 1
    assert later.previous_hash == sealed_records[-1].record_hash
    assert verify_chain().ok


def test_a_rolled_back_change_leaves_no_audit_record(system_admin):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=system_admin, action="test.rolled_back")
        raise RuntimeError
    assert not AuditRecord.objects.filter(action="test.rolled_back").exists()


def test_sealing_is_queued_again_after_a_rolled_back_transaction(
    system_admin, django_capture_on_commit_callbacks
):
    """A rollback must not leave the thread unable to queue sealing (a stale flag did)."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=system_admin, action="test.rolled_back")
        raise RuntimeError
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record(actor=system_admin, action="test.after_rollback")
    assert callbacks, "no sealing task was queued after the rollback"
    assert AuditRecord.objects.get(action="test.after_rollback").chain_index is not None
