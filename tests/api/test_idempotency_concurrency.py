"""THE concurrency rule of Idempotency-Key: two simultaneous requests with one key (a client
that timed out and retried while the first was still running) apply once, and both get the
first answer. Only PostgreSQL has the concurrent writers this is about; SQLite serialises
every writer anyway."""

import json
import threading
import time
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client

import motcua.api.dossier_writes as dossier_writes
from api.writes_world import auth, make_world
from motcua.api.models import IdempotencyRecord
from motcua.dossiers.models import Dossier, HistoryEntry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL; SQLite serialises them",
    ),
]


def slow(function, seconds=0.5):
    """The service, then a pause INSIDE its transaction: the other request surely arrives
    while the first has not committed yet."""

    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        time.sleep(seconds)
        return result

    return wrapper


def at_once(path, body, headers, count=2):
    """`count` threads, each with its own connection, POST at the same moment."""
    barrier = threading.Barrier(count)
    responses = [None] * count

    def send(index):
        try:
            barrier.wait()
            responses[index] = Client().post(
                path, data=json.dumps(body), content_type="application/json", **headers
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def test_two_simultaneous_receptions_with_one_key_create_one_dossier(city, monkeypatch):
    world = make_world(city)
    monkeypatch.setattr(
        dossier_writes, "receive_at_counter", slow(dossier_writes.receive_at_counter)
    )
    headers = auth(world.officer, HTTP_IDEMPOTENCY_KEY="same-key")
    first, second = at_once("/api/v1/dossiers", world.body(), headers)
    assert first.status_code == second.status_code == 201, (first.content, second.content)
    assert first.json() == second.json()
    assert sorted(r.has_header("Idempotent-Replayed") for r in (first, second)) == [False, True]
    assert Dossier.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_two_simultaneous_actions_with_one_key_apply_once(city, monkeypatch):
    world = make_world(city)
    headers = auth(world.officer)
    created = Client().post(
        "/api/v1/dossiers",
        data=json.dumps(world.body()),
        content_type="application/json",
        **headers,
    )
    code = created.json()["code"]
    # A correction: applied twice it would be refused ("nothing to correct"), so a second
    # application would show as a 400 here, not only in the history.
    spec = dossier_writes.ACTIONS["correct"]
    monkeypatch.setitem(
        dossier_writes.ACTIONS, "correct", replace(spec, service=slow(spec.service))
    )
    body = {"reason": "Sai số điện thoại", "applicant": {"applicant_phone": "0987654321"}}
    first, second = at_once(
        f"/api/v1/dossiers/{code}/correct", body, {**headers, "HTTP_IDEMPOTENCY_KEY": "k"}
    )
    assert first.status_code == second.status_code == 200, (first.content, second.content)
    assert first.json() == second.json()
    assert HistoryEntry.objects.filter(dossier__code=code, action="correct").count() == 1
