"""Reception at the counter: the dossier is checked, coded, clocked and recorded (Form 01).

Boundary-free (Decree 118/2025 Art. 14.2): the officer receives at their own service point any
procedure of the province; the competent unit follows from the procedure and the applicant's
area, or is chosen by the officer, and the code carries the RECEIVING agency's code.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.services import open_deadline
from motcua.catalog.models import AgencyRole, ChannelOffer, ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.dossiers.codes import allocate_code, reception_day
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierFee,
    PaperForm,
    ReturnChannel,
    SubmittedComponent,
)
from motcua.dossiers.services.recording import record_action
from motcua.dossiers.transitions import NEW, Action, Actor, check
from motcua.organizations.models import AdministrativeArea, ServicePoint, Unit
from motcua.policy import check as check_permission


@dataclass(frozen=True)
class ComponentHandedIn:
    """A paper the citizen hands in for one component of the procedure version."""

    component_id: int
    form: str = PaperForm.ORIGINAL
    quantity: int = 1
    digitised: bool = False


@dataclass(frozen=True)
class ReceptionRequest:
    """What the counter officer enters. The applicant's details are copied into the dossier."""

    procedure_version: ProcedureVersion
    applicant_name: str
    applicant_identity_kind: str = ""
    applicant_identity_number: str = ""
    applicant_address: str = ""
    applicant_area: AdministrativeArea | None = None
    applicant_phone: str = ""
    applicant_email: str = ""
    applicant_kind: str = "citizen"
    representative_name: str = ""
    representative_identity_number: str = ""
    representative_authorisation: str = ""
    summary: str = ""
    components: tuple[ComponentHandedIn, ...] = field(default_factory=tuple)
    competent_unit: Unit | None = None
    return_channel: str = ReturnChannel.COUNTER
    return_point: ServicePoint | None = None
    return_address: str = ""


def competent_unit_for(version: ProcedureVersion, area: AdministrativeArea | None) -> Unit | None:
    """The unit that decides: the version's fixed competent unit, or, for a procedure decided
    by every unit of a level (e.g. every commune), the unit of that level in the applicant's
    area. None when neither resolves: the officer must then choose."""
    for agency in version.agencies.filter(role=AgencyRole.COMPETENT):
        if agency.unit_id:
            return agency.unit
        if agency.unit_level and area is not None:
            unit = Unit.objects.filter(
                level=agency.unit_level, area=area, dissolved_on__isnull=True
            ).first()
            if unit is not None:
                return unit
    return None


def legal_hours_of(version: ProcedureVersion, channel: str) -> Decimal:
    offer = ChannelOffer.objects.filter(version=version, channel=channel).first()
    if offer is None:
        raise ValidationError({"channel": _("This procedure cannot be done through this channel.")})
    return Decimal(offer.legal_hours)


def _check_components(version: ProcedureVersion, handed_in) -> None:
    """Every required paper must be there; the officer hears of ALL missing ones at once
    (told once and completely), so that Form 02 can list them."""
    by_id = {c.id: c for c in version.components.all()}
    unknown = [c.component_id for c in handed_in if c.component_id not in by_id]
    if unknown:
        raise ValidationError(
            {
                "components": _("These papers are not components of this procedure: %(ids)s.")
                % {"ids": unknown}
            }
        )
    given = {c.component_id for c in handed_in}
    missing = [c.name for c in by_id.values() if c.required and c.id not in given]
    if missing:
        raise ValidationError(
            {
                "components": [
                    _("Missing required paper: %(name)s") % {"name": name} for name in missing
                ]
            }
        )


@transaction.atomic
def receive_at_counter(
    *, actor, point: ServicePoint, request: ReceptionRequest, received_at=None
) -> Dossier:
    """Receive a complete dossier at `point`: code, legal due date, Form 01 data, history."""
    check_permission(actor, "dossiers.receive", point)
    check(Action.RECEIVE, NEW, {Actor.RECEPTION_OFFICER})
    received_at = received_at or timezone.now()
    version = request.procedure_version
    in_force = version_in_force(version.procedure, on=reception_day(received_at))
    if in_force is None or in_force.pk != version.pk:
        raise ValidationError(
            {
                "procedure_version": _(
                    "This version of the procedure is not in force on the reception day."
                )
            }
        )
    if not (point.receives_all_procedures or version.boundary_free):
        raise ValidationError(
            {"procedure_version": _("This service point does not receive this procedure.")}
        )
    if not request.applicant_name.strip():
        raise ValidationError({"applicant_name": _("Enter the applicant's name.")})
    _check_components(version, request.components)
    competent = request.competent_unit or competent_unit_for(version, request.applicant_area)
    if competent is None:
        raise ValidationError(
            {
                "competent_unit": _(
                    "The competent unit cannot be found from the applicant's area: choose it."
                )
            }
        )
    if request.return_channel == ReturnChannel.POST and not request.return_address.strip():
        raise ValidationError(
            {"return_address": _("Give the postal address to which the result is sent.")}
        )
    hours = legal_hours_of(version, DossierChannel.COUNTER)

    # The code last: the counter row stays locked until commit, so keep that window short.
    deadline = open_deadline(
        started_at=received_at, working_hours=hours, unit=competent, frozen=True
    )
    dossier = Dossier.objects.create(
        code=allocate_code(agency=point.agency, received_at=received_at),
        procedure_version=version,
        status=check(Action.RECEIVE, NEW, {Actor.RECEPTION_OFFICER}),
        channel=DossierChannel.COUNTER,
        applicant_kind=request.applicant_kind,
        applicant_name=request.applicant_name.strip(),
        applicant_identity_kind=request.applicant_identity_kind,
        applicant_identity_number=request.applicant_identity_number.strip(),
        applicant_address=request.applicant_address.strip(),
        applicant_area=request.applicant_area,
        applicant_phone=request.applicant_phone.strip(),
        applicant_email=request.applicant_email.strip(),
        representative_name=request.representative_name.strip(),
        representative_identity_number=request.representative_identity_number.strip(),
        representative_authorisation=request.representative_authorisation.strip(),
        summary=(request.summary or version.name)[:1000],
        submitted_at=received_at,
        received_at=received_at,
        received_by=actor,
        receiving_point=point,
        receiving_agency=point.agency,
        competent_unit=competent,
        return_channel=request.return_channel,
        return_point=request.return_point
        or (point if request.return_channel == "counter" else None),
        return_address=request.return_address.strip(),
        legal_hours=hours,
        due_deadline=deadline,
        due_at=deadline.due_at,
        has_digitised_components=any(c.digitised for c in request.components),
    )
    components = {c.id: c for c in version.components.all()}
    SubmittedComponent.objects.bulk_create(
        [
            SubmittedComponent(
                dossier=dossier,
                component_id=c.component_id,
                name=components[c.component_id].name,
                form=c.form,
                quantity=c.quantity,
                digitised=c.digitised,
            )
            for c in request.components
        ]
    )
    offer = ChannelOffer.objects.get(version=version, channel=DossierChannel.COUNTER)
    DossierFee.objects.bulk_create(
        [
            DossierFee(
                dossier=dossier,
                code=fee.code,
                name=fee.name,
                kind=fee.kind,
                amount_vnd=fee.amount_vnd,
            )
            for fee in offer.fees.all()
        ]
    )
    record_action(
        dossier=dossier,
        action=Action.RECEIVE,
        from_status="",
        actor=actor,
        unit=point.agency,
        at=received_at,
        data={
            "code": dossier.code,
            "due_at": dossier.due_at.isoformat(),
            "competent_unit": competent.code,
            "point": point.code,
        },
    )
    return dossier
