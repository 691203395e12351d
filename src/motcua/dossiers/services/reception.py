"""Reception: a dossier is checked, coded, clocked and recorded (Form 01), and corrected.

Boundary-free (Decree 118/2025 Art. 14.2): the officer receives at their own service point any
procedure of the province; the competent unit follows from the procedure and the applicant's
area, or is chosen by the officer, and the code carries the RECEIVING agency's code.

A dossier handed in at the counter and one submitted online are accepted by ONE code path,
`accept`: they differ only in when the clock starts. At the counter it starts at reception.
Online it starts at the later of the submission and the last resubmission, moved to the next
working period of the receiving point's calendar when that instant falls outside working time
(DOMAIN §3: "online submissions outside working hours count as received at the start of the
next working period"). `submitted_at` keeps the actual instant; the clock's start is stored
on the deadline (`Deadline.started_at`), so both facts stay visible.
"""

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.batching import insert_rows
from motcua.calendars.selectors import effective_calendar
from motcua.calendars.services import open_deadline
from motcua.catalog.models import AgencyRole, ChannelOffer, ProcedureVersion
from motcua.catalog.selectors import is_in_force
from motcua.dossiers.codes import allocate_code, reception_day
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierFee,
    PaperForm,
    ReturnChannel,
    SubmittedComponent,
    SupplementStage,
)
from motcua.dossiers.services.recording import record_action
from motcua.dossiers.signals import components_saved, dossier_received
from motcua.dossiers.transitions import NEW, Action, Actor, TransitionRefused, check
from motcua.organizations.models import AdministrativeArea, ServicePoint, Unit
from motcua.policy import check as check_permission


@dataclass(frozen=True)
class ComponentHandedIn:
    """A paper the citizen hands in for one component of the procedure version."""

    component_id: int
    form: str = PaperForm.ORIGINAL
    quantity: int = 1
    digitised: bool = False
    #: The public id (uuid) of a document of the applicant's data warehouse that replaces the
    #: paper (reuse): the documents app checks and links it (documents.services.apply_reuse).
    reused_document_id: str | None = None


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


#: The applicant's details a dossier copies; `correct` may change exactly these.
APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "applicant_identity_kind",
    "applicant_identity_number",
    "applicant_address",
    "applicant_area",
    "applicant_phone",
    "applicant_email",
    "representative_name",
    "representative_identity_number",
    "representative_authorisation",
)


def next_state(action: str, state: str | None, actor: str = Actor.RECEPTION_OFFICER) -> str:
    """The table's answer for an actor the policy already admitted: a refusal can then only be
    the dossier's state, which is bad input (ValidationError on "status"), not a server error."""
    try:
        return check(action, state or NEW, {actor})
    except TransitionRefused as refusal:
        raise ValidationError({"status": refusal.reason}) from None


def competent_unit_for(version: ProcedureVersion, area: AdministrativeArea | None) -> Unit | None:
    """The unit that decides: the version's fixed competent unit, or, for a procedure decided
    by every unit of a level (e.g. every commune), the unit of that level in the applicant's
    area. None when neither resolves: the officer must then choose."""
    for agency in _rules(version).competent_agencies:
        if agency.unit_id:
            return agency.unit
        if agency.unit_level and area is not None:
            unit = _live_unit_of_level(agency.unit_level, area)
            if unit is not None:
                return unit
    return None


def _live_unit_of_level(level: str, area: AdministrativeArea) -> Unit | None:
    """The first (by id) unit of `level` in `area` not dissolved: `Unit.objects.filter(level=…,
    area=…, dissolved_on__isnull=True).first()`, with its SQL compiled once. Most receptions
    ask it (a commune's procedures), and building the query cost four times running it."""
    alias = router.db_for_read(Unit)
    sql, order = _live_unit_of_level_sql(alias)
    values = {"level": level, "area": area.pk}
    return next(iter(Unit.objects.using(alias).raw(sql, [values[name] for name in order])), None)


#: Stand-ins that name the two parameters in the compiled SQL (the ORM may order them anyhow).
_LEVEL_STAND_IN, _AREA_STAND_IN = "(level)", -7_000_001


@functools.cache
def _live_unit_of_level_sql(alias: str) -> tuple[str, tuple[str, ...]]:
    """(SQL, names of its parameters in order) of `_live_unit_of_level`'s query."""
    query = (
        Unit.objects.using(alias)
        .filter(level=_LEVEL_STAND_IN, area_id=_AREA_STAND_IN, dissolved_on__isnull=True)
        .order_by("pk")[:1]
        .query
    )
    sql, params = query.get_compiler(alias).as_sql()
    names = {_LEVEL_STAND_IN: "level", _AREA_STAND_IN: "area"}
    if sorted(map(str, params)) != sorted(map(str, names)):
        raise RuntimeError(f"Unexpected parameters of the unit query: {params!r}")
    return sql, tuple(names[value] for value in params)


@dataclass(frozen=True)
class _VersionRules:
    components: list
    offers: dict  # channel → ChannelOffer, with its fees loaded
    competent_agencies: list  # AgencyAssignment rows of the competent role, with their unit


#: The rules of published versions, by (id, uuid): a published version never changes (a change
#: is a new version), so every reception of the process can share what one of them read. The
#: uuid is in the key so that a reused id (a test database rolled back) is never mistaken.
_published_rules: dict[tuple, _VersionRules] = {}
_PUBLISHED_RULES_KEPT = 2_000


def _read_rules(version: ProcedureVersion) -> _VersionRules:
    return _VersionRules(
        components=list(version.components.all()),
        offers={o.channel: o for o in version.channels.prefetch_related("fees")},
        competent_agencies=list(
            version.agencies.filter(role=AgencyRole.COMPETENT).select_related("unit")
        ),
    )


def _rules(version: ProcedureVersion) -> _VersionRules:
    """The components, channel offers with their fees, and competent agencies of a version.

    Why: one reception used to read them seven times (each check, the fees, the names of the
    papers, the competent unit), and every API request reads the version afresh. A published
    version is read once per process; a draft is read afresh each time.
    """
    if not version.is_published:
        return _read_rules(version)
    key = (version.pk, version.uuid)
    rules = _published_rules.get(key)
    if rules is None:
        if len(_published_rules) >= _PUBLISHED_RULES_KEPT:
            _published_rules.clear()  # a province has about 2,000 procedures: rarely reached
        rules = _published_rules[key] = _read_rules(version)
    return rules


def legal_hours_of(version: ProcedureVersion, channel: str) -> Decimal:
    offer = _rules(version).offers.get(channel)
    if offer is None:
        raise ValidationError({"channel": _("This procedure cannot be done through this channel.")})
    return Decimal(offer.legal_hours)


def check_components(version: ProcedureVersion, handed_in, *, complete: bool = True) -> None:
    """Every paper must belong to the procedure and, when `complete`, every required one must
    be there; the officer hears of ALL missing ones at once (told once and completely)."""
    by_id = {c.id: c for c in _rules(version).components}
    unknown = [c.component_id for c in handed_in if c.component_id not in by_id]
    if unknown:
        raise ValidationError(
            {
                "components": _("These papers are not components of this procedure: %(ids)s.")
                % {"ids": unknown}
            }
        )
    if not complete:
        return
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


def check_version_at_point(version: ProcedureVersion, point: ServicePoint, at) -> None:
    """The version must be the one in force on that day, and the point must receive it."""
    if not is_in_force(version, reception_day(at)):
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


def check_return(return_channel: str, return_address: str) -> None:
    if return_channel == ReturnChannel.POST and not return_address.strip():
        raise ValidationError(
            {"return_address": _("Give the postal address to which the result is sent.")}
        )


def dossier_fields(request: ReceptionRequest, point: ServicePoint) -> dict:
    """The dossier's columns copied from what the officer entered, before any outcome."""
    if not request.applicant_name.strip():
        raise ValidationError({"applicant_name": _("Enter the applicant's name.")})
    fields = {
        name: (value.strip() if isinstance(value, str) else value)
        for name in APPLICANT_FIELDS
        for value in [getattr(request, name)]
    }
    return {
        **fields,
        "procedure_version": request.procedure_version,
        "summary": (request.summary or request.procedure_version.name)[:1000],
        "receiving_point": point,
        "receiving_agency": point.agency,
        "return_channel": request.return_channel,
        "return_point": request.return_point
        or (point if request.return_channel == ReturnChannel.COUNTER else None),
        "return_address": request.return_address.strip(),
        "has_digitised_components": any(c.digitised for c in request.components),
    }


def save_components(
    dossier: Dossier, handed_in, *, first: bool = False
) -> list[SubmittedComponent]:
    """Write the papers handed in; `first` when the dossier had none before (a new dossier),
    so that what is counted about its papers can be counted from these rows alone."""
    names = {c.id: c.name for c in _rules(dossier.procedure_version).components}
    rows = insert_rows(
        [
            SubmittedComponent(
                dossier=dossier,
                component_id=c.component_id,
                name=names[c.component_id],
                form=c.form,
                quantity=c.quantity,
                digitised=c.digitised,
            )
            for c in handed_in
        ]
    )
    components_saved.send(
        sender=Dossier, dossier=dossier, handed_in=handed_in, rows=rows, first=first
    )
    return rows


def copy_fees(dossier: Dossier) -> None:
    offer = _rules(dossier.procedure_version).offers.get(dossier.channel)
    if offer is None:
        raise ChannelOffer.DoesNotExist(f"No offer for the channel {dossier.channel}.")
    insert_rows(
        [
            DossierFee(
                dossier=dossier, code=f.code, name=f.name, kind=f.kind, amount_vnd=f.amount_vnd
            )
            for f in offer.fees.all()
        ]
    )


def accept(
    *,
    dossier: Dossier,
    actor,
    point: ServicePoint,
    received_at,
    clock_start,
    competent,
    details: dict | None = None,
) -> Dossier:
    """The one path to RECEIVED: legal time of the dossier's channel, frozen due date, code,
    fees, history. The code comes last: the counter row stays locked until commit."""
    from_status = dossier.status or ""
    dossier.status = next_state(Action.RECEIVE, dossier.status)
    hours = legal_hours_of(dossier.procedure_version, dossier.channel)
    deadline = open_deadline(
        started_at=clock_start, working_hours=hours, unit=competent, frozen=True
    )
    dossier.code = allocate_code(agency=point.agency, received_at=received_at)
    dossier.received_at, dossier.received_by = received_at, actor
    dossier.receiving_point, dossier.receiving_agency = point, point.agency
    dossier.competent_unit, dossier.legal_hours = competent, hours
    dossier.due_deadline, dossier.due_at = deadline, deadline.due_at
    if dossier.pk is None:
        insert_rows([dossier])  # a new dossier at the counter: the INSERT is compiled once
    else:
        dossier.save()
    copy_fees(dossier)
    record_action(
        dossier=dossier,
        action=Action.RECEIVE,
        from_status=from_status,
        actor=actor,
        unit=point.agency,
        at=received_at,
        data={
            "code": dossier.code,
            "clock_started_at": clock_start.isoformat(),
            "due_at": dossier.due_at.isoformat(),
            "competent_unit": competent.code,
            "point": point.code,
            **(details or {}),
        },
    )
    dossier_received.send(sender=Dossier, dossier=dossier, actor=actor, at=received_at)
    return dossier


def competent_or_error(competent: Unit | None) -> Unit:
    if competent is None:
        raise ValidationError(
            {
                "competent_unit": _(
                    "The competent unit cannot be found from the applicant's area: choose it."
                )
            }
        )
    return competent


def receive_at_counter(
    *, actor, point: ServicePoint, request: ReceptionRequest, received_at=None
) -> Dossier:
    """Receive a complete dossier at `point`: code, legal due date, Form 01 data, history.

    The checks only read, and a refusal writes nothing, so they run before the transaction:
    on SQLite a transaction holds the database's one write lock from its first statement, and
    every reception in the province used to wait for the other's checks too (the writes are
    still one transaction, bench/bench_reception.py)."""
    check_permission(actor, "dossiers.receive", point)
    next_state(Action.RECEIVE, NEW)
    received_at = received_at or timezone.now()
    version = request.procedure_version
    check_version_at_point(version, point, received_at)
    fields = dossier_fields(request, point)
    check_components(version, request.components)
    competent = competent_or_error(
        request.competent_unit or competent_unit_for(version, request.applicant_area)
    )
    check_return(request.return_channel, request.return_address)
    legal_hours_of(version, DossierChannel.COUNTER)  # refuse before anything is written
    dossier = Dossier(**fields, status="", channel=DossierChannel.COUNTER, submitted_at=received_at)
    with transaction.atomic():
        accept(
            dossier=dossier,
            actor=actor,
            point=point,
            received_at=received_at,
            clock_start=received_at,
            competent=competent,
        )
        save_components(dossier, request.components, first=True)
        from motcua.dossiers.services.handover import record_papers_at_reception  # ADR 0006

        record_papers_at_reception(dossier=dossier, point=point, actor=actor, at=received_at)
    return dossier


def online_clock_start(dossier: Dossier):
    """When the legal clock of an online dossier starts: the later of the submission and the
    last resubmission (a completed dossier counts from when it came back complete), moved to
    the next working instant of the receiving point's calendar."""
    latest = dossier.submitted_at
    fulfilled = (
        dossier.supplement_requests.filter(
            stage=SupplementStage.RECEPTION, fulfilled_at__isnull=False
        )
        .order_by("-fulfilled_at")
        .values_list("fulfilled_at", flat=True)
        .first()
    )
    if fulfilled is not None and fulfilled > latest:
        latest = fulfilled
    return effective_calendar(dossier.receiving_point.agency).next_working_instant(latest)


@transaction.atomic
def receive_online(
    *, actor, dossier: Dossier, competent_unit: Unit | None = None, received_at=None
) -> Dossier:
    """Accept a dossier submitted online at the point it was addressed to (Form 01)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    check_permission(actor, "dossiers.decide_at_reception", dossier)
    next_state(Action.RECEIVE, dossier.status)
    if dossier.channel != DossierChannel.ONLINE:
        raise ValidationError({"channel": _("Only a dossier submitted online is received here.")})
    received_at = received_at or timezone.now()
    version = dossier.procedure_version
    # The version must still be in force: a dossier submitted under a version that has since
    # ended is refused or corrected by the officer, never silently received under it.
    check_version_at_point(version, dossier.receiving_point, received_at)
    competent = competent_or_error(
        competent_unit or competent_unit_for(version, dossier.applicant_area)
    )
    return accept(
        dossier=dossier,
        actor=actor,
        point=dossier.receiving_point,
        received_at=received_at,
        clock_start=online_clock_start(dossier),
        competent=competent,
    )
