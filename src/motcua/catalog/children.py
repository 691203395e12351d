"""Writing the lists a version holds (channels with fees, components, results, agencies,
steps), and reading them back as the mappings the services take.

A list is replaced as a whole: rows carry no identity of their own outside their version, and
replacing keeps "what the version says" the only thing to compare, audit and copy. Every row is
checked before anything is written, and every problem is reported with the row's number.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.catalog.models import (
    AgencyAssignment,
    ChannelOffer,
    Component,
    Fee,
    ProcedureVersion,
    ProcessStep,
    Result,
)
from motcua.catalog.validation import channel_problems, process_problems


def raise_problems(problems, *, key: str | None = None) -> None:
    """Raise one ValidationError holding every problem, under its field (or under `key`, the
    name of the list the rows belong to)."""
    if not problems:
        return
    errors: dict[str, list[ValidationError]] = {}
    for problem in problems:
        errors.setdefault(key or problem.field, []).append(
            ValidationError(problem.message, code=problem.code)
        )
    raise ValidationError(errors)


def replace_children(version: ProcedureVersion, children: Mapping) -> None:
    if "channels" in children:
        raise_problems(channel_problems(children["channels"]), key="channels")
    if "steps" in children:
        raise_problems(process_problems(children["steps"]), key="steps")
    makers = {
        "channels": _make_channels,
        "components": lambda v, rows: make_rows(v, Component, rows, "components"),
        "results": lambda v, rows: make_rows(v, Result, rows, "results"),
        "agencies": lambda v, rows: make_rows(v, AgencyAssignment, rows, "agencies"),
        "steps": lambda v, rows: make_rows(v, ProcessStep, rows, "steps"),
    }
    for key, rows in children.items():
        getattr(version, key).all().delete()
        makers[key](version, rows)


def make_rows(version, model, rows, key: str, parent_field: str = "version") -> list:
    objects, errors = [], []
    for index, row in enumerate(rows):
        # Text without surrounding spaces, as everywhere in the catalogue (and as the import
        # reads it, so a published version always compares equal to its own export).
        row = {k: v.strip() if isinstance(v, str) else v for k, v in row.items()}
        obj = model(**{parent_field: version}, **row)
        try:
            obj.full_clean(exclude=[parent_field])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = model._meta.get_field(field).verbose_name if field != "__all__" else ""
                for message in messages:
                    errors.append(
                        ValidationError(
                            _("%(item)s %(number)s, %(field)s: %(message)s")
                            % {
                                "item": str(model._meta.verbose_name).capitalize(),
                                "number": index + 1,
                                "field": label,
                                "message": message,
                            },
                            code="invalid_row",
                        )
                    )
        objects.append(obj)
    if errors:
        raise ValidationError({key: errors})
    return model.objects.bulk_create(objects)


def _make_channels(version, rows) -> None:
    offers = make_rows(
        version,
        ChannelOffer,
        [{k: v for k, v in r.items() if k != "fees"} for r in rows],
        "channels",
    )
    for offer, row in zip(offers, rows, strict=True):
        make_rows(offer, Fee, row.get("fees", []), "channels", parent_field="offer")


def children_of(version: ProcedureVersion) -> dict:
    """A version's children as the mappings the services take (units as objects)."""

    def row(obj, *skip):
        return {
            f.name: getattr(obj, f.name)
            for f in obj._meta.concrete_fields
            if f.name not in ("id", "version", "offer", *skip)
        }

    return {
        "channels": [
            {**row(offer), "fees": [row(fee) for fee in offer.fees.all()]}
            for offer in version.channels.all()
        ],
        "components": [row(c) for c in version.components.all()],
        "results": [row(r) for r in version.results.all()],
        "agencies": [row(a) for a in version.agencies.all()],
        "steps": [row(s) for s in version.steps.all()],
    }
