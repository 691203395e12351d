"""Inter-agency requests (liên thông, Decree 63/2024): one request, one dossier per procedure.

The applicant asks once for several procedures of a catalogue group (the whole group or at
least two of its procedures: the demo group for a death lets the family leave out the funeral
allowance). Each procedure becomes an ordinary dossier — its own code, competent unit, frozen
due date and history, received by the same one code path as any other — and all of them are
linked to one `DossierGroup` whose code is the tracking code given to the citizen.

The group's code is allocated from the receiving agency's day counter first, in the same
transaction as its dossiers' codes: the numbers stay consecutive and without gaps, and a
failure in any one dossier rolls the whole request back, codes included. Every problem of
every procedure is reported at once, under the procedure's position in the request.
"""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import record
from motcua.catalog.models import ProcedureGroup, ProcedureVersion
from motcua.dossiers.codes import allocate_code
from motcua.dossiers.models import Dossier, DossierChannel, DossierGroup, ReturnChannel
from motcua.dossiers.services.online import submit_online
from motcua.dossiers.services.reception import (
    ComponentHandedIn,
    ReceptionRequest,
    competent_unit_for,
    receive_at_counter,
)
from motcua.notifications.services import publish
from motcua.organizations.models import AdministrativeArea, ServicePoint, Unit
from motcua.policy import check as check_permission

#: Fewer than this is not an inter-agency request but a single dossier.
MINIMUM_PROCEDURES = 2


@dataclass(frozen=True)
class GroupMemberRequest:
    """One procedure of the request, with the papers handed in (or sent) for it."""

    procedure_version: ProcedureVersion
    components: tuple[ComponentHandedIn, ...] = ()
    competent_unit: Unit | None = None
    form_data: dict = field(default_factory=dict)
    summary: str = ""


def _check_members(procedure_group: ProcedureGroup, members) -> list:
    """The members in the group's order, or every problem with the list at once."""
    order = {m.procedure_id: m for m in procedure_group.members.select_related("unit")}
    errors = []
    if len(members) < MINIMUM_PROCEDURES:
        errors.append(
            _("An inter-agency request has at least %(n)s procedures of the group.")
            % {"n": MINIMUM_PROCEDURES}
        )
    seen = set()
    for position, member in enumerate(members, 1):
        procedure = member.procedure_version.procedure
        if procedure.pk not in order:
            errors.append(
                _("Procedure %(n)s (%(code)s) is not part of this group.")
                % {"n": position, "code": procedure.code}
            )
        elif procedure.pk in seen:
            errors.append(
                _("Procedure %(n)s (%(code)s) is listed twice.")
                % {"n": position, "code": procedure.code}
            )
        seen.add(procedure.pk)
    if errors:
        raise ValidationError({"members": errors})
    ordered = sorted(members, key=lambda m: order[m.procedure_version.procedure_id].order)
    # The group's catalogue names the agency of a procedure done by one fixed unit.
    return [
        m
        if m.competent_unit is not None
        else replace(m, competent_unit=order[m.procedure_version.procedure_id].unit)
        for m in ordered
    ]


def _each_member(members, make) -> list[Dossier]:
    """`make(member)` for every member; every failure of every member is reported together,
    each field named after the member's position: "members.2.components"."""
    dossiers, errors = [], {}
    for position, member in enumerate(members, 1):
        try:
            dossiers.append(make(member))
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, messages in by_field.items():
                key = f"members.{position}" + (f".{name}" if name and name != "__all__" else "")
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return dossiers


def _link(group: DossierGroup, dossiers: list[Dossier], *, actor) -> DossierGroup:
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(group=group)
    codes = [d.code or str(d.uuid) for d in dossiers]
    record(
        actor=actor,
        action="dossiers.request_group",
        obj=group,
        changes={"group": group.procedure_group.code, "dossiers": codes},
    )
    publish(
        topic="dossier_group.requested",
        aggregate_type="dossier_group",
        aggregate_id=group.code,
        payload={"code": group.code, "group": group.procedure_group.code, "dossiers": codes},
    )
    return group


def _new_group(*, procedure_group, point, actor, owner, applicant_name, channel, at):
    return DossierGroup.objects.create(
        code=allocate_code(agency=point.agency, received_at=at),
        procedure_group=procedure_group,
        channel=channel,
        owner=owner,
        applicant_name=applicant_name,
        requested_at=at,
        requested_by=actor,
        receiving_point=point,
        receiving_agency=point.agency,
    )


@transaction.atomic
def receive_group_at_counter(
    *,
    actor,
    point: ServicePoint,
    procedure_group: ProcedureGroup,
    applicant: ReceptionRequest,
    members: list[GroupMemberRequest],
    received_at=None,
) -> DossierGroup:
    """Receive an inter-agency request at `point`: one received dossier per procedure (each
    with its code and due date) and the group's tracking code. `applicant` carries the
    applicant, representative and return details shared by every procedure; its procedure
    fields are ignored."""
    check_permission(actor, "dossiers.receive", point)
    if not applicant.applicant_name.strip():
        raise ValidationError({"applicant_name": _("Enter the applicant's name.")})
    received_at = received_at or timezone.now()
    members = _check_members(procedure_group, members)
    group = _new_group(
        procedure_group=procedure_group,
        point=point,
        actor=actor,
        owner=None,
        applicant_name=applicant.applicant_name.strip(),
        channel=DossierChannel.COUNTER,
        at=received_at,
    )

    def receive(member: GroupMemberRequest) -> Dossier:
        request = replace(
            applicant,
            procedure_version=member.procedure_version,
            components=member.components,
            competent_unit=member.competent_unit
            or competent_unit_for(member.procedure_version, applicant.applicant_area),
            summary=member.summary,
        )
        return receive_at_counter(
            actor=actor, point=point, request=request, received_at=received_at
        )

    return _link(group, _each_member(members, receive), actor=actor)


@transaction.atomic
def submit_group_online(
    *,
    actor,
    point: ServicePoint,
    procedure_group: ProcedureGroup,
    members: list[GroupMemberRequest],
    applicant_address: str = "",
    applicant_area: AdministrativeArea | None = None,
    return_channel: str = ReturnChannel.ELECTRONIC,
    return_address: str = "",
    submitted_at=None,
) -> DossierGroup:
    """The citizen submits an inter-agency request online to `point`. Its dossiers wait there
    for reception one by one, like any online dossier; the tracking code is given now, so the
    citizen has one code to follow from the first minute."""
    check_permission(actor, "dossiers.submit_online", None)
    submitted_at = submitted_at or timezone.now()
    members = _check_members(procedure_group, members)
    group = _new_group(
        procedure_group=procedure_group,
        point=point,
        actor=actor,
        owner=actor,
        applicant_name=actor.full_name or actor.username,
        channel=DossierChannel.ONLINE,
        at=submitted_at,
    )

    def submit(member: GroupMemberRequest) -> Dossier:
        return submit_online(
            actor=actor,
            procedure_version=member.procedure_version,
            point=point,
            form_data=member.form_data,
            components=member.components,
            applicant_address=applicant_address,
            applicant_area=applicant_area,
            summary=member.summary,
            return_channel=return_channel,
            return_address=return_address,
            submitted_at=submitted_at,
        )

    return _link(group, _each_member(members, submit), actor=actor)
