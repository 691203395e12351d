"""Dossier writes: reception at the counter and every later action, through their services.

GET  /api/v1/dossiers                  the dossiers the user may see (dossier_list.py)
POST /api/v1/dossiers                  receive at the counter (the code and due date, Form 01)
                                       or submit online → 201 + the dossier
POST /api/v1/dossiers/{ref}/{action}   one action on one dossier, named by its code or, before
                                       it has one (online, not yet received), its uuid
                                       → 200 + the dossier; actions: dossier_actions.py

Both writes honour `Idempotency-Key` (idempotency.py). The views only translate: codes in the
body become objects here, the services decide everything else (permission, transition,
deadline) and their ValidationError / PermissionDenied come back as 400 / 403.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from motcua.api import dossier_list
from motcua.api.dossier_actions import ACTIONS, ActionInput, HandedInComponentInput, handed_in
from motcua.api.dossiers import DossierSerializer, dossier_or_404, parse_or_400
from motcua.api.idempotency import HEADER_PARAMETER, idempotent
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_in_force
from motcua.dossiers import selectors
from motcua.dossiers.codes import reception_day
from motcua.dossiers.models import ApplicantKind, DossierChannel, ReturnChannel
from motcua.dossiers.services import ReceptionRequest, receive_at_counter
from motcua.dossiers.services.online import submit_online
from motcua.dossiers.transitions import TransitionRefused, transition_for
from motcua.organizations.models import AdministrativeArea, ServicePoint, Unit


def refused(error: TransitionRefused) -> Exception:
    """A backstop for a service that lets the table's refusal through: the same answers the
    services give themselves (acting.refuse_unless_allowed) — the wrong state now is bad input
    on "status" (400), a role that may not act is 403."""
    try:
        wrong_state = error.state not in transition_for(error.action).sources
    except TransitionRefused:
        wrong_state = True
    if wrong_state:
        return serializers.ValidationError({"status": [error.reason]})
    return PermissionDenied(error.reason)


# --- Reception ------------------------------------------------------------------------------


#: The channels a reception or submission comes by through the API (post is received at a
#: counter).
RECEPTION_CHANNELS = [DossierChannel.COUNTER, DossierChannel.ONLINE]

NO_POINT = _("No open service point has the code “%(code)s”.")


def _text(length: int):
    return serializers.CharField(max_length=length, required=False, allow_blank=True, default="")


def _lookup(model, code: str, message, **filters):
    found = model.objects.filter(code=code.strip(), **filters).first()
    if found is None:
        raise serializers.ValidationError(message % {"code": code[:50]})
    return found


class ReceptionInput(serializers.Serializer):
    """A dossier handed in at the counter (`channel: counter`, the officer enters the applicant)
    or submitted online by the citizen (`channel: online`, the applicant is the account)."""

    channel = serializers.ChoiceField(choices=RECEPTION_CHANNELS, default=DossierChannel.COUNTER)
    point = serializers.CharField(
        max_length=30, help_text="Code of the service point receiving (or to receive) it."
    )
    procedure = serializers.CharField(
        max_length=30, help_text="National code of the procedure; the version in force is used."
    )
    applicant_kind = serializers.ChoiceField(
        choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    # Optional here so that the service's own message ("Enter the applicant's name.") answers.
    applicant_name = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    applicant_identity_kind = _text(10)
    applicant_identity_number = _text(20)
    applicant_address = _text(500)
    applicant_area = serializers.CharField(
        max_length=10, required=False, help_text="Statistics-office code of the commune."
    )
    applicant_phone = _text(20)
    applicant_email = serializers.EmailField(required=False, allow_blank=True, default="")
    representative_name = _text(255)
    representative_identity_number = _text(20)
    representative_authorisation = _text(255)
    summary = _text(1000)
    form_data = serializers.DictField(
        required=False, default=dict, help_text="The online form (channel online only)."
    )
    components = HandedInComponentInput(many=True, required=False, default=list)
    competent_unit = serializers.CharField(
        max_length=13, required=False, help_text="Code of the unit that decides, when chosen."
    )
    return_channel = serializers.ChoiceField(choices=ReturnChannel.choices, required=False)
    return_point = serializers.CharField(
        max_length=30, required=False, help_text="Code of the service point returning the result."
    )
    return_address = _text(500)

    def validate_point(self, code):
        return _lookup(ServicePoint, code, NO_POINT, closed_on__isnull=True)

    def validate_return_point(self, code):
        return _lookup(ServicePoint, code, NO_POINT, closed_on__isnull=True)

    def validate_competent_unit(self, code):
        return _lookup(
            Unit, code, _("No active unit has the code “%(code)s”."), dissolved_on__isnull=True
        )

    def validate_applicant_area(self, code):
        return _lookup(
            AdministrativeArea, code, _("No administrative area has the code “%(code)s”.")
        )

    def validate_procedure(self, code):
        procedure = _lookup(Procedure, code, _("No procedure has the code “%(code)s”."))
        version = version_in_force(procedure, on=reception_day(timezone.now()))
        if version is None:
            raise serializers.ValidationError(_("This procedure has no version in force today."))
        return version

    def validate_components(self, components):
        return handed_in(components)

    def validate(self, data):
        if data["channel"] == DossierChannel.ONLINE:
            # Online, the applicant is the account: say so rather than drop what was sent.
            sent = sorted(set(self.initial_data) & COUNTER_ONLY)
            if sent:
                message = _("Not used online (the applicant is your account): %(fields)s.")
                raise serializers.ValidationError(
                    {name: [message % {"fields": ", ".join(sent)}] for name in sent}
                )
        elif data["form_data"]:
            raise serializers.ValidationError(
                {"form_data": [_("The online form is sent with channel online only.")]}
            )
        return data


#: What the counter officer enters about the applicant; online it comes from the account.
COUNTER_ONLY = frozenset(
    {
        "applicant_kind",
        "applicant_name",
        "applicant_identity_kind",
        "applicant_identity_number",
        "applicant_phone",
        "applicant_email",
        "representative_name",
        "representative_identity_number",
        "representative_authorisation",
        "competent_unit",
        "return_point",
    }
)
ONLINE_ARGUMENTS = (
    "procedure_version",
    "point",
    "form_data",
    "components",
    "applicant_address",
    "applicant_area",
    "summary",
    "return_channel",
    "return_address",
)


def _receive(actor, data: dict):
    data = dict(data)
    data["procedure_version"] = data.pop("procedure")
    if data.pop("channel") == DossierChannel.ONLINE:
        return submit_online(actor=actor, **{k: data[k] for k in ONLINE_ARGUMENTS if k in data})
    point = data.pop("point")
    data.pop("form_data")
    return receive_at_counter(actor=actor, point=point, request=ReceptionRequest(**data))


def _received(request) -> Response:
    form = ReceptionInput(data=request.data)
    form.is_valid(raise_exception=True)
    try:
        dossier = _receive(request.user, form.validated_data)
    except TransitionRefused as error:
        raise refused(error) from error
    dossier = selectors.dossier_by_reference(str(dossier.uuid))
    headers = {}
    if dossier.code:
        headers["Location"] = reverse("api:dossier", kwargs={"code": dossier.code}, request=request)
    return Response(
        DossierSerializer(dossier).data, status=status.HTTP_201_CREATED, headers=headers
    )


class DossierCollection(APIView):
    @extend_schema(
        summary="The dossiers you may see, newest first, a page at a time",
        operation_id="dossiers_list",
        parameters=[dossier_list.DossierListQuery],
        responses=dossier_list.DossierPageSerializer,
    )
    def get(self, request):
        return dossier_list.list_dossiers(request)

    @extend_schema(
        summary="Receive a dossier at the counter (code, due date) or submit one online",
        operation_id="dossiers_create",
        parameters=[HEADER_PARAMETER],
        request=ReceptionInput,
        responses={201: DossierSerializer},
    )
    def post(self, request):
        return idempotent(request, lambda: _received(request))


# --- Actions --------------------------------------------------------------------------------


def _acted(request, code: str, action) -> Response:
    dossier = dossier_or_404(
        parse_or_400(selectors.visible_dossier_by_reference, request.user, code)
    )
    form = action.input(data=request.data)
    form.is_valid(raise_exception=True)
    try:
        action.run(actor=request.user, dossier=dossier, data=form.validated_data)
    except TransitionRefused as error:
        raise refused(error) from error
    return Response(DossierSerializer(selectors.dossier_by_reference(str(dossier.uuid))).data)


def _action_request_schema():
    inputs = {a.input.__name__: a.input for a in ACTIONS.values()}
    if len(inputs) <= 1:
        return next(iter(inputs.values()), ActionInput)
    return PolymorphicProxySerializer(
        component_name="DossierActionInput",
        serializers=list(inputs.values()),
        resource_type_field_name=None,
    )


class DossierAction(APIView):
    @extend_schema(
        summary="Take an action on a dossier",
        description="The body depends on the action; the available actions are those whose "
        "service is installed. An unknown or unavailable action answers 404.",
        operation_id="dossiers_action",
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="The dossier code, or its id (uuid) while it has no code yet.",
            ),
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=sorted(ACTIONS) or None),
            HEADER_PARAMETER,
        ],
        request=_action_request_schema(),
        responses=DossierSerializer,
    )
    def post(self, request, code: str, action: str):
        spec = ACTIONS.get(action)
        if spec is None:
            raise NotFound(
                _("There is no action “%(action)s” on dossiers, or it is not available.")
                % {"action": action[:50]}
            )
        return idempotent(request, lambda: _acted(request, code, spec))
