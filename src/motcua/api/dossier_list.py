"""GET /api/v1/dossiers — the dossiers the user may see, filtered, a page at a time.

?status=received,in_progress  &unit=<unit code, with its subtree>  &procedure=<national code>
&overdue=true|false  &received_from=YYYY-MM-DD  &received_to=YYYY-MM-DD  (days in Vietnam)
&page_size=1..100  &cursor=<from a next/previous link>

Visibility is the selector's (dossiers_visible_to): the same rule as the detail endpoint, so
the list never names a dossier the detail would answer 404 for.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.response import Response

from motcua.api.dossiers import PublicDossierSerializer
from motcua.api.pagination import PageQuery, keyset_page, page_link, status_list
from motcua.catalog.models import Procedure
from motcua.dossiers import selectors
from motcua.dossiers.transitions import State
from motcua.organizations.models import Unit

_BOOLEAN = _("overdue must be true or false.")
_DATE = _("Give the date as YYYY-MM-DD.")


class DossierListQuery(PageQuery):
    status = serializers.CharField(
        required=False,
        max_length=500,
        help_text="One state or several separated by commas: " + ", ".join(s.value for s in State),
    )
    unit = serializers.CharField(
        required=False, max_length=13, help_text="Competent unit code; includes its subunits."
    )
    procedure = serializers.CharField(
        required=False, max_length=30, help_text="National code of the procedure."
    )
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: past the due time and not finished; false: the others.",
        error_messages={"invalid": _BOOLEAN},
    )
    received_from = serializers.DateField(required=False, error_messages={"invalid": _DATE})
    received_to = serializers.DateField(required=False, error_messages={"invalid": _DATE})

    def validate_status(self, value):
        return status_list(value, State.values)

    def validate_unit(self, code):
        unit = Unit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise serializers.ValidationError(
                _("unit must be the code of a unit; none has the code “%(code)s”.")
                % {"code": code[:50]}
            )
        return unit

    def validate_procedure(self, code):
        if not Procedure.objects.filter(code=code.strip()).exists():
            raise serializers.ValidationError(
                _("procedure must be a national procedure code; none is “%(code)s”.")
                % {"code": code[:50]}
            )
        return code.strip()

    def validate(self, data):
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"received_to": [_("received_to must not be before received_from.")]}
            )
        return data


class DossierSummarySerializer(PublicDossierSerializer):
    """One line of the list: enough to pick a dossier, without its papers and fees."""

    id = serializers.UUIDField(source="uuid")
    channel = serializers.CharField()
    applicant_name = serializers.CharField()
    receiving_point = serializers.CharField(source="receiving_point.code", default=None)
    competent_unit = serializers.CharField(source="competent_unit.code", default=None)


#: The relations DossierSummarySerializer reads.
SUMMARY_RELATIONS = (
    "procedure_version__procedure",
    "receiving_point",
    "competent_unit",
    "return_point",
    "group",
)


class DossierPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DossierSummarySerializer(many=True)


def list_dossiers(request) -> Response:
    # A plain dict: DRF reads a missing boolean in a QueryDict as false, not as "not given".
    query = DossierListQuery(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    data = query.validated_data
    dossiers = selectors.filter_dossiers(
        selectors.dossiers_visible_to(request.user),
        statuses=data.get("status", ()),
        unit=data.get("unit"),
        procedure_code=data.get("procedure"),
        overdue=data["overdue"],
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
    )
    # The page is chosen on the dossier table alone, then what its lines show is fetched for
    # those rows only: joining the seven relations of every dossier of a large unit before
    # sorting took longer (in planning and in joins) than everything else (bench_queue.py).
    dossiers = dossiers.select_related(None).prefetch_related(*SUMMARY_RELATIONS)
    page = keyset_page(
        dossiers, time_field="listed_at", cursor=data.get("cursor"), size=data["page_size"]
    )
    return Response(
        {
            "next": page_link(request, page.next),
            "previous": page_link(request, page.previous),
            "results": DossierSummarySerializer(page.rows, many=True).data,
        }
    )
