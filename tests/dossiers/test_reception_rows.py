"""Rule: `motcua.batching.insert_rows`, which writes the rows of every dossier action (history,
audit, outbox event and deliveries, and at reception the dossier, its fees and its papers) with
an INSERT compiled once, writes exactly the rows the ORM writes — values prepared by each
field, keys set, several rows in one statement (PostgreSQL's one-array-per-column form too) —
and refuses what it cannot write faithfully."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.audit.models import AuditRecord
from motcua.batching import insert_rows
from motcua.notifications.models import Delivery, OutboxEvent

pytestmark = pytest.mark.django_db

PAYLOAD = {"code": "000.00.11.H26-250303-0001", "subject": "Hồ sơ đã được tiếp nhận", "n": 3}


def stored(model, pk, *, leave_out=("id", "uuid")) -> dict:
    row = model.objects.filter(pk=pk).values()[0]
    return {name: value for name, value in row.items() if name not in leave_out}


def test_a_row_is_stored_exactly_as_the_orm_stores_it():
    """Text, JSON with Vietnamese letters, an aware datetime and defaults read back the same as
    a row written by `objects.create` with the same values."""
    at = datetime.datetime(2026, 3, 2, 2, 30, tzinfo=datetime.UTC)
    values = {"topic": "dossier.receive", "aggregate_type": "dossier", "aggregate_id": "A-1"}
    by_orm = OutboxEvent.objects.create(**values, payload=PAYLOAD, created_at=at)
    [ours] = insert_rows([OutboxEvent(**values, payload=PAYLOAD, created_at=at)])

    assert ours.pk is not None and ours.pk != by_orm.pk
    assert stored(OutboxEvent, ours.pk) == stored(OutboxEvent, by_orm.pk)
    assert stored(OutboxEvent, ours.pk)["payload"]["subject"] == "Hồ sơ đã được tiếp nhận"


def test_several_rows_take_one_statement_and_each_gets_its_own_key():
    """Three deliveries of one event: one INSERT, keys in the order given, each row its own."""
    event = insert_rows([OutboxEvent(topic="t", aggregate_type="dossier", aggregate_id="A-2")])[0]
    now = timezone.now()
    deliveries = [
        Delivery(event=event, adapter=name, next_attempt_at=now, updated_at=now)
        for name in ("log", "email", "webhook")
    ]
    with CaptureQueriesContext(connection) as captured:
        insert_rows(deliveries)
    assert len(captured.captured_queries) == 1
    assert [d.pk for d in deliveries] == sorted(d.pk for d in deliveries)
    assert {d.pk: d.adapter for d in deliveries} == dict(
        Delivery.objects.filter(event=event).values_list("pk", "adapter")
    )
    assert set(Delivery.objects.filter(event=event).values_list("status", flat=True)) == {"pending"}


def test_the_instances_are_saved_ones_afterwards():
    """After the insert an append-only row behaves as any saved row: changing it is refused."""
    [record] = insert_rows(
        [AuditRecord(occurred_at=timezone.now(), channel="system", action="test.insert")]
    )
    assert record._state.adding is False
    assert AuditRecord.objects.get(pk=record.pk).action == "test.insert"
    with pytest.raises(Exception, match="never changed"):
        record.save()


def test_what_cannot_be_written_faithfully_is_refused():
    """A row already saved, rows of two models, and an unsaved related object are refused
    before anything is written."""
    saved = insert_rows([OutboxEvent(topic="t", aggregate_type="dossier", aggregate_id="A-3")])[0]
    with pytest.raises(ValueError, match="new instances of one model"):
        insert_rows([saved])
    with pytest.raises(ValueError, match="new instances of one model"):
        insert_rows(
            [
                OutboxEvent(topic="t", aggregate_type="dossier", aggregate_id="A-4"),
                AuditRecord(occurred_at=timezone.now(), channel="system", action="x"),
            ]
        )
    unsaved_event = OutboxEvent(topic="t", aggregate_type="dossier", aggregate_id="A-5")
    with pytest.raises(ValueError, match="unsaved related object"):
        insert_rows([Delivery(event=unsaved_event, adapter="log")])
    assert OutboxEvent.objects.count() == 1
    assert not Delivery.objects.exists()


def test_more_rows_than_one_statement_may_carry_are_all_written():
    """Past the database's limit on parameters per statement (SQLite's 999) the rows are
    split as bulk_create splits them; every row is written and gets its key."""
    event = insert_rows([OutboxEvent(topic="t", aggregate_type="dossier", aggregate_id="A-6")])[0]
    now = timezone.now()
    many = [
        Delivery(event=event, adapter=f"a{n}", next_attempt_at=now, updated_at=now)
        for n in range(300)
    ]
    insert_rows(many)
    assert all(d.pk is not None for d in many)
    assert Delivery.objects.filter(event=event).count() == 300


def test_nothing_to_insert_writes_nothing():
    with CaptureQueriesContext(connection) as captured:
        assert insert_rows([]) == []
    assert captured.captured_queries == []
