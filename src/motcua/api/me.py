"""GET /api/v1/me — who the token or session belongs to, and their current roles."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from motcua.organizations.roles import current_memberships


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField()
    unit = serializers.UUIDField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    service_point = serializers.CharField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    kind = serializers.CharField()
    identity_number = serializers.CharField(allow_null=True)
    roles = RoleSerializer(many=True)


@extend_schema(summary="The authenticated user", responses=MeSerializer)
@api_view(["GET"])
def me(request):
    user = request.user
    roles = [
        {
            "role": m.role,
            "role_label": m.get_role_display(),
            "unit": m.unit.uuid,
            "unit_code": m.unit.code,
            "unit_name": m.unit.name,
            "service_point": m.service_point.code if m.service_point else None,
        }
        for m in current_memberships(user)
    ]
    return Response(
        MeSerializer(
            {
                "id": user.uuid,
                "username": user.username,
                "full_name": user.full_name,
                "kind": user.kind,
                "identity_number": user.identity_number,
                "roles": roles,
            }
        ).data
    )
