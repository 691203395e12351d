"""Inter-agency requests (liên thông): one request for several procedures of a catalogue group.

POST /api/v1/dossier-groups          receive at the counter, or submit online, one request:
                                     one dossier per procedure and one tracking code → 201
GET  /api/v1/dossier-groups/{code}   the request, its derived status and its dossiers, for
                                     those who may see it (404 otherwise)

The public lookup (dossiers.py) answers a tracking code too, without anything personal.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from motcua.api.dossier_actions import HandedInComponentInput, handed_in
from motcua.api.dossier_writes import COUNTER_ONLY, ReceptionInput, _lookup
from motcua.api.dossiers import PublicGroupSerializer, parse_or_400
from motcua.api.idempotency import HEADER_PARAMETER, idempotent
from motcua.catalog.models import Procedure, ProcedureGroup
from motcua.catalog.selectors import version_in_force
from motcua.dossiers import selectors
from motcua.dossiers.codes import reception_day
from motcua.dossiers.models import DossierChannel
from motcua.dossiers.services import ReceptionRequest
from motcua.dossiers.services.groups import (
    GroupMemberRequest,
    receive_group_at_counter,
    submit_group_online,
)

# --- Reading ---------------------------------------------------------------------------------


class GroupSerializer(PublicGroupSerializer):
    id = serializers.UUIDField(source="uuid")
    channel = serializers.CharField()
    applicant_name = serializers.CharField()
    receiving_point = serializers.CharField(source="receiving_point.code")
    dossier_ids = serializers.SerializerMethodField()

    def get_dossier_ids(self, group) -> list[str]:
        """The dossiers' ids, in the group's order: a dossier submitted online has no code
        until it is received, and its actions name it by id."""
        return [str(d.uuid) for d in group.members_in_order]


@extend_schema(
    summary="An inter-agency request (for those who may see it)", responses=GroupSerializer
)
@api_view(["GET"])
def group_detail(request, code):
    group = parse_or_400(selectors.visible_group, request.user, code)
    if group is None:
        raise NotFound(_("No inter-agency request has this code."))
    return Response(GroupSerializer(group).data)


# --- Receiving -------------------------------------------------------------------------------


class GroupMemberInput(serializers.Serializer):
    procedure = serializers.CharField(
        max_length=30, help_text="National code of the procedure; the version in force is used."
    )
    components = HandedInComponentInput(many=True, required=False, default=list)
    competent_unit = serializers.CharField(
        max_length=13, required=False, help_text="Code of the unit that decides, when chosen."
    )
    form_data = serializers.DictField(required=False, default=dict)
    summary = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    validate_competent_unit = ReceptionInput.validate_competent_unit

    def validate_procedure(self, code):
        procedure = _lookup(Procedure, code, _("No procedure has the code “%(code)s”."))
        version = version_in_force(procedure, on=reception_day(timezone.now()))
        if version is None:
            raise serializers.ValidationError(_("This procedure has no version in force today."))
        return version

    def validate_components(self, components):
        return handed_in(components)

    def to_member(self, data) -> GroupMemberRequest:
        return GroupMemberRequest(
            procedure_version=data["procedure"],
            components=data["components"],
            competent_unit=data.get("competent_unit"),
            form_data=data["form_data"],
            summary=data["summary"],
        )


class GroupReceptionInput(ReceptionInput):
    """One inter-agency request: the applicant (counter) or the account (online), once, and the
    procedures of the group asked for, each with its papers."""

    group = serializers.CharField(max_length=30, help_text="Code of the catalogue group.")
    members = GroupMemberInput(many=True, allow_empty=False)
    # Per procedure here (in `members`), not for the whole request.
    procedure = None
    components = None
    competent_unit = None
    form_data = None
    summary = None

    def validate_group(self, code):
        return _lookup(ProcedureGroup, code, _("No procedure group has the code “%(code)s”."))

    def validate(self, data):
        if data["channel"] == DossierChannel.ONLINE:
            sent = sorted(set(self.initial_data) & (COUNTER_ONLY - {"competent_unit"}))
            if sent:
                message = _("Not used online (the applicant is your account): %(fields)s.")
                raise serializers.ValidationError(
                    {name: [message % {"fields": ", ".join(sent)}] for name in sent}
                )
        elif any(m["form_data"] for m in data["members"]):
            raise serializers.ValidationError(
                {"members": [_("The online form is sent with channel online only.")]}
            )
        return data


def _request_group(actor, data: dict):
    data = dict(data)
    members = [GroupMemberInput().to_member(m) for m in data.pop("members")]
    procedure_group, point = data.pop("group"), data.pop("point")
    if data.pop("channel") == DossierChannel.ONLINE:
        return submit_group_online(
            actor=actor,
            point=point,
            procedure_group=procedure_group,
            members=members,
            **{
                k: data[k]
                for k in ("applicant_address", "applicant_area", "return_channel", "return_address")
                if k in data
            },
        )
    first = members[0].procedure_version
    applicant = ReceptionRequest(procedure_version=first, **data)
    return receive_group_at_counter(
        actor=actor,
        point=point,
        procedure_group=procedure_group,
        applicant=applicant,
        members=members,
    )


def _requested(request) -> Response:
    form = GroupReceptionInput(data=request.data)
    form.is_valid(raise_exception=True)
    group = _request_group(request.user, form.validated_data)
    group = selectors.group_by_code(group.code)
    location = reverse("api:dossier-group", kwargs={"code": group.code}, request=request)
    return Response(
        GroupSerializer(group).data, status=status.HTTP_201_CREATED, headers={"Location": location}
    )


class GroupCollection(APIView):
    @extend_schema(
        summary="Receive (or submit online) an inter-agency request: one dossier per procedure",
        operation_id="dossier_groups_create",
        parameters=[HEADER_PARAMETER],
        request=GroupReceptionInput,
        responses={201: GroupSerializer},
    )
    def post(self, request):
        return idempotent(request, lambda: _requested(request))
