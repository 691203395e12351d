"""A version, a procedure, a group as plain data in the exchange format (docs/catalog-format.md).

This is the one description of "what a version says": the export writes it, the import compares
a published version of a file with it (a published version is never changed), and the audit
log records its differences. Units appear as their agency codes, dates as ISO text, numbers as
whole numbers when they are whole, so equal content gives equal data.
"""

import datetime
from decimal import Decimal

from django.db.models import Prefetch

from motcua.catalog.models import (
    ChannelOffer,
    Field,
    Procedure,
    ProcedureGroup,
    ProcedureVersion,
)

FORMAT_NAME = "motcua-catalog"
FORMAT_VERSION = 1

# What a version says about itself (its lists of channels, components… apart).
VERSION_CONTENT_KEYS = (
    "name",
    "field",
    "level",
    "for_citizens",
    "for_organisations",
    "publishing_decision",
    "legal_basis",
    "conditions",
    "steps_description",
    "boundary_free",
    "online_level",
    "online_form_schema",
)
VERSION_KEYS = ("number", "status", "valid_from", "valid_to", *VERSION_CONTENT_KEYS)
CHANNEL_KEYS = ("channel", "time_limit", "time_unit", "description")
FEE_KEYS = ("code", "name", "kind", "amount_vnd", "description")
COMPONENT_KEYS = (
    "case",
    "order",
    "code",
    "name",
    "originals",
    "copies",
    "required",
    "condition",
    "document_type",
    "must_digitise",
    "allowed_file_types",
    "max_file_mb",
    "form_template",
)
RESULT_KEYS = ("code", "name", "document_type", "validity_months")
AGENCY_KEYS = ("role", "unit", "unit_level", "description")
STEP_KEYS = (
    "order",
    "name",
    "action",
    "performer_kind",
    "performer_unit",
    "performer_role",
    "allotted_hours",
    "parallel_group",
    "is_lead",
)
GROUP_KEYS = ("code", "name", "description", "legal_basis")
MEMBER_KEYS = ("procedure", "order", "agency_description", "unit")

# The parts of a version that make up its content: everything but its place in time.
CONTENT_EXCLUDED = ("status", "valid_from", "valid_to")


def number(value) -> int | float:
    """A decimal as the exchange format writes it: 3 for 3.00, 1.5 for 1.50."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _code(unit) -> str | None:
    return unit.code if unit is not None else None


def version_record(version: ProcedureVersion) -> dict:
    """The version and everything it holds, in the order of the exchange format."""
    record = {
        "number": version.number,
        "status": version.status,
        "valid_from": iso(version.valid_from),
        "valid_to": iso(version.valid_to),
        "name": version.name,
        "field": version.field.code,
        "level": version.level,
        "for_citizens": version.for_citizens,
        "for_organisations": version.for_organisations,
        "publishing_decision": version.publishing_decision,
        "legal_basis": version.legal_basis,
        "conditions": version.conditions,
        "steps_description": version.steps_description,
        "boundary_free": version.boundary_free,
        "online_level": version.online_level,
        "online_form_schema": version.online_form_schema,
    }
    record["channels"] = [
        {
            "channel": offer.channel,
            "time_limit": number(offer.time_limit),
            "time_unit": offer.time_unit,
            "description": offer.description,
            "fees": [
                {
                    "code": fee.code,
                    "name": fee.name,
                    "kind": fee.kind,
                    "amount_vnd": fee.amount_vnd,
                    "description": fee.description,
                }
                for fee in sorted(offer.fees.all(), key=lambda f: f.pk)
            ],
        }
        for offer in sorted(version.channels.all(), key=lambda o: o.pk)
    ]
    record["components"] = [
        {key: getattr(component, key) for key in COMPONENT_KEYS}
        for component in sorted(version.components.all(), key=lambda c: (c.case, c.order, c.pk))
    ]
    record["results"] = [
        {key: getattr(result, key) for key in RESULT_KEYS}
        for result in sorted(version.results.all(), key=lambda r: r.pk)
    ]
    record["agencies"] = [
        {
            "role": agency.role,
            "unit": _code(agency.unit),
            "unit_level": agency.unit_level,
            "description": agency.description,
        }
        for agency in sorted(version.agencies.all(), key=lambda a: a.pk)
    ]
    record["steps"] = [
        {
            "order": step.order,
            "name": step.name,
            "action": step.action,
            "performer_kind": step.performer_kind,
            "performer_unit": _code(step.performer_unit),
            "performer_role": step.performer_role,
            "allotted_hours": number(step.allotted_hours),
            "parallel_group": step.parallel_group,
            "is_lead": step.is_lead,
        }
        for step in sorted(version.steps.all(), key=lambda s: (s.order, s.pk))
    ]
    return record


def content_of(record: dict) -> dict:
    """The content of a version record, with its lists in a stable order, for comparing a
    published version with what a file says of it."""
    content = {k: v for k, v in record.items() if k not in CONTENT_EXCLUDED}
    for key in ("channels", "components", "results", "agencies", "steps"):
        content[key] = sorted(content.get(key, []), key=repr)
    content["channels"] = [
        {**channel, "fees": sorted(channel.get("fees", []), key=repr)}
        for channel in content["channels"]
    ]
    return content


def versions_with_children():
    """Versions with everything `version_record` reads, in a handful of queries."""
    return ProcedureVersion.objects.select_related("procedure", "field").prefetch_related(
        Prefetch("channels", queryset=ChannelOffer.objects.prefetch_related("fees")),
        "components",
        "results",
        "agencies__unit",
        "steps__performer_unit",
    )


def procedure_record(procedure: Procedure, versions) -> dict:
    return {
        "code": procedure.code,
        "code_is_illustrative": procedure.code_is_illustrative,
        "versions": [version_record(v) for v in sorted(versions, key=lambda v: v.number)],
    }


def group_record(group: ProcedureGroup) -> dict:
    record = {key: getattr(group, key) for key in GROUP_KEYS}
    record["members"] = [
        {
            "procedure": member.procedure.code,
            "order": member.order,
            "agency_description": member.agency_description,
            "unit": _code(member.unit),
        }
        for member in sorted(group.members.all(), key=lambda m: (m.order, m.pk))
    ]
    return record


def catalogue_document() -> dict:
    """The whole catalogue as one exchange document (fields, procedures, groups)."""
    by_procedure: dict[int, list] = {}
    for version in versions_with_children():
        by_procedure.setdefault(version.procedure_id, []).append(version)
    groups = ProcedureGroup.objects.prefetch_related("members__procedure", "members__unit")
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "fields": [{"code": f.code, "name": f.name} for f in Field.objects.order_by("code")],
        "procedures": [
            procedure_record(procedure, by_procedure.get(procedure.pk, []))
            for procedure in Procedure.objects.order_by("code")
        ],
        "groups": [group_record(group) for group in groups.order_by("code")],
    }
