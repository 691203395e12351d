"""Reads of the outbox. Only operators (policy "notifications.view_outbox") see it at all, so
nothing here filters by who asks; the admin and the command check the policy first."""

from datetime import datetime

from django.db.models import Min

from motcua.notifications.models import Delivery


def dead_deliveries():
    return Delivery.objects.dead().select_related("event").order_by("updated_at", "id")


def next_due_at() -> datetime | None:
    """When the earliest open delivery may be attempted (None when nothing is open)."""
    return Delivery.objects.open().aggregate(first=Min("next_attempt_at"))["first"]
