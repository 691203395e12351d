"""Calendar data an administrator corrects, and the deadlines computed on it.

The arithmetic itself is the pure `motcua.worktime` kernel; this app keeps what changes by
decision (overrides, a unit's office hours), tells every process when the calendar changed
(`CalendarRevision`), and stores deadlines so that they are read, never recomputed on read.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.worktime.overrides import ADD_NON_WORKING, ADD_WORKING, CANCEL_NON_WORKING


class OverrideKind(models.TextChoices):
    ADD_NON_WORKING = ADD_NON_WORKING, _("Add a non-working day")
    CANCEL_NON_WORKING = CANCEL_NON_WORKING, _("Cancel a non-working day")
    ADD_WORKING = ADD_WORKING, _("Add a make-up working day")


class CalendarOverride(models.Model):
    """A correction of the computed holiday calendar, with the decision that orders it.

    Withdrawing a correction keeps its row (`withdrawn_at`), so the calendar of any past
    moment can be explained.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=OverrideKind.choices)
    reason = models.CharField(_("reason (Vietnamese)"), max_length=255)
    reason_en = models.CharField(_("reason (English)"), max_length=255, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_override_per_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.reason}"


class UnitOfficeHours(models.Model):
    """A unit's own office hours, when they differ from the city's default.

    `periods` maps weekday numbers ("0" Monday … "6" Sunday) to lists of ["HH:MM", "HH:MM"].
    """

    unit = models.OneToOneField(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="office_hours",
        verbose_name=_("unit"),
    )
    periods = models.JSONField(_("office hours"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("office hours of a unit")
        verbose_name_plural = _("office hours of units")

    def __str__(self) -> str:
        return str(self.unit)


class CalendarRevision(models.Model):
    """One row counting calendar changes: every process compares it with the revision of the
    calendar it has built, and rebuilds only when it moved."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar revision")

    def __str__(self) -> str:
        return f"#{self.number}"


class DeadlineKind(models.TextChoices):
    # Printed on a receipt or an apology: moves only by an explicit act.
    FROZEN = "frozen", _("Frozen (printed to the citizen)")
    # An internal step's share of the time: follows calendar corrections.
    ADJUSTABLE = "adjustable", _("Adjustable (internal step)")


class Deadline(models.Model):
    """A due instant computed as `started_at` + `working_hours` on a unit's calendar.

    Stored, not recomputed on read. A frozen deadline moves only by `reschedule` or `restart`;
    an adjustable one is also recomputed when the calendar changes. Every move writes a
    `DeadlineChange`.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=DeadlineKind.choices)
    started_at = models.DateTimeField(_("started at"))
    working_hours = models.DecimalField(_("working hours"), max_digits=8, decimal_places=2)
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calendar of unit"),
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    computed_with_revision = models.PositiveBigIntegerField(default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [models.Index(fields=["kind", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.due_at:%H:%M %d/%m/%Y} ({self.get_kind_display()})"


class DeadlineChangeCause(models.TextChoices):
    CALENDAR = "calendar", _("Calendar corrected")
    RESCHEDULE = "reschedule", _("Rescheduled with apology")
    RESTART = "restart", _("Deadline restarted")
    # The clock stopped (financial obligation) and the deadline moved by the paused time.
    SUSPENSION = "suspension", _("Clock stopped and resumed")


class DeadlineChange(models.Model):
    """The trace of one move of a deadline: nothing about a deadline is overwritten silently."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="changes")
    cause = models.CharField(_("cause"), max_length=12, choices=DeadlineChangeCause.choices)
    old_due_at = models.DateTimeField(_("old due at"))
    new_due_at = models.DateTimeField(_("new due at"))
    calendar_revision = models.PositiveBigIntegerField(default=0)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_due_at:%d/%m/%Y %H:%M} → {self.new_due_at:%d/%m/%Y %H:%M}"
