"""Writes to the catalogue: one function per use case, one transaction each, audited.

A procedure's rules live in versions. A draft can be changed freely; publishing validates it,
fixes its window of validity and ends the version in force before it, so that at most one
published version is in force on any day. A published version is never changed (a dossier
keeps the version it was received under): the way to change the rules is a new draft
(`new_draft_from`) published from a later date. The one thing a published version accepts is
an end to its validity.

Children (channels with fees, components, results, agencies, steps) are passed as lists of
mappings with the model's field names, units as `Unit` objects; a list given replaces the
version's list, a list not given is kept.
"""

import datetime
import json
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import describe_changes, record
from motcua.catalog.children import children_of, make_rows, raise_problems, replace_children
from motcua.catalog.models import (
    Field,
    GroupMember,
    Procedure,
    ProcedureGroup,
    ProcedureVersion,
    VersionStatus,
)
from motcua.catalog.records import (
    VERSION_CONTENT_KEYS,
    group_record,
    version_record,
    versions_with_children,
)
from motcua.catalog.search import procedure_search_text
from motcua.catalog.validation import (
    Window,
    overlapping,
    publication_problems,
    window_problems,
)
from motcua.policy import authorize

MANAGE = "catalog.manage"

VERSION_FIELDS = VERSION_CONTENT_KEYS
CHILDREN = ("channels", "components", "results", "agencies", "steps")
GROUP_FIELDS = ("code", "name", "description", "legal_basis")


def frozen_error(version: ProcedureVersion) -> ValidationError:
    return ValidationError(
        _(
            "Version %(number)s of %(code)s is published and cannot be changed: a dossier keeps "
            "the rules it was received under. Publish a new version instead (make a new draft "
            "from this one)."
        )
        % {"number": version.number, "code": version.procedure.code},
        code="published_version_is_frozen",
    )


# --- fields ------------------------------------------------------------------------------------


@transaction.atomic
def create_field(*, actor, code: str, name: str) -> Field:
    authorize(actor, MANAGE)
    field = Field(code=code.strip(), name=name.strip())
    field.full_clean()
    field.save()
    record(
        actor=actor,
        action="catalog.create_field",
        obj=field,
        changes={"code": [None, field.code], "name": [None, field.name]},
    )
    return field


@transaction.atomic
def update_field(*, actor, field: Field, name: str) -> Field:
    authorize(actor, MANAGE)
    old = field.name
    field.name = name.strip()
    field.full_clean()
    field.save(update_fields=["name"])
    if old != field.name:
        record(
            actor=actor,
            action="catalog.update_field",
            obj=field,
            changes={"name": [old, field.name]},
        )
    return field


# --- procedures and versions -------------------------------------------------------------------


@transaction.atomic
def create_procedure(
    *, actor, code: str, code_is_illustrative: bool = False, number: int = 1, **version_data
) -> ProcedureVersion:
    """A new procedure with its first version, a draft (number 1 unless an import names
    another); returns that version."""
    authorize(actor, MANAGE)
    procedure = Procedure(code=code.strip(), code_is_illustrative=code_is_illustrative)
    procedure.full_clean()
    procedure.save()
    version = _create_version(procedure=procedure, number=number, data=version_data)
    record(
        actor=actor,
        action="catalog.create_procedure",
        obj=procedure,
        changes={"code": [None, procedure.code]},
    )
    record(
        actor=actor,
        action="catalog.create_version",
        obj=version,
        changes=describe_changes({}, _snapshot(version)),
    )
    return version


@transaction.atomic
def update_procedure(*, actor, procedure: Procedure, **fields) -> Procedure:
    """The container's own facts: its national code and whether that code is illustrative."""
    authorize(actor, MANAGE)
    unknown = set(fields) - {"code", "code_is_illustrative"}
    if unknown:
        raise TypeError(f"update_procedure() got unknown fields: {sorted(unknown)}")
    before = {"code": procedure.code, "code_is_illustrative": procedure.code_is_illustrative}
    for key, value in fields.items():
        setattr(procedure, key, value.strip() if isinstance(value, str) else value)
    procedure.full_clean()
    procedure.save()
    changes = describe_changes(
        before, {"code": procedure.code, "code_is_illustrative": procedure.code_is_illustrative}
    )
    if changes:
        record(actor=actor, action="catalog.update_procedure", obj=procedure, changes=changes)
    return procedure


@transaction.atomic
def create_version(*, actor, procedure: Procedure, number: int, **data) -> ProcedureVersion:
    """A draft with a given number (the import names its versions); usually `new_draft_from`."""
    authorize(actor, MANAGE)
    version = _create_version(procedure=procedure, number=number, data=data)
    record(
        actor=actor,
        action="catalog.create_version",
        obj=version,
        changes=describe_changes({}, _snapshot(version)),
    )
    return version


@transaction.atomic
def update_draft(*, actor, version: ProcedureVersion, **changes) -> ProcedureVersion:
    """Change a draft and, for each list given, replace its children. A published version is
    refused with the way forward."""
    authorize(actor, MANAGE, version.procedure)
    unknown = set(changes) - set(VERSION_FIELDS) - set(CHILDREN)
    if unknown:
        raise TypeError(f"update_draft() got unknown fields: {sorted(unknown)}")
    version = _locked(version)
    if version.is_published:
        raise frozen_error(version)
    before = _snapshot(version)
    _apply(version, {k: v for k, v in changes.items() if k in VERSION_FIELDS})
    replace_children(version, {k: v for k, v in changes.items() if k in CHILDREN})
    diff = describe_changes(before, _snapshot(version))
    if diff:
        record(actor=actor, action="catalog.update_draft", obj=version, changes=diff)
    return version


@transaction.atomic
def new_draft_from(*, actor, version: ProcedureVersion) -> ProcedureVersion:
    """A copy of `version` with everything it holds, as a draft with the next number."""
    authorize(actor, MANAGE, version.procedure)
    Procedure.objects.select_for_update().filter(pk=version.procedure_id).first()
    existing = ProcedureVersion.objects.filter(
        procedure_id=version.procedure_id, status=VersionStatus.DRAFT
    ).first()
    if existing is not None:
        raise ValidationError(
            _("Version %(number)s of %(code)s is already a draft: change that one.")
            % {"number": existing.number, "code": version.procedure.code},
            code="draft_exists",
        )
    last = ProcedureVersion.objects.filter(procedure_id=version.procedure_id).order_by("-number")
    source = versions_with_children().get(pk=version.pk)
    data = {field: getattr(source, field) for field in VERSION_FIELDS}
    data.update(children_of(source))
    draft = _create_version(procedure=source.procedure, number=last[0].number + 1, data=data)
    record(
        actor=actor, action="catalog.new_draft", obj=draft, changes={"copied_from": source.number}
    )
    return draft


@transaction.atomic
def publish(
    *,
    actor,
    version: ProcedureVersion,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> ProcedureVersion:
    """Validate the draft and publish it from `valid_from`. The version in force before it is
    ended the day before, so that no two published versions are ever in force on one day."""
    authorize(actor, MANAGE, version.procedure)
    # One publication per procedure at a time: the windows are checked and moved together.
    Procedure.objects.select_for_update().filter(pk=version.procedure_id).first()
    version = _locked(version)
    if version.is_published:
        raise ValidationError(
            _("Version %(number)s of %(code)s is already published.")
            % {"number": version.number, "code": version.procedure.code},
            code="already_published",
        )
    if valid_from is None:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _("Give the date it comes into force."), code="required"
                )
            }
        )
    window = Window(str(version.number), valid_from, valid_to)
    raise_problems(window_problems(window))
    content = version_record(versions_with_children().get(pk=version.pk))
    raise_problems(publication_problems(steps=content["steps"], channels=content["channels"]))
    to_end = _version_to_end(version, window)

    for previous in to_end:
        old_end = previous.valid_to
        previous.valid_to = valid_from - datetime.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
        record(
            actor=actor,
            action="catalog.end_version",
            obj=previous,
            changes={
                "valid_to": [_iso(old_end), previous.valid_to.isoformat()],
                "replaced_by": version.number,
            },
        )
    version.status = VersionStatus.PUBLISHED
    version.valid_from, version.valid_to = valid_from, valid_to
    version.published_at = timezone.now()
    version.save(update_fields=["status", "valid_from", "valid_to", "published_at"])
    refresh_search_text(version.procedure)
    record(
        actor=actor,
        action="catalog.publish_version",
        obj=version,
        changes={
            "status": [VersionStatus.DRAFT, VersionStatus.PUBLISHED],
            "valid_from": [None, valid_from.isoformat()],
            "valid_to": [None, _iso(valid_to)],
        },
    )
    return version


@transaction.atomic
def end_version(*, actor, version: ProcedureVersion, valid_to: datetime.date) -> ProcedureVersion:
    """Say when a published version stops being in force (a procedure abolished, or the import
    of a file that ends it). Its content stays as it was; its end can only come earlier."""
    authorize(actor, MANAGE, version.procedure)
    version = _locked(version)
    if not version.is_published:
        raise ValidationError(
            {
                "valid_to": ValidationError(
                    _("Only a published version has a validity to end."), code="not_published"
                )
            }
        )
    if version.valid_to is not None and valid_to > version.valid_to:
        raise ValidationError(
            {
                "valid_to": ValidationError(
                    _(
                        "A published version's end can only come earlier, not later: publish a new "
                        "version instead."
                    ),
                    code="cannot_extend",
                )
            }
        )
    raise_problems(window_problems(Window(str(version.number), version.valid_from, valid_to)))
    old = version.valid_to
    version.valid_to = valid_to
    version.save(update_fields=["valid_to"])
    refresh_search_text(version.procedure)
    record(
        actor=actor,
        action="catalog.end_version",
        obj=version,
        changes={"valid_to": [_iso(old), valid_to.isoformat()]},
    )
    return version


def refresh_search_text(procedure: Procedure) -> None:
    """Search looks through the version in force today and any published for later, so a
    procedure is found both by today's name and by the name it is about to take."""
    today = timezone.localdate()
    published = list(
        procedure.versions.filter(status=VersionStatus.PUBLISHED)
        .select_related("field", "procedure")
        .order_by("valid_from")
    )
    shown = [v for v in published if v.valid_to is None or v.valid_to >= today]
    if not shown and published:
        shown = published[-1:]
    texts = dict.fromkeys(procedure_search_text(v) for v in shown)
    procedure.search_text = " ".join(texts)
    Procedure.objects.filter(pk=procedure.pk).update(search_text=procedure.search_text)


def _version_to_end(version: ProcedureVersion, window: Window) -> list[ProcedureVersion]:
    """The published version the new one takes over from; refuse any other overlap."""
    others = list(
        ProcedureVersion.objects.select_for_update()
        .filter(procedure_id=version.procedure_id, status=VersionStatus.PUBLISHED)
        .exclude(pk=version.pk)
    )
    to_end = []
    for other in others:
        theirs = Window(str(other.number), other.valid_from, other.valid_to)
        if not overlapping([theirs, window]):
            continue
        # It started earlier and the new version covers all that was left of it: end it.
        covers_rest = window.valid_to is None or (
            other.valid_to is not None and window.valid_to >= other.valid_to
        )
        if other.valid_from < window.valid_from and covers_rest:
            to_end.append(other)
            continue
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _(
                        "Version %(other)s is in force from %(start)s to %(end)s: the new version "
                        "would overlap it. Choose a date after %(start)s that leaves no overlap."
                    )
                    % {
                        "other": other.number,
                        "start": _display(other.valid_from),
                        "end": _display(other.valid_to) if other.valid_to else _("further notice"),
                    },
                    code="overlapping_versions",
                )
            }
        )
    return to_end


def _locked(version: ProcedureVersion) -> ProcedureVersion:
    """The version as the database has it now, locked: a stale form must not slip past the
    check that it is still a draft."""
    return (
        ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    )


def _create_version(*, procedure: Procedure, number: int, data: Mapping) -> ProcedureVersion:
    unknown = set(data) - set(VERSION_FIELDS) - set(CHILDREN)
    if unknown:
        raise TypeError(f"unknown version fields: {sorted(unknown)}")
    version = ProcedureVersion(procedure=procedure, number=number, status=VersionStatus.DRAFT)
    _apply(version, {k: v for k, v in data.items() if k in VERSION_FIELDS})
    replace_children(version, {k: data.get(k, []) for k in CHILDREN})
    return version


def _apply(version: ProcedureVersion, fields: Mapping) -> None:
    for key, value in fields.items():
        setattr(version, key, value.strip() if isinstance(value, str) else value)
    if version.online_form_schema is None:
        version.online_form_schema = {}
    # PostgreSQL cannot store a NUL character in JSON.
    if not isinstance(version.online_form_schema, dict) or "\\u0000" in json.dumps(
        version.online_form_schema
    ):
        raise ValidationError(
            {
                "online_form_schema": ValidationError(
                    _("The online form must be a JSON object (a JSON Schema)."), code="invalid"
                )
            }
        )
    version.full_clean()
    version.save()


def _snapshot(version: ProcedureVersion) -> dict:
    return version_record(versions_with_children().get(pk=version.pk))


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _display(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


# --- procedure groups --------------------------------------------------------------------------


@transaction.atomic
def create_group(
    *,
    actor,
    code: str,
    name: str,
    description: str = "",
    legal_basis: str = "",
    members: Sequence[Mapping] = (),
) -> ProcedureGroup:
    """A group of linked procedures; `members` are mappings of procedure, order,
    agency_description and unit, kept in their order."""
    authorize(actor, MANAGE)
    group = ProcedureGroup(
        code=code.strip(),
        name=name.strip(),
        description=description.strip(),
        legal_basis=legal_basis.strip(),
    )
    group.full_clean()
    group.save()
    _replace_members(group, members)
    record(
        actor=actor,
        action="catalog.create_group",
        obj=group,
        changes=describe_changes({}, group_record(group)),
    )
    return group


@transaction.atomic
def update_group(*, actor, group: ProcedureGroup, members=None, **fields) -> ProcedureGroup:
    authorize(actor, MANAGE, group)
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"update_group() got unknown fields: {sorted(unknown)}")
    before = group_record(group)
    for key, value in fields.items():
        setattr(group, key, value.strip() if isinstance(value, str) else value)
    group.full_clean()
    group.save()
    if members is not None:
        _replace_members(group, members)
    changes = describe_changes(before, group_record(group))
    if changes:
        record(actor=actor, action="catalog.update_group", obj=group, changes=changes)
    return group


def _replace_members(group: ProcedureGroup, members: Sequence[Mapping]) -> None:
    errors = []
    procedures, orders = set(), set()
    for index, member in enumerate(members):
        procedure, order = member.get("procedure"), member.get("order")
        if procedure is not None and procedure.pk in procedures:
            errors.append(
                ValidationError(
                    _("Procedure %(code)s is in the group twice.") % {"code": procedure.code},
                    code="duplicate_member",
                )
            )
        if order in orders:
            errors.append(
                ValidationError(
                    _("Two procedures of the group have the order %(order)s.") % {"order": order},
                    code="duplicate_order",
                )
            )
        if procedure is not None:
            procedures.add(procedure.pk)
        orders.add(order)
        if procedure is None:
            errors.append(
                ValidationError(
                    _("Member %(number)s: choose the procedure.") % {"number": index + 1},
                    code="required",
                )
            )
    if errors:
        raise ValidationError({"members": errors})
    group.members.all().delete()
    make_rows(group, GroupMember, [dict(m) for m in members], "members", parent_field="group")
