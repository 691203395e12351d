"""Rules: a due date printed to the citizen never moves when calendar data changes; only an
explicit reschedule or restart moves it. Open internal step deadlines are recomputed after a
calendar change, and every move is recorded (issue 3 §3)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from motcua.calendars import services
from motcua.calendars.models import DeadlineChange

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FRIDAY_9 = datetime.datetime(2026, 3, 6, 9, 0, tzinfo=VN)
MONDAY = datetime.date(2026, 3, 9)


def add_day_off(actor, day=MONDAY):
    return services.add_override(
        actor=actor, date=day, kind="add_non_working", reason="Nghỉ", legal_reference="QĐ 1"
    )


def test_a_printed_due_date_does_not_move_when_the_calendar_changes(system_admin):
    receipt = services.open_deadline(started_at=FRIDAY_9, working_hours=8, frozen=True)
    assert receipt.due_at == datetime.datetime(2026, 3, 9, 9, tzinfo=VN)
    add_day_off(system_admin)
    services.recompute_adjustable_deadlines()
    receipt.refresh_from_db()
    assert receipt.due_at == datetime.datetime(2026, 3, 9, 9, tzinfo=VN)
    assert not DeadlineChange.objects.filter(deadline=receipt).exists()


def test_an_open_step_deadline_is_recomputed_and_the_move_recorded(system_admin):
    step = services.open_deadline(started_at=FRIDAY_9, working_hours=8, frozen=False)
    add_day_off(system_admin)
    assert services.recompute_adjustable_deadlines() == 1
    step.refresh_from_db()
    assert step.due_at == datetime.datetime(2026, 3, 10, 9, tzinfo=VN)
    change = DeadlineChange.objects.get(deadline=step)
    assert change.cause == "calendar"
    assert change.old_due_at == datetime.datetime(2026, 3, 9, 9, tzinfo=VN)
    assert change.new_due_at == step.due_at
    assert change.calendar_revision >= 1
    # A second pass finds nothing left to do.
    assert services.recompute_adjustable_deadlines() == 0


def test_a_closed_step_deadline_stays_as_it_was(system_admin):
    step = services.open_deadline(started_at=FRIDAY_9, working_hours=8, frozen=False)
    services.close_deadline(deadline=step)
    add_day_off(system_admin)
    services.recompute_adjustable_deadlines()
    step.refresh_from_db()
    assert step.due_at == datetime.datetime(2026, 3, 9, 9, tzinfo=VN)


def test_the_task_queued_after_a_calendar_change_recomputes(
    system_admin, django_capture_on_commit_callbacks
):
    step = services.open_deadline(started_at=FRIDAY_9, working_hours=8, frozen=False)
    with django_capture_on_commit_callbacks(execute=True):
        add_day_off(system_admin)
    step.refresh_from_db()
    assert step.due_at == datetime.datetime(2026, 3, 10, 9, tzinfo=VN)


def test_reschedule_moves_a_frozen_date_with_its_reason(system_admin):
    receipt = services.open_deadline(started_at=FRIDAY_9, working_hours=8, frozen=True)
    new_due = datetime.datetime(2026, 3, 12, 9, tzinfo=VN)
    services.reschedule_deadline(
        actor=system_admin, deadline=receipt, new_due_at=new_due, reason="Cần xác minh thêm"
    )
    receipt.refresh_from_db()
    assert receipt.due_at == new_due
    change = receipt.changes.get()
    assert (change.cause, change.reason, change.actor) == (
        "reschedule",
        "Cần xác minh thêm",
        system_admin,
    )
    with pytest.raises(ValidationError):
        services.reschedule_deadline(
            actor=system_admin,
            deadline=receipt,
            new_due_at=new_due - datetime.timedelta(days=1),
            reason="x",
        )
    with pytest.raises(ValidationError):
        services.reschedule_deadline(
            actor=system_admin,
            deadline=receipt,
            new_due_at=new_due + datetime.timedelta(days=1),
            reason=" ",
        )


def test_restart_runs_the_full_time_again_from_the_new_start(system_admin):
    receipt = services.open_deadline(started_at=FRIDAY_9, working_hours=16, frozen=True)
    back = datetime.datetime(2026, 3, 11, 14, tzinfo=VN)
    services.restart_deadline(
        actor=system_admin, deadline=receipt, restarted_at=back, reason="Hồ sơ đã bổ sung đủ"
    )
    receipt.refresh_from_db()
    assert receipt.started_at == back
    assert receipt.due_at == datetime.datetime(2026, 3, 13, 14, tzinfo=VN)
    assert receipt.changes.get().cause == "restart"
