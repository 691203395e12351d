"""Paper originals: handover batches and where a dossier's papers are (ADR 0006).

GET  /api/v1/handovers                       the batches you may see, newest first, a page at a
                                             time (?direction=outgoing|incoming&status=…)
POST /api/v1/handovers                       prepare a batch with dossier codes → 201
GET  /api/v1/handovers/{number}              one batch with its dossiers (404 if not yours)
POST /api/v1/handovers/{number}/add|remove   change a batch being prepared
POST /api/v1/handovers/{number}/send         the papers leave (in transit)
POST /api/v1/handovers/{number}/receive      the papers arrive, each accepted / with a
                                             discrepancy / refused with a reason
GET  /api/v1/dossiers/{code}/papers          where the originals are now, and their trail

Recording a location by hand is the dossier action `locate_papers`
(POST /api/v1/dossiers/{code}/locate_papers, dossier_actions.py). Every POST honours
`Idempotency-Key`; the services decide everything, their refusals come back as 400 / 403.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from motcua.api.dossiers import dossier_or_404, parse_or_400
from motcua.api.idempotency import HEADER_PARAMETER, idempotent
from motcua.api.pagination import PageQuery, keyset_page, page_link, status_list
from motcua.dossiers import handover_selectors, selectors
from motcua.dossiers.models import BatchStatus, ItemOutcome
from motcua.dossiers.services import handover as services
from motcua.organizations.models import ServicePoint, Unit
from motcua.policy import can

# --- Reading --------------------------------------------------------------------------------


class HandoverPaperSerializer(serializers.Serializer):
    component = serializers.IntegerField(help_text="Id of the submitted component.")
    name = serializers.CharField()
    form = serializers.CharField()
    quantity = serializers.IntegerField()


class HandoverItemSerializer(serializers.Serializer):
    dossier = serializers.CharField(source="dossier.code")
    procedure_name = serializers.CharField(source="dossier.procedure_version.name")
    applicant_name = serializers.CharField(source="dossier.applicant_name")
    papers = HandoverPaperSerializer(many=True)
    handover_due_at = serializers.DateTimeField(
        allow_null=True, help_text="When the papers had to leave (the 15:00 rule)."
    )
    sent_on_time = serializers.BooleanField(
        allow_null=True, help_text="null: not sent yet, or no hand-over was due."
    )
    outcome = serializers.CharField(
        help_text="Empty until received; then accepted, discrepancy or refused."
    )
    receipt_note = serializers.CharField()


class HandoverSummarySerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField(help_text="created, sent or received.")
    status_label = serializers.CharField(source="get_status_display")
    from_point = serializers.CharField(source="from_point.code", default=None, allow_null=True)
    from_unit = serializers.CharField(source="from_unit.code", default=None, allow_null=True)
    from_name = serializers.CharField(source="origin.name")
    to_point = serializers.CharField(source="to_point.code", default=None, allow_null=True)
    to_unit = serializers.CharField(source="to_unit.code", default=None, allow_null=True)
    to_name = serializers.CharField(source="destination.name")
    dossier_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)


class HandoverSerializer(HandoverSummarySerializer):
    note = serializers.CharField()
    created_by = serializers.CharField()
    sent_by = serializers.CharField(allow_null=True)
    received_by = serializers.CharField(allow_null=True)
    receipt_note = serializers.CharField()
    items = HandoverItemSerializer(many=True)
    can_send = serializers.BooleanField(help_text="You may add, remove and send now.")
    can_receive = serializers.BooleanField(help_text="You may receive it now.")


class HandoverPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HandoverSummarySerializer(many=True)


def _counted(batches):
    return batches.annotate(dossier_count=Count("items", filter=Q(items__removed_at__isnull=True)))


def _detail(user, batch) -> dict:
    items = list(handover_selectors.items_of(batch))
    allowed = services.may_carry_papers_for(user, batch)
    return HandoverSerializer(
        {
            "number": batch.number,
            "status": batch.status,
            "get_status_display": batch.get_status_display(),
            "from_point": batch.from_point,
            "from_unit": batch.from_unit,
            "origin": batch.origin,
            "to_point": batch.to_point,
            "to_unit": batch.to_unit,
            "destination": batch.destination,
            "dossier_count": len(items),
            "created_at": batch.created_at,
            "sent_at": batch.sent_at,
            "received_at": batch.received_at,
            "note": batch.note,
            "created_by": str(batch.created_by),
            "sent_by": str(batch.sent_by) if batch.sent_by_id else None,
            "received_by": str(batch.received_by) if batch.received_by_id else None,
            "receipt_note": batch.receipt_note,
            "items": items,
            "can_send": allowed["send"],
            "can_receive": allowed["receive"],
        }
    ).data


def _batch_or_404(user, number: str):
    batch = handover_selectors.visible_batch(user, number)
    if batch is None:
        raise NotFound(_("No handover batch has this number."))
    return batch


# --- Inputs ---------------------------------------------------------------------------------

_DIRECTIONS = ("outgoing", "incoming")


class HandoverListQuery(PageQuery):
    direction = serializers.ChoiceField(
        choices=_DIRECTIONS,
        required=False,
        help_text="outgoing: leaving your places; incoming: coming to them; none: all you see.",
    )
    status = serializers.CharField(
        required=False,
        max_length=100,
        help_text="One status or several separated by commas: " + ", ".join(BatchStatus.values),
    )

    def validate_status(self, value):
        return status_list(value, BatchStatus.values)


def _point(code: str) -> ServicePoint:
    point = ServicePoint.objects.filter(code=code.strip(), closed_on__isnull=True).first()
    if point is None:
        raise serializers.ValidationError(
            _("No open service point has the code “%(code)s”.") % {"code": code[:50]}
        )
    return point


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code.strip(), dissolved_on__isnull=True).first()
    if unit is None:
        raise serializers.ValidationError(
            _("No active unit has the code “%(code)s”.") % {"code": code[:50]}
        )
    return unit


def _codes_field(**options):
    return serializers.ListField(
        child=serializers.CharField(max_length=40),
        max_length=500,
        help_text="Dossier codes.",
        **options,
    )


class HandoverInput(serializers.Serializer):
    """A batch to prepare: where the papers go (one service point or one unit) and which
    dossiers' papers go. It leaves from your service point unless `from_point` or `from_unit`
    says otherwise."""

    to_point = serializers.CharField(max_length=30, required=False, help_text="Service point.")
    to_unit = serializers.CharField(max_length=13, required=False, help_text="Unit code.")
    from_point = serializers.CharField(max_length=30, required=False)
    from_unit = serializers.CharField(max_length=13, required=False)
    dossiers = _codes_field(required=False, default=list)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_to_point(self, code):
        return _point(code)

    def validate_from_point(self, code):
        return _point(code)

    def validate_to_unit(self, code):
        return _unit(code)

    def validate_from_unit(self, code):
        return _unit(code)


class HandoverDossiersInput(serializers.Serializer):
    dossiers = _codes_field(allow_empty=False)


class HandoverSendInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class HandoverItemReceiptInput(serializers.Serializer):
    dossier = serializers.CharField(max_length=40, help_text="Dossier code.")
    outcome = serializers.ChoiceField(
        choices=[o for o in ItemOutcome.values if o], default=ItemOutcome.ACCEPTED
    )
    note = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for a discrepancy or a refusal: what is wrong.",
    )


class HandoverReceiptInput(serializers.Serializer):
    """Dossiers not listed are accepted as they are."""

    items = HandoverItemReceiptInput(many=True, required=False, default=list)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_items(self, items):
        return [
            services.ItemReceipt(dossier=i["dossier"], outcome=i["outcome"], note=i["note"])
            for i in items
        ]


# --- Views ----------------------------------------------------------------------------------

NUMBER = OpenApiParameter(
    "number", str, OpenApiParameter.PATH, description="The batch number, e.g. BG-…-260302-01."
)


def _created(request) -> Response:
    form = HandoverInput(data=request.data)
    form.is_valid(raise_exception=True)
    batch = services.create_batch(actor=request.user, **form.validated_data)
    batch = handover_selectors.visible_batch(request.user, batch.number)
    location = reverse("api:handover", kwargs={"number": batch.number}, request=request)
    return Response(
        _detail(request.user, batch), status=status.HTTP_201_CREATED, headers={"Location": location}
    )


class HandoverCollection(APIView):
    @extend_schema(
        summary="The handover batches you may see, newest first, a page at a time",
        operation_id="handovers_list",
        parameters=[HandoverListQuery],
        responses=HandoverPageSerializer,
    )
    def get(self, request):
        query = HandoverListQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        batches = handover_selectors.filter_batches(
            handover_selectors.batches_visible_to(request.user),
            request.user,
            direction=data.get("direction"),
            statuses=data.get("status", ()),
        )
        page = keyset_page(
            _counted(batches),
            time_field="created_at",
            cursor=data.get("cursor"),
            size=data["page_size"],
        )
        return Response(
            {
                "next": page_link(request, page.next),
                "previous": page_link(request, page.previous),
                "results": HandoverSummarySerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        summary="Prepare a handover batch of paper originals",
        operation_id="handovers_create",
        parameters=[HEADER_PARAMETER],
        request=HandoverInput,
        responses={201: HandoverSerializer},
    )
    def post(self, request):
        return idempotent(request, lambda: _created(request))


@extend_schema(
    summary="A handover batch with its dossiers",
    operation_id="handovers_retrieve",
    parameters=[NUMBER],
    responses=HandoverSerializer,
)
@api_view(["GET"])
def handover_detail(request, number):
    return Response(_detail(request.user, _batch_or_404(request.user, number)))


def _batch_action(request, number: str, input_class, run) -> Response:
    batch = _batch_or_404(request.user, number)
    form = input_class(data=request.data)
    form.is_valid(raise_exception=True)
    run(actor=request.user, batch=batch, **form.validated_data)
    return Response(_detail(request.user, handover_selectors.visible_batch(request.user, number)))


def _action_view(name: str, input_class, run, summary: str):
    @extend_schema(
        summary=summary,
        operation_id=f"handovers_{name}",
        parameters=[NUMBER, HEADER_PARAMETER],
        request=input_class,
        responses=HandoverSerializer,
    )
    @api_view(["POST"])
    def view(request, number):
        return idempotent(request, lambda: _batch_action(request, number, input_class, run))

    view.__name__ = f"handover_{name}"
    return view


handover_add = _action_view(
    "add",
    HandoverDossiersInput,
    services.add_to_batch,
    "Add dossiers to a handover batch being prepared",
)
handover_remove = _action_view(
    "remove",
    HandoverDossiersInput,
    services.remove_from_batch,
    "Take dossiers out of a handover batch being prepared",
)
handover_send = _action_view(
    "send",
    HandoverSendInput,
    services.send_batch,
    "Send a handover batch: its papers are in transit",
)
handover_receive = _action_view(
    "receive",
    HandoverReceiptInput,
    services.receive_batch,
    "Receive a handover batch, accepting or refusing each dossier's papers",
)


# --- Where a dossier's papers are -----------------------------------------------------------


class PaperLocationSerializer(serializers.Serializer):
    place = serializers.CharField()
    place_label = serializers.CharField()
    name = serializers.CharField(help_text="The public name of the place.")
    since = serializers.DateTimeField()
    point = serializers.CharField(allow_null=True, help_text="Staff only.")
    unit = serializers.CharField(allow_null=True, help_text="Staff only.")
    batch = serializers.CharField(allow_null=True, help_text="Staff only.")
    handover_due_at = serializers.DateTimeField(allow_null=True, help_text="Staff only.")
    recorded_by = serializers.CharField(allow_null=True, help_text="Staff only.")
    note = serializers.CharField(allow_null=True, help_text="Staff only.")


class PapersSerializer(serializers.Serializer):
    dossier = serializers.CharField()
    has_paper_originals = serializers.BooleanField()
    current = PaperLocationSerializer(allow_null=True)
    open_batch = serializers.CharField(allow_null=True, help_text="Staff only.")
    movements = PaperLocationSerializer(many=True, help_text="Staff only; empty otherwise.")


def _location(movement, *, full: bool) -> dict:
    public = {
        "place": movement.place,
        "place_label": str(movement.get_place_display()),
        "name": handover_selectors.public_place_name(movement),
        "since": movement.at,
    }
    if not full:
        return {
            **public,
            **dict.fromkeys(
                ("point", "unit", "batch", "handover_due_at", "recorded_by", "note"), None
            ),
        }
    return {
        **public,
        "point": movement.point.code if movement.point_id else None,
        "unit": movement.unit.code if movement.unit_id else None,
        "batch": movement.batch.number if movement.batch_id else None,
        "handover_due_at": movement.handover_due_at,
        "recorded_by": movement.recorded_by_label,
        "note": movement.note,
    }


@extend_schema(
    summary="Where the paper originals of a dossier are, and their trail",
    description="Staff who may see the dossier get the whole trail; the applicant is told only "
    "where the papers are now, by the public name of the place.",
    responses=PapersSerializer,
)
@api_view(["GET"])
def dossier_papers(request, code):
    dossier = dossier_or_404(parse_or_400(selectors.visible_dossier, request.user, code))
    full = can(request.user, "dossiers.view_paper_movements", dossier)
    current = handover_selectors.current_location(dossier)
    item = handover_selectors.open_item_of(dossier) if full else None
    movements = list(handover_selectors.movements_of(dossier).order_by("at", "id")) if full else []
    return Response(
        PapersSerializer(
            {
                "dossier": dossier.code,
                "has_paper_originals": services.has_paper_originals(dossier),
                "current": _location(current, full=full) if current is not None else None,
                "open_batch": item.batch.number if item is not None else None,
                "movements": [_location(m, full=True) for m in movements],
            }
        ).data
    )
