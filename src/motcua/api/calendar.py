"""Working calendar API: due-date arithmetic, the days of a year, and the overrides.

GET /api/v1/calendar/due?start=<ISO 8601>&days=<n> (or &hours=<h>) [&unit=<uuid or code>]
GET /api/v1/calendar/days?year=<yyyy> [&unit=…]
GET/POST /api/v1/calendar/overrides, GET/PATCH/DELETE /api/v1/calendar/overrides/<uuid>
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from motcua.calendars import selectors, services
from motcua.calendars.models import CalendarOverride, OverrideKind
from motcua.organizations.models import Unit
from motcua.policy import check
from motcua.worktime import OutOfCalendarRange

MAX_DAYS = 365
MAX_HOURS = MAX_DAYS * 8


def find_unit(value: str):
    """A unit by its UUID or its agency code; None when `value` is empty."""
    if not value:
        return None
    condition = Q(code=value.strip().upper())
    try:
        import uuid

        condition |= Q(uuid=uuid.UUID(value))
    except ValueError:
        pass
    unit = Unit.objects.filter(condition).first()
    if unit is None:
        raise serializers.ValidationError({"unit": [_("No unit has this identifier or code.")]})
    return unit


def working_amount_field(maximum, *, invalid, negative, too_large, too_precise):
    """An optional amount of working time from 0 to `maximum`, with a message per mistake."""
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=3,
        required=False,
        min_value=0,
        max_value=maximum,
        error_messages={
            "invalid": invalid,
            "min_value": negative,
            "max_value": too_large,
            "max_digits": too_large,
            "max_decimal_places": too_precise,
        },
    )


class DueQuery(serializers.Serializer):
    start = serializers.DateTimeField(
        help_text="ISO 8601; without an offset it is read as Vietnam time.",
        error_messages={
            "invalid": _(
                "start is not a date and time in ISO 8601, e.g. 2026-03-02T09:30:00+07:00."
            )
        },
    )
    days = working_amount_field(
        MAX_DAYS,
        invalid=_("days must be a number of working days, e.g. 15 or 0.5."),
        negative=_("days cannot be negative."),
        too_large=_("days cannot exceed 365 working days."),
        too_precise=_("days accepts at most 3 decimal places."),
    )
    hours = working_amount_field(
        MAX_HOURS,
        invalid=_("hours must be a number of working hours, e.g. 4 or 1.5."),
        negative=_("hours cannot be negative."),
        too_large=_("hours cannot exceed 2920 working hours."),
        too_precise=_("hours accepts at most 3 decimal places."),
    )
    unit = serializers.CharField(required=False, allow_blank=True)

    def validate(self, data):
        if ("days" in data) == ("hours" in data):
            field = "hours" if "days" in data else "days"
            raise serializers.ValidationError(
                {field: [_("Give either days or hours, not both and not neither.")]}
            )
        return data


def iso(instant) -> str:
    return timezone.localtime(instant).isoformat()


@extend_schema(
    summary="Due instant: start + a legal time in working days or hours",
    auth=[],
    parameters=[DueQuery],
    responses=inline_serializer(
        "Due",
        {
            "start": serializers.CharField(),
            "due": serializers.CharField(),
            "working_hours": serializers.DecimalField(8, 3),
        },
    ),
)
@api_view(["GET"])
@permission_classes([AllowAny])
def due(request):
    query = DueQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    unit = find_unit(data.get("unit", ""))
    calendar = selectors.effective_calendar(unit)
    hours = data["hours"] if "hours" in data else data["days"] * calendar.hours_per_day
    start = data["start"]
    try:
        due_at = calendar.add(start, hours=hours)
    except OutOfCalendarRange as error:
        years = calendar.years
        raise serializers.ValidationError(
            {
                "start": [
                    _(
                        "start and the due date must lie within the calendar's years "
                        "%(first)s–%(last)s."
                    )
                    % {"first": years.start, "last": years.stop - 1}
                ]
            }
        ) from error
    return Response({"start": iso(start), "due": iso(due_at), "working_hours": hours})


class DaysQuery(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2015,
        max_value=2040,
        error_messages={
            "invalid": _("year must be a whole number such as 2026."),
            "min_value": _("The calendar covers 2015 to 2040."),
            "max_value": _("The calendar covers 2015 to 2040."),
        },
    )
    unit = serializers.CharField(required=False, allow_blank=True)


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


class YearDaysSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    non_working_days = CalendarDaySerializer(many=True)
    extra_working_days = CalendarDaySerializer(many=True)


@extend_schema(
    summary="Non-working weekdays and make-up working days of a year",
    auth=[],
    parameters=[DaysQuery],
    responses=YearDaysSerializer,
)
@api_view(["GET"])
@permission_classes([AllowAny])
def days(request):
    query = DaysQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    year = query.validated_data["year"]
    unit = find_unit(query.validated_data.get("unit", ""))
    language = "en" if (get_language() or "vi").startswith("en") else "vi"
    calendar = selectors.effective_calendar(unit, language=language)
    return Response(
        {
            "year": year,
            "non_working_days": [
                {"date": d.date.isoformat(), "reason": d.reason}
                for d in calendar.non_working_weekdays(year)
            ],
            "extra_working_days": [
                {"date": d.date.isoformat(), "reason": d.reason}
                for d in calendar.extra_working_days(year)
            ],
        }
    )


class OverrideSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind = serializers.ChoiceField(choices=OverrideKind.choices)

    class Meta:
        model = CalendarOverride
        fields = [
            "id",
            "date",
            "kind",
            "reason",
            "reason_en",
            "legal_reference",
            "note",
            "created_at",
            "withdrawn_at",
        ]
        read_only_fields = ["created_at", "withdrawn_at"]


EDITABLE = ["date", "kind", "reason", "reason_en", "legal_reference", "note"]


@extend_schema(
    methods=["GET"], summary="Calendar overrides", responses=OverrideSerializer(many=True)
)
@extend_schema(
    methods=["POST"],
    summary="Add a calendar override",
    request=OverrideSerializer,
    responses={201: OverrideSerializer},
)
@api_view(["GET", "POST"])
def overrides(request):
    if request.method == "GET":
        rows = CalendarOverride.objects.order_by("date", "id")
        if request.query_params.get("year", "").isdigit():
            rows = rows.filter(date__year=int(request.query_params["year"]))
        return Response(OverrideSerializer(rows, many=True).data)
    check(request.user, "calendars.manage")
    payload = OverrideSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    created = services.add_override(
        actor=request.user, **{k: payload.validated_data.get(k, "") for k in EDITABLE}
    )
    return Response(OverrideSerializer(created).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses=OverrideSerializer)
@extend_schema(methods=["PATCH"], request=OverrideSerializer, responses=OverrideSerializer)
@extend_schema(
    methods=["DELETE"], summary="Withdraw an override (its row is kept)", responses={204: None}
)
@api_view(["GET", "PATCH", "DELETE"])
def override_detail(request, override_id):
    override = get_object_or_404(CalendarOverride, uuid=override_id)
    if request.method == "GET":
        return Response(OverrideSerializer(override).data)
    check(request.user, "calendars.manage")
    if request.method == "DELETE":
        services.withdraw_override(actor=request.user, override=override)
        return Response(status=status.HTTP_204_NO_CONTENT)
    payload = OverrideSerializer(override, data=request.data, partial=True)
    payload.is_valid(raise_exception=True)
    changed = services.change_override(
        actor=request.user,
        override=override,
        **{k: v for k, v in payload.validated_data.items() if k in EDITABLE},
    )
    return Response(OverrideSerializer(changed).data)
