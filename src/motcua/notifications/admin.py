"""Read-only screens of the outbox, and the one thing an operator does there: replay."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.adminsite import PolicyModelAdmin, ReadOnlyAdminMixin
from motcua.notifications import services
from motcua.notifications.models import Delivery, DeliveryStatus, OutboxEvent
from motcua.policy import can


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ("adapter", "status", "attempts", "next_attempt_at", "delivered_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return can(request.user, "notifications.view_outbox")


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdminMixin, PolicyModelAdmin):
    view_action = "notifications.view_outbox"
    change_action = "notifications.manage_outbox"
    list_display = ("created_at", "topic", "aggregate_type", "aggregate_id", "uuid")
    list_filter = ("topic", "aggregate_type")
    search_fields = ("=aggregate_id",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, PolicyModelAdmin):
    view_action = "notifications.view_outbox"
    change_action = "notifications.manage_outbox"
    list_display = (
        "updated_at",
        "adapter",
        "status",
        "topic",
        "aggregate",
        "attempts",
        "next_attempt_at",
        "short_error",
    )
    list_filter = ("status", "adapter", "event__topic")
    list_select_related = ("event",)
    search_fields = ("=event__aggregate_id",)
    ordering = ("-updated_at", "-id")
    actions = ["replay_selected"]

    @admin.display(description=_("topic"), ordering="event__topic")
    def topic(self, delivery):
        return delivery.event.topic

    @admin.display(description=_("aggregate"))
    def aggregate(self, delivery):
        return f"{delivery.event.aggregate_type}:{delivery.event.aggregate_id}"

    @admin.display(description=_("last error"))
    def short_error(self, delivery):
        return delivery.last_error[:120]

    def has_manage_outbox_permission(self, request):
        return can(request.user, "notifications.manage_outbox")

    @admin.action(
        description=_("Replay the selected dead deliveries"),
        permissions=["manage_outbox"],
    )
    def replay_selected(self, request, queryset):
        replayed = skipped = 0
        for delivery in queryset.filter(status=DeliveryStatus.DEAD):
            try:
                services.replay(actor=request.user, delivery=delivery)
            except ValidationError:
                skipped += 1  # no longer dead: another operator was quicker
            else:
                replayed += 1
        skipped += queryset.exclude(status=DeliveryStatus.DEAD).count()
        if replayed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery was put back in the queue.",
                    "%(count)d deliveries were put back in the queue.",
                    replayed,
                )
                % {"count": replayed},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected delivery was not dead and was left as it is.",
                    "%(count)d selected deliveries were not dead and were left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
