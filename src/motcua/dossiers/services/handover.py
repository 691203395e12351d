"""Paper originals: handover batches between places, and where the originals are (ADR 0006).

Electronic data moves at once; paper moves in a handover batch (DOMAIN §3.3): the same working
day, or the next working morning when it was received at or after 15:00, also for a dossier
received for another unit (boundary-free reception). A batch is created at the sending place
(a service point or a unit), filled with dossiers whose originals are there, sent (the papers
are then in transit) and received at the other end, dossier by dossier: accepted, accepted
with a noted discrepancy, or refused with a reason (they then go back where they came from).

Each call is one transaction. Every dossier whose papers move gets a history entry, an audit
record and an outbox event (action LOCATE_PAPERS of the transition table, unchanged state) and
a new `PaperMovement`: movements are only ever added, the latest is where the papers are.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.audit.services import record
from motcua.calendars.selectors import effective_calendar
from motcua.dossiers.codes import VIETNAM, MalformedDossierCode, parse_code, reception_day
from motcua.dossiers.handover_rules import works_at
from motcua.dossiers.handover_selectors import current_location, open_item_of
from motcua.dossiers.models import (
    BatchStatus,
    Dossier,
    DossierChannel,
    HandoverBatch,
    HandoverItem,
    ItemOutcome,
    PaperMovement,
    PaperPlace,
    ReuseSource,
)
from motcua.dossiers.services.acting import lock, now_or, start_action
from motcua.dossiers.services.clock import PAPER_CUTOFF, hours_of
from motcua.dossiers.services.recording import record_action
from motcua.dossiers.transitions import Action, Actor, TransitionRefused, check
from motcua.organizations.models import Role, ServicePoint, Unit
from motcua.organizations.roles import current_memberships
from motcua.policy import can

# --- The 15:00 rule -------------------------------------------------------------------------


def handover_due(received_at: datetime.datetime, *, unit) -> datetime.datetime:
    """When paper received at `received_at` must have left, on `unit`'s working calendar.

    Received before 15:00 on a working day: by the end of that day's office hours. At or after
    15:00, or on a day without office hours: by the next working morning, that is
    PAPER_HANDOVER_MORNING_HOURS working hours after the next working day opens (ADR 0006).
    """
    calendar = effective_calendar(unit)
    local = received_at.astimezone(VIETNAM)
    if local.time() < PAPER_CUTOFF and calendar.is_working_day(local.date()):
        end_of_day = _end_of_working_day(calendar, received_at, local.date())
        if end_of_day is not None:
            return end_of_day
    return _next_working_morning(calendar, local.date())


def _opening_after(calendar, day: datetime.date) -> datetime.datetime:
    midnight = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0), tzinfo=VIETNAM
    )
    return calendar.next_working_instant(midnight)


def _end_of_working_day(calendar, instant, day) -> datetime.datetime | None:
    """The end of `day`'s office hours (17:00, not the next opening), or None when no working
    time is left that day."""
    left = calendar.elapsed(instant, _opening_after(calendar, day))
    if left <= datetime.timedelta(0):
        return None
    return calendar.add(instant, hours=hours_of(left))


def _next_working_morning(calendar, day) -> datetime.datetime:
    opening = _opening_after(calendar, day)
    hours = int(getattr(settings, "PAPER_HANDOVER_MORNING_HOURS", 2))
    return calendar.add(opening, hours=hours) if hours > 0 else opening


# --- Places ---------------------------------------------------------------------------------


def _describe(place) -> str:
    return place.code if place is not None else ""


def _at_place(movement: PaperMovement | None, *, point=None, unit=None) -> bool:
    if movement is None:
        return False
    if point is not None:
        return movement.place == PaperPlace.POINT and movement.point_id == point.pk
    return movement.place == PaperPlace.UNIT and movement.unit_id == unit.pk


def _movement_data(movement: PaperMovement | None) -> dict:
    if movement is None:
        return {}
    data = {"place": movement.place}
    if movement.point_id:
        data["point"] = movement.point.code
    if movement.unit_id:
        data["unit"] = movement.unit.code
    if movement.batch_id:
        data["batch"] = movement.batch.number
    return data


def _move(dossier, *, actor, at, place, point=None, unit=None, batch=None, due=None, note=""):
    return PaperMovement.objects.create(
        dossier=dossier,
        at=at,
        place=place,
        point=point,
        unit=unit,
        batch=batch,
        handover_due_at=due,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        recorded_by_label=str(actor) if getattr(actor, "pk", None) else "system",
        note=(note or "")[:1000],
    )


def has_paper_originals(dossier: Dossier) -> bool:
    """A dossier handed in at a counter or by post has paper; one submitted online has not."""
    return dossier.channel != DossierChannel.ONLINE


# --- At reception ---------------------------------------------------------------------------


def record_papers_at_reception(*, dossier: Dossier, point: ServicePoint, actor, at):
    """The first location of the originals of a dossier received at the counter: the receiving
    point, due to be handed over by the 15:00 rule. Called inside the reception transaction;
    the reception's own history entry already says where and when, so this adds only the row.
    """
    if not has_paper_originals(dossier):
        return None
    return _move(
        dossier,
        actor=actor,
        at=at,
        place=PaperPlace.POINT,
        point=point,
        due=handover_due(at, unit=point.agency),
    )


# --- Locating papers by hand ----------------------------------------------------------------

#: Places an officer may record by hand; "in transit" happens only by sending a batch.
LOCATABLE = (PaperPlace.POINT, PaperPlace.UNIT, PaperPlace.CITIZEN, PaperPlace.ARCHIVED)


def _check_place(place: str, point, unit) -> None:
    if place not in LOCATABLE:
        raise ValidationError(
            {
                "place": _(
                    "Papers are recorded in transit only by sending a handover batch; choose "
                    "a service point, a unit, the applicant or the archive."
                )
            }
        )
    if place == PaperPlace.POINT and (point is None or unit is not None):
        raise ValidationError({"point": _("Name the service point where the papers are.")})
    if place == PaperPlace.UNIT and (unit is None or point is not None):
        raise ValidationError({"unit": _("Name the unit where the papers are.")})
    if place in (PaperPlace.CITIZEN, PaperPlace.ARCHIVED) and point is not None:
        raise ValidationError({"point": _("This place is not a service point.")})
    if place == PaperPlace.CITIZEN and unit is not None:
        raise ValidationError({"unit": _("Papers with the applicant are at no unit.")})
    if point is not None and point.closed_on is not None:
        raise ValidationError({"point": _("This service point is closed.")})
    if unit is not None and unit.dissolved_on is not None:
        raise ValidationError({"unit": _("This unit no longer exists.")})


def _refuse_without_paper(dossier: Dossier, field: str = "channel") -> None:
    if not has_paper_originals(dossier):
        raise ValidationError(
            {field: _("This dossier was submitted online: it has no paper originals.")}
        )


def _refuse_if_in_batch(dossier: Dossier) -> None:
    item = open_item_of(dossier)
    if item is not None:
        raise ValidationError(
            {
                "papers": _(
                    "The papers of this dossier are in handover batch %(number)s; they move "
                    "with it."
                )
                % {"number": item.batch.number}
            }
        )


@transaction.atomic
def locate_papers(
    *,
    actor,
    dossier: Dossier,
    place: str,
    point: ServicePoint | None = None,
    unit: Unit | None = None,
    note: str = "",
    at=None,
) -> PaperMovement:
    """Record where the originals are now (a new movement; a correction is one too): at a
    service point, at a unit, back with the applicant, or archived. Papers still waiting at
    the place they wait at keep their hand-over due instant."""
    at = now_or(at)
    dossier, _target = start_action(Action.LOCATE_PAPERS, dossier, actor)
    _refuse_without_paper(dossier)
    _check_place(place, point, unit)
    _refuse_if_in_batch(dossier)
    current = current_location(dossier)
    if current is not None and at < current.at:
        raise ValidationError(
            {
                "at": _("The papers were recorded elsewhere at %(when)s, after this time.")
                % {"when": current.at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")}
            }
        )
    same_place = (
        current is not None
        and current.place == place
        and current.point_id == getattr(point, "pk", None)
        and current.unit_id == getattr(unit, "pk", None)
    )
    movement = _move(
        dossier,
        actor=actor,
        at=at,
        place=place,
        point=point,
        unit=unit,
        due=current.handover_due_at if same_place else None,
        note=note,
    )
    record_action(
        dossier=dossier,
        action=Action.LOCATE_PAPERS,
        from_status=dossier.status,
        actor=actor,
        unit=unit or (point.agency if point is not None else None),
        at=at,
        note=note,
        data={
            "event": "located",
            "from": _movement_data(current),
            "to": _movement_data(movement),
        },
    )
    return movement


# --- Batches --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemReceipt:
    """How the receiving side found one dossier's papers: accepted, accepted with a noted
    discrepancy (one copy short…), or refused with the reason (they go back)."""

    dossier: str
    outcome: str = ItemOutcome.ACCEPTED
    note: str = ""


def _only_point_of(actor) -> ServicePoint:
    points = {
        m.service_point
        for m in current_memberships(actor)
        if m.role == Role.RECEPTION_OFFICER and m.service_point_id
    }
    if len(points) != 1:
        raise ValidationError(
            {"from_point": _("Say from which service point or unit the papers are sent.")}
        )
    return points.pop()


def _checked_ends(actor, from_point, from_unit, to_point, to_unit):
    if from_point is not None and from_unit is not None:
        raise ValidationError(
            {"from_point": _("Papers leave from one place: a service point or a unit.")}
        )
    if from_point is None and from_unit is None:
        from_point = _only_point_of(actor)
    if (to_point is None) == (to_unit is None):
        raise ValidationError(
            {"to_point": _("Choose where the papers go: one service point or one unit.")}
        )
    if to_point is not None and to_point.closed_on is not None:
        raise ValidationError({"to_point": _("This service point is closed.")})
    if to_unit is not None and to_unit.dissolved_on is not None:
        raise ValidationError({"to_unit": _("This unit no longer exists.")})
    if (to_point is not None and to_point == from_point) or (
        to_unit is not None and to_unit == from_unit
    ):
        raise ValidationError(
            {"to_point": _("The papers cannot be handed over to the place they are at.")}
        )
    return from_point, from_unit


def _refuse_unless(actor, action: str, batch: HandoverBatch, message: str) -> None:
    if not can(actor, action, batch):
        raise PermissionDenied(message)


def _check_sender(actor, batch: HandoverBatch) -> None:
    _refuse_unless(
        actor,
        "dossiers.send_handover",
        batch,
        _("Only the officers of %(place)s prepare and send its handover batches.")
        % {"place": batch.origin.name},
    )


def _allocate_number(batch: HandoverBatch, at) -> None:
    """BG-<sending place code>-<YYMMDD>-<NN>: numbered per place and day; the unique index
    decides between two officers numbering at once (the loser takes the next number)."""
    prefix = f"BG-{batch.origin.code}-{reception_day(at):%y%m%d}-"
    taken = HandoverBatch.objects.filter(number__startswith=prefix).count()
    for attempt in range(1, 21):
        batch.number = f"{prefix}{taken + attempt:02d}"
        try:
            with transaction.atomic():
                batch.save()
            return
        except IntegrityError:
            batch.pk = None
            if HandoverBatch.objects.filter(number=batch.number).exists():
                continue
            raise
    raise ValidationError(_("Too many handover batches were created at once; try again."))


def _lock_batch(batch) -> HandoverBatch:
    return (
        HandoverBatch.objects.select_for_update(of=("self",))
        .select_related("from_point", "from_unit", "to_point", "to_unit")
        .get(pk=getattr(batch, "pk", batch))
    )


def _refuse_unless_preparing(batch: HandoverBatch) -> None:
    if batch.status != BatchStatus.CREATED:
        raise ValidationError(
            {
                "status": _(
                    "Handover batch %(number)s was already sent: its dossiers can no longer change."
                )
                % {"number": batch.number}
            }
        )


def _canonical(code: str) -> str:
    """The code as stored (a code typed in lower case or with spaces still matches)."""
    try:
        return str(parse_code(code))
    except MalformedDossierCode:
        return (code or "").strip()


def _codes(dossiers) -> list[str]:
    """Dossier codes (or dossiers) as given, in order, each once."""
    found = []
    for entry in dossiers or ():
        code = entry.code if isinstance(entry, Dossier) else _canonical(str(entry or ""))
        if code and code not in found:
            found.append(code)
    return found


def _find(code: str) -> Dossier | None:
    try:
        canonical = str(parse_code(code))
    except MalformedDossierCode:
        return None
    return Dossier.objects.filter(code=canonical).first()


def _side_actor(point) -> str:
    return Actor.RECEPTION_OFFICER if point is not None else Actor.SPECIALIST


def _state_problem(dossier: Dossier, actor_role: str) -> str | None:
    try:
        check(Action.LOCATE_PAPERS, dossier.status, {actor_role})
    except TransitionRefused as refusal:
        return refusal.reason
    return None


def _papers_of(dossier: Dossier) -> list[dict]:
    """The papers handed in (not those reused from data the state holds): which, how many."""
    return [
        {"component": c.pk, "name": c.name, "form": c.form, "quantity": c.quantity}
        for c in dossier.components.all()
        if c.reuse == ReuseSource.NONE
    ]


def _add_items(batch: HandoverBatch, codes: list[str], *, actor, at) -> list[HandoverItem]:
    """Put these dossiers' papers in the batch, or refuse them ALL with every reason at once."""
    problems, items = [], []
    place_name = batch.origin.name
    for code in codes:
        dossier = _find(code)
        if dossier is not None:
            dossier = lock(dossier)
            # Say why only to someone who may see the dossier anyway.
            if not has_paper_originals(dossier) and can(actor, "dossiers.view", dossier):
                problems.append(
                    _("%(code)s was submitted online: it has no paper originals.") % {"code": code}
                )
                continue
        current = current_location(dossier) if dossier is not None else None
        if not _at_place(current, point=batch.from_point, unit=batch.from_unit):
            problems.append(
                _("No dossier with the code %(code)s has its paper originals at %(place)s.")
                % {"code": code, "place": place_name}
            )
            continue
        item = open_item_of(dossier)
        if item is not None:
            problems.append(
                _("%(code)s is already in handover batch %(number)s.")
                % {"code": code, "number": item.batch.number}
            )
            continue
        reason = _state_problem(dossier, _side_actor(batch.from_point))
        if reason:
            problems.append(_("%(code)s: %(reason)s") % {"code": code, "reason": reason})
            continue
        items.append(
            HandoverItem(
                batch=batch,
                dossier=dossier,
                papers=_papers_of(dossier),
                handover_due_at=current.handover_due_at,
                added_at=at,
                added_by=actor,
            )
        )
    if problems:
        raise ValidationError({"dossiers": problems})
    for item in items:
        item.save()
    return items


def _audit(actor, batch: HandoverBatch, what: str, **changes) -> None:
    record(actor=actor, action=f"dossiers.handover_{what}", obj=batch, changes=changes)


@transaction.atomic
def create_batch(
    *,
    actor,
    dossiers=(),
    to_point: ServicePoint | None = None,
    to_unit: Unit | None = None,
    from_point: ServicePoint | None = None,
    from_unit: Unit | None = None,
    note: str = "",
    at=None,
) -> HandoverBatch:
    """Prepare a batch at the actor's place (their service point unless said otherwise) for
    another point or unit, with the dossiers whose originals are there."""
    at = now_or(at)
    from_point, from_unit = _checked_ends(actor, from_point, from_unit, to_point, to_unit)
    batch = HandoverBatch(
        status=BatchStatus.CREATED,
        from_point=from_point,
        from_unit=from_unit,
        to_point=to_point,
        to_unit=to_unit,
        note=(note or "").strip(),
        created_at=at,
        created_by=actor,
    )
    _check_sender(actor, batch)
    codes = _codes(dossiers)
    _allocate_number(batch, at)
    _add_items(batch, codes, actor=actor, at=at)
    _audit(
        actor,
        batch,
        "create",
        number=batch.number,
        origin=_describe(batch.origin),
        destination=_describe(batch.destination),
        dossiers=codes,
    )
    return batch


@transaction.atomic
def add_to_batch(*, actor, batch: HandoverBatch, dossiers, at=None) -> HandoverBatch:
    """Add dossiers to a batch still being prepared."""
    at = now_or(at)
    batch = _lock_batch(batch)
    _check_sender(actor, batch)
    _refuse_unless_preparing(batch)
    codes = _codes(dossiers)
    if not codes:
        raise ValidationError({"dossiers": _("Give the codes of the dossiers to add.")})
    _add_items(batch, codes, actor=actor, at=at)
    _audit(actor, batch, "add", dossiers=codes)
    return batch


@transaction.atomic
def remove_from_batch(*, actor, batch: HandoverBatch, dossiers, at=None) -> HandoverBatch:
    """Take dossiers out of a batch still being prepared (the item is kept, marked removed)."""
    at = now_or(at)
    batch = _lock_batch(batch)
    _check_sender(actor, batch)
    _refuse_unless_preparing(batch)
    codes = _codes(dossiers)
    if not codes:
        raise ValidationError({"dossiers": _("Give the codes of the dossiers to take out.")})
    active = {
        item.dossier.code: item
        for item in batch.items.filter(removed_at__isnull=True).select_related("dossier")
    }
    missing = [code for code in codes if code not in active]
    if missing:
        raise ValidationError(
            {
                "dossiers": [
                    _("%(code)s is not in handover batch %(number)s.")
                    % {"code": code, "number": batch.number}
                    for code in missing
                ]
            }
        )
    for code in codes:
        item = active[code]
        item.removed_at, item.removed_by, item.open = at, actor, False
        item.save(update_fields=["removed_at", "removed_by", "open"])
    _audit(actor, batch, "remove", dossiers=codes)
    return batch


def _active_items(batch: HandoverBatch) -> list[HandoverItem]:
    # In dossier order, so that two batches never lock the same dossiers in opposite orders.
    return list(
        batch.items.filter(removed_at__isnull=True)
        .select_related("dossier")
        .order_by("dossier_id", "id")
    )


@transaction.atomic
def send_batch(*, actor, batch: HandoverBatch, note: str = "", at=None) -> HandoverBatch:
    """The papers leave: each dossier's originals are in transit in this batch, and whether
    they left by their hand-over due instant is recorded."""
    at = now_or(at)
    batch = _lock_batch(batch)
    _check_sender(actor, batch)
    _refuse_unless_preparing(batch)
    items = _active_items(batch)
    if not items:
        raise ValidationError(
            {"dossiers": _("An empty batch cannot be sent: add the dossiers whose papers go.")}
        )
    problems, ready = [], []
    for item in items:
        dossier = lock(item.dossier)
        current = current_location(dossier)
        if not _at_place(current, point=batch.from_point, unit=batch.from_unit):
            problems.append(
                _("The papers of %(code)s are no longer at %(place)s: take the dossier out.")
                % {"code": dossier.code, "place": batch.origin.name}
            )
            continue
        reason = _state_problem(dossier, _side_actor(batch.from_point))
        if reason:
            problems.append(_("%(code)s: %(reason)s") % {"code": dossier.code, "reason": reason})
            continue
        if at < current.at:
            problems.append(
                _("The papers of %(code)s were recorded at %(place)s only at %(when)s.")
                % {
                    "code": dossier.code,
                    "place": batch.origin.name,
                    "when": current.at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y"),
                }
            )
            continue
        ready.append((item, dossier, current))
    if problems:
        raise ValidationError({"dossiers": problems})
    origin, destination = _describe(batch.origin), _describe(batch.destination)
    late = []
    for item, dossier, current in ready:
        due = item.handover_due_at
        item.sent_on_time = None if due is None else at <= due
        item.save(update_fields=["sent_on_time"])
        if item.sent_on_time is False:
            late.append(dossier.code)
        movement = _move(
            dossier, actor=actor, at=at, place=PaperPlace.IN_TRANSIT, batch=batch, note=note
        )
        record_action(
            dossier=dossier,
            action=Action.LOCATE_PAPERS,
            from_status=dossier.status,
            actor=actor,
            unit=batch.from_unit or batch.from_point.agency,
            at=at,
            note=note,
            data={
                "event": "sent",
                "batch": batch.number,
                "from": _movement_data(current),
                "to": _movement_data(movement) | {"destination": destination},
                "due_at": due.isoformat() if due else None,
                "on_time": item.sent_on_time,
            },
        )
    batch.status, batch.sent_at, batch.sent_by = BatchStatus.SENT, at, actor
    batch.save(update_fields=["status", "sent_at", "sent_by"])
    _audit(actor, batch, "send", origin=origin, destination=destination, late=late)
    return batch


def _receipts(batch: HandoverBatch, items, receipts) -> dict[str, ItemReceipt]:
    """Each item's receipt (accepted unless said otherwise), or every problem at once."""
    in_batch = {item.dossier.code for item in items}
    given, problems = {}, []
    for receipt in receipts or ():
        code = _canonical(receipt.dossier)
        if code not in in_batch:
            problems.append(
                _("%(code)s is not in handover batch %(number)s.")
                % {"code": code, "number": batch.number}
            )
        elif receipt.outcome not in (o.value for o in ItemOutcome if o.value):
            problems.append(
                _("%(code)s: choose accepted, discrepancy or refused.") % {"code": code}
            )
        elif receipt.outcome != ItemOutcome.ACCEPTED and not receipt.note.strip():
            problems.append(
                _("%(code)s: say what is wrong with the papers (e.g. which paper is missing).")
                % {"code": code}
            )
        else:
            given[code] = receipt
    if problems:
        raise ValidationError({"items": problems})
    return given


@transaction.atomic
def receive_batch(
    *, actor, batch: HandoverBatch, items=(), note: str = "", at=None
) -> HandoverBatch:
    """The papers arrive. Each dossier's papers are accepted (they are now here), accepted
    with a discrepancy noted, or refused with the reason (they go back to the sending place,
    still owing their hand-over). A received batch is final.

    The arrival is a fact, so it is recorded whatever happened to a dossier while its papers
    travelled: the decision to move them was checked when the batch was sent."""
    at = now_or(at)
    batch = _lock_batch(batch)
    _refuse_unless(
        actor,
        "dossiers.receive_handover",
        batch,
        _("Only the officers of %(place)s receive the batches sent to it.")
        % {"place": batch.destination.name},
    )
    if batch.status == BatchStatus.RECEIVED:
        raise ValidationError(
            {
                "status": _(
                    "Handover batch %(number)s was already received on %(when)s: a received "
                    "batch is final."
                )
                % {
                    "number": batch.number,
                    "when": batch.received_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y"),
                }
            }
        )
    if batch.status != BatchStatus.SENT:
        raise ValidationError(
            {
                "status": _("Handover batch %(number)s has not been sent: it cannot be received.")
                % {"number": batch.number}
            }
        )
    if at < batch.sent_at:
        raise ValidationError(
            {
                "at": _("Handover batch %(number)s was sent only at %(when)s.")
                % {
                    "number": batch.number,
                    "when": batch.sent_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y"),
                }
            }
        )
    active = _active_items(batch)
    receipts = _receipts(batch, active, items)
    origin, destination = _describe(batch.origin), _describe(batch.destination)
    outcomes = {}
    for item in active:
        dossier = lock(item.dossier)
        receipt = receipts.get(dossier.code) or ItemReceipt(dossier.code)
        item.outcome, item.receipt_note, item.open = receipt.outcome, receipt.note.strip(), False
        item.save(update_fields=["outcome", "receipt_note", "open"])
        outcomes[dossier.code] = receipt.outcome
        if receipt.outcome == ItemOutcome.REFUSED:
            point, unit, due = batch.from_point, batch.from_unit, item.handover_due_at
        else:
            point, unit, due = batch.to_point, batch.to_unit, None
        movement = _move(
            dossier,
            actor=actor,
            at=at,
            place=PaperPlace.POINT if point is not None else PaperPlace.UNIT,
            point=point,
            unit=unit,
            batch=batch,
            due=due,
            note=receipt.note.strip(),
        )
        record_action(
            dossier=dossier,
            action=Action.LOCATE_PAPERS,
            from_status=dossier.status,
            actor=actor,
            unit=batch.to_unit or batch.to_point.agency,
            at=at,
            note=receipt.note.strip(),
            data={
                "event": "refused" if receipt.outcome == ItemOutcome.REFUSED else "received",
                "batch": batch.number,
                "outcome": receipt.outcome,
                "from": {"batch": batch.number, "origin": origin},
                "to": _movement_data(movement),
            },
        )
    batch.status, batch.received_at, batch.received_by = BatchStatus.RECEIVED, at, actor
    batch.receipt_note = (note or "").strip()
    batch.save(update_fields=["status", "received_at", "received_by", "receipt_note"])
    _audit(actor, batch, "receive", origin=origin, destination=destination, outcomes=outcomes)
    return batch


def may_carry_papers_for(actor, batch: HandoverBatch) -> dict:
    """What `actor` may do with `batch` now (for screens and API answers)."""
    return {
        "send": batch.status == BatchStatus.CREATED
        and works_at(actor, point=batch.from_point, unit=batch.from_unit),
        "receive": batch.status == BatchStatus.SENT
        and works_at(actor, point=batch.to_point, unit=batch.to_unit),
    }
