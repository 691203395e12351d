"""Writes to the calendar and to deadlines. Each is one transaction, audited; each calendar
change bumps the revision and, after commit, queues the recomputation of open adjustable
deadlines (frozen ones never move by themselves)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import record
from motcua.calendars.models import (
    CalendarOverride,
    CalendarRevision,
    Deadline,
    DeadlineChange,
    DeadlineChangeCause,
    DeadlineKind,
    OverrideKind,
    UnitOfficeHours,
)
from motcua.calendars.selectors import current_revision, effective_calendar
from motcua.policy import authorize
from motcua.worktime import OutOfCalendarRange
from motcua.worktime.office_hours import normalize_week


def _bump_revision() -> int:
    revision, _created = CalendarRevision.objects.select_for_update().get_or_create(pk=1)
    CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)
    revision.refresh_from_db()

    def recompute_after_commit():
        from motcua.calendars.tasks import recompute_open_deadlines

        recompute_open_deadlines.enqueue()

    transaction.on_commit(recompute_after_commit, robust=True)
    return revision.number


def validate_override(*, date, kind, reason, legal_reference, exclude_pk=None) -> None:
    errors = {}
    if kind not in OverrideKind.values:
        errors["kind"] = _(
            "Choose what the correction does: add a non-working day, cancel one, "
            "or add a make-up working day."
        )
    if not (reason or "").strip():
        errors["reason"] = _("Say why (e.g. the holiday's name or 'make-up working day').")
    if not (legal_reference or "").strip():
        errors["legal_reference"] = _("Name the decision or notice that orders this change.")
    if date is not None and not 2015 <= date.year <= 2040:
        errors["date"] = _("The calendar covers 2015 to 2040.")
    clash = CalendarOverride.objects.filter(date=date, withdrawn_at__isnull=True)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if date is not None and clash.exists():
        errors["date"] = _("This date already has a correction: change or withdraw that one.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_override(
    *,
    actor,
    date: datetime.date,
    kind: str,
    reason: str,
    legal_reference: str,
    reason_en: str = "",
    note: str = "",
) -> CalendarOverride:
    authorize(actor, "calendars.manage")
    validate_override(date=date, kind=kind, reason=reason, legal_reference=legal_reference)
    override = CalendarOverride.objects.create(
        date=date,
        kind=kind,
        reason=reason.strip(),
        reason_en=reason_en.strip(),
        legal_reference=legal_reference.strip(),
        note=note.strip(),
    )
    revision = _bump_revision()
    record(
        actor=actor,
        action="calendars.add_override",
        obj=override,
        changes={
            "date": date.isoformat(),
            "kind": kind,
            "reason": override.reason,
            "legal_reference": override.legal_reference,
            "revision": revision,
        },
    )
    return override


@transaction.atomic
def change_override(*, actor, override: CalendarOverride, **fields) -> CalendarOverride:
    authorize(actor, "calendars.manage")
    allowed = {"date", "kind", "reason", "reason_en", "legal_reference", "note"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"change_override() got unknown fields: {sorted(unknown)}")
    if override.withdrawn_at is not None:
        raise ValidationError(_("A withdrawn correction cannot be changed; add a new one."))
    merged = {f: fields.get(f, getattr(override, f)) for f in allowed}
    validate_override(
        date=merged["date"],
        kind=merged["kind"],
        reason=merged["reason"],
        legal_reference=merged["legal_reference"],
        exclude_pk=override.pk,
    )
    before = {f: str(getattr(override, f)) for f in allowed}
    for field, value in merged.items():
        setattr(override, field, value.strip() if isinstance(value, str) else value)
    override.save()
    revision = _bump_revision()
    after = {f: str(getattr(override, f)) for f in allowed}
    changes = {f: [before[f], after[f]] for f in allowed if before[f] != after[f]}
    record(
        actor=actor,
        action="calendars.change_override",
        obj=override,
        changes={**changes, "revision": revision},
    )
    return override


@transaction.atomic
def withdraw_override(*, actor, override: CalendarOverride) -> CalendarOverride:
    authorize(actor, "calendars.manage")
    if override.withdrawn_at is None:
        override.withdrawn_at = timezone.now()
        override.save(update_fields=["withdrawn_at"])
        revision = _bump_revision()
        record(
            actor=actor,
            action="calendars.withdraw_override",
            obj=override,
            changes={"date": override.date.isoformat(), "revision": revision},
        )
    return override


def validate_office_hours(periods: dict) -> dict:
    """Return office hours as {"0": [["08:00", "12:00"], …]}, or raise ValidationError."""
    if not isinstance(periods, dict):
        raise ValidationError({"periods": _("Office hours are a mapping of weekday to periods.")})
    try:
        week = {int(day): [tuple(p) for p in value] for day, value in periods.items()}
        normalize_week(week)
    except (TypeError, ValueError) as error:
        raise ValidationError({"periods": str(error)}) from error
    return {str(day): [list(p) for p in value] for day, value in sorted(week.items())}


@transaction.atomic
def set_unit_office_hours(*, actor, unit, periods: dict, note: str = "") -> UnitOfficeHours:
    authorize(actor, "calendars.manage", unit)
    clean = validate_office_hours(periods)
    row, _created = UnitOfficeHours.objects.update_or_create(
        unit=unit, defaults={"periods": clean, "note": note.strip()}
    )
    revision = _bump_revision()
    record(
        actor=actor,
        action="calendars.set_office_hours",
        obj=unit,
        changes={"periods": clean, "revision": revision},
    )
    return row


# --- deadlines ------------------------------------------------------------------------------


def _compute_due(
    *, started_at, working_hours: Decimal, unit, revision: int | None = None
) -> datetime.datetime:
    calendar = effective_calendar(unit, revision=revision)
    try:
        return calendar.add(started_at, hours=working_hours)
    except OutOfCalendarRange as error:
        raise ValidationError({"started_at": str(error)}) from error


def open_deadline(*, started_at, working_hours, unit=None, frozen: bool) -> Deadline:
    """Compute and store a deadline. `frozen` for dates printed to the citizen. One INSERT,
    atomic by itself: no transaction of its own (it runs inside every reception)."""
    hours = Decimal(str(working_hours))
    if hours < 0:
        raise ValidationError({"working_hours": _("A deadline cannot lie in the past.")})
    revision = current_revision()
    return Deadline.objects.create(
        kind=DeadlineKind.FROZEN if frozen else DeadlineKind.ADJUSTABLE,
        started_at=started_at,
        working_hours=hours,
        unit=unit,
        due_at=_compute_due(
            started_at=started_at, working_hours=hours, unit=unit, revision=revision
        ),
        computed_with_revision=revision,
    )


def _move(deadline: Deadline, new_due, *, cause, reason="", actor=None) -> Deadline:
    DeadlineChange.objects.create(
        deadline=deadline,
        cause=cause,
        old_due_at=deadline.due_at,
        new_due_at=new_due,
        calendar_revision=current_revision(),
        reason=reason,
        actor=actor,
    )
    deadline.due_at = new_due
    deadline.computed_with_revision = current_revision()
    deadline.save(update_fields=["due_at", "computed_with_revision"])
    return deadline


@transaction.atomic
def reschedule_deadline(*, actor, deadline: Deadline, new_due_at, reason: str) -> Deadline:
    """An explicit move (the apology of Form 04): the only way a frozen date moves forward."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the new date.")})
    if new_due_at <= deadline.due_at:
        raise ValidationError({"new_due_at": _("The new date must be later than the old one.")})
    return _move(
        deadline, new_due_at, cause=DeadlineChangeCause.RESCHEDULE, reason=reason, actor=actor
    )


@transaction.atomic
def restart_deadline(*, actor, deadline: Deadline, restarted_at, reason: str) -> Deadline:
    """The full time runs again from `restarted_at` (a completed dossier came back)."""
    new_due = _compute_due(
        started_at=restarted_at, working_hours=deadline.working_hours, unit=deadline.unit
    )
    deadline.started_at = restarted_at
    deadline.save(update_fields=["started_at"])
    return _move(deadline, new_due, cause=DeadlineChangeCause.RESTART, reason=reason, actor=actor)


@transaction.atomic
def close_deadline(*, deadline: Deadline, closed_at=None) -> Deadline:
    deadline.closed_at = closed_at or timezone.now()
    deadline.save(update_fields=["closed_at"])
    return deadline


def recompute_adjustable_deadlines() -> int:
    """After a calendar change: recompute every OPEN ADJUSTABLE deadline built on an older
    calendar, recording each move. Frozen and closed deadlines are never touched."""
    revision = current_revision()
    moved = 0
    stale = Deadline.objects.filter(
        kind=DeadlineKind.ADJUSTABLE, closed_at__isnull=True, computed_with_revision__lt=revision
    )
    for deadline in stale.select_related("unit").iterator(chunk_size=500):
        with transaction.atomic():
            new_due = _compute_due(
                started_at=deadline.started_at,
                working_hours=deadline.working_hours,
                unit=deadline.unit,
            )
            if new_due != deadline.due_at:
                _move(
                    deadline,
                    new_due,
                    cause=DeadlineChangeCause.CALENDAR,
                    reason=_("Recomputed after calendar revision %(n)s") % {"n": revision},
                )
                moved += 1
            else:
                Deadline.objects.filter(pk=deadline.pk).update(computed_with_revision=revision)
    return moved


def ensure_official_overrides() -> int:
    """Put back the shipped official corrections (migration 0002) when they are missing, e.g.
    after a database flush; returns how many were added. Withdrawn rows are left withdrawn."""
    from motcua.worktime import OFFICIAL_OVERRIDES_2025_2026

    added = 0
    for item in OFFICIAL_OVERRIDES_2025_2026:
        if not CalendarOverride.objects.filter(date=item.date).exists():
            CalendarOverride.objects.create(
                date=item.date,
                kind=item.kind,
                reason=item.reason,
                reason_en=item.reason_en,
                legal_reference=item.legal_reference,
                note=item.note,
            )
            added += 1
    return added
