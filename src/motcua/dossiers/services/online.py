"""The citizen's side of an online dossier: submitting it, and sending it back completed.

The applicant is the account: name, identity and contact are copied from it (as they are now;
a later change of the account does not rewrite the dossier), and so is whether VNeID vouched
for the identity — the national packet reports that per dossier.

`submitted_at` is the real instant the citizen pressed "submit", even at night or on Sunday.
The reception clock does not start then: it starts at the next working period of the
receiving point's calendar (see reception.online_clock_start), which is where the law's "outside
working hours counts from the next working period" is applied, once, at reception.
"""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from motcua.accounts.models import IdentityKind
from motcua.catalog.models import ChannelOffer, OnlineLevel, ProcedureVersion
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DossierChannel,
    ReturnChannel,
    SubmittedComponent,
    SupplementStage,
)
from motcua.dossiers.services.reception import (
    ComponentHandedIn,
    check_components,
    check_return,
    check_version_at_point,
    next_state,
    save_components,
)
from motcua.dossiers.services.recording import record_action
from motcua.dossiers.transitions import NEW, Action, Actor
from motcua.organizations.models import AdministrativeArea, ServicePoint
from motcua.policy import check as check_permission

# JSON Schema's names for kinds of values and formats, in words a citizen reads (with a
# context: "text" or "date" alone mean other things elsewhere in the interface).
_KINDS = {
    "string": pgettext_lazy("online form", "text"),
    "integer": pgettext_lazy("online form", "whole number"),
    "number": pgettext_lazy("online form", "number"),
    "boolean": pgettext_lazy("online form", "yes or no"),
    "object": pgettext_lazy("online form", "group of fields"),
    "array": pgettext_lazy("online form", "list"),
}
_FORMATS = {
    "date": pgettext_lazy("online form", "date"),
    "date-time": pgettext_lazy("online form", "date and time"),
    "email": pgettext_lazy("online form", "e-mail address"),
    "uri": pgettext_lazy("online form", "web address"),
}


def _message(error) -> str:
    """A specific, translatable message for one JSON Schema error (the library's own English
    text quotes Python values and cannot be translated)."""
    kind, value = error.validator, error.validator_value
    if kind == "type":
        kinds = [value] if isinstance(value, str) else list(value)
        named = ", ".join(str(_KINDS.get(kind, kind)) for kind in kinds)
        return _("Enter a value of the expected kind (%(kind)s).") % {"kind": named}
    if kind == "enum":
        return _("Choose one of: %(choices)s.") % {"choices": ", ".join(map(str, value))}
    if kind == "minLength":
        return _("Enter at least %(n)s characters.") % {"n": value}
    if kind == "maxLength":
        return _("Enter at most %(n)s characters.") % {"n": value}
    if kind == "minimum":
        return _("Enter a number of at least %(n)s.") % {"n": value}
    if kind == "maximum":
        return _("Enter a number of at most %(n)s.") % {"n": value}
    if kind == "pattern":
        return _("The value does not have the expected format.")
    if kind == "format":
        return _("Enter a valid %(format)s.") % {"format": _FORMATS.get(value, value)}
    return _("This value is not accepted.")


def form_errors(schema: dict, data) -> dict[str, list[str]]:
    """Field-level errors of `data` against the version's online form: keys are
    "form_data.<field>" (dotted for nested fields), so a page can show each beside its input."""
    if not isinstance(data, dict):
        return {"form_data": [_("The online form must be a set of named fields.")]}
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError:
        return {"procedure_version": [_("The online form of this procedure is broken.")]}
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = [str(p) for p in error.absolute_path]
        if error.validator == "required":
            # The library reports a missing field on its parent object, once per missing field
            # but each time with the whole list: name each field itself, once.
            missing = [name for name in error.validator_value if name not in error.instance]
            for name in missing:
                key = ".".join(["form_data", *path, name])
                errors.setdefault(key, [_("This field is required.")])
            continue
        if error.validator == "additionalProperties":
            extra = set(error.instance) - set(error.schema.get("properties", {}))
            for name in sorted(extra):
                key = ".".join(["form_data", *path, name])
                errors.setdefault(key, []).append(_("This field is not part of the form."))
            continue
        errors.setdefault(".".join(["form_data", *path]), []).append(_message(error))
    return errors


@transaction.atomic
def submit_online(
    *,
    actor,
    procedure_version: ProcedureVersion,
    point: ServicePoint,
    form_data: dict,
    components: tuple[ComponentHandedIn, ...] = (),
    applicant_address: str = "",
    applicant_area: AdministrativeArea | None = None,
    summary: str = "",
    return_channel: str = ReturnChannel.ELECTRONIC,
    return_address: str = "",
    submitted_at=None,
) -> Dossier:
    """The citizen submits a dossier online to `point`; it waits there for reception."""
    check_permission(actor, "dossiers.submit_online", None)
    status = next_state(Action.SUBMIT, NEW, Actor.CITIZEN)
    submitted_at = submitted_at or timezone.now()
    version = procedure_version
    if (
        version.online_level == OnlineLevel.NONE
        or not ChannelOffer.objects.filter(version=version, channel=DossierChannel.ONLINE).exists()
    ):
        raise ValidationError(
            {"procedure_version": _("This procedure cannot be submitted online.")}
        )
    check_version_at_point(version, point, submitted_at)
    errors = form_errors(version.online_form_schema or {}, form_data)
    try:
        check_components(version, components)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        check_return(return_channel, return_address)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:  # every problem at once, each beside its field
        raise ValidationError(errors)
    dossier = Dossier.objects.create(
        procedure_version=version,
        status=status,
        channel=DossierChannel.ONLINE,
        owner=actor,
        applicant_kind=ApplicantKind.ORGANISATION
        if actor.identity_kind == IdentityKind.TAX_CODE
        else ApplicantKind.CITIZEN,
        applicant_name=actor.full_name or actor.username,
        applicant_identity_kind=actor.identity_kind,
        applicant_identity_number=actor.identity_number,
        applicant_address=applicant_address.strip(),
        applicant_area=applicant_area,
        applicant_phone=actor.phone,
        applicant_email=actor.email,
        identity_verified=actor.identity_verified,
        summary=(summary or version.name)[:1000],
        form_data=form_data,
        submitted_at=submitted_at,
        receiving_point=point,
        receiving_agency=point.agency,
        return_channel=return_channel,
        return_point=point if return_channel == ReturnChannel.COUNTER else None,
        return_address=return_address.strip(),
        has_digitised_components=bool(components),
    )
    _save_components(dossier, components, first=True)
    record_action(
        dossier=dossier,
        action=Action.SUBMIT,
        from_status="",
        actor=actor,
        unit=point.agency,
        at=submitted_at,
        data={"point": point.code, "components": [c.component_id for c in components]},
    )
    return dossier


def _save_components(dossier: Dossier, components, *, first: bool = False) -> None:
    # Papers sent online are electronic from the start, whatever the form said.
    save_components(dossier, [replace(c, digitised=True) for c in components], first=first)


def _describe(rows) -> list[dict]:
    return [{"form": r.form, "quantity": r.quantity, "name": r.name} for r in rows]


def replace_components(dossier: Dossier, components, *, online: bool) -> tuple[list, list, list]:
    """Put the papers handed in again in place of what was on file for their components:
    (changed component ids, the papers before, the papers after) for the history entry, which
    keeps what was replaced. Papers sent online are electronic (`online`)."""
    changed = sorted({c.component_id for c in components})
    replaced = SubmittedComponent.objects.filter(dossier=dossier, component_id__in=changed)
    before = _describe(replaced)
    replaced.delete()
    if online:
        _save_components(dossier, components)
    else:
        save_components(dossier, components)
    after = _describe(SubmittedComponent.objects.filter(dossier=dossier, component_id__in=changed))
    return changed, before, after


def fulfil_reception_request(dossier: Dossier, *, at):
    """Mark the open Form 02 of reception fulfilled (the papers came back at `at`); the request,
    or None when there was none open."""
    request = (
        dossier.supplement_requests.filter(
            stage=SupplementStage.RECEPTION, fulfilled_at__isnull=True
        )
        .order_by("-requested_at")
        .first()
    )
    if request is not None:
        request.fulfilled_at = at
        request.save(update_fields=["fulfilled_at"])
    return request


@transaction.atomic
def resubmit(
    *, actor, dossier: Dossier, components: tuple[ComponentHandedIn, ...], at=None
) -> Dossier:
    """The owner sends the completed dossier back (awaiting_completion → submitted).

    `components` are the papers sent again; each replaces what was on file for that component.
    The replaced papers are written into the history entry (before/after), and the entry's
    `changed_components` is what a later Form 02 may still speak about (told once)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    check_permission(actor, "dossiers.act_as_applicant", dossier)
    from_status = dossier.status
    dossier.status = next_state(Action.RESUBMIT, from_status, Actor.CITIZEN)
    at = at or timezone.now()
    if not components:
        raise ValidationError({"components": _("Send at least one paper.")})
    check_components(dossier.procedure_version, components, complete=False)
    changed, before, after = replace_components(dossier, components, online=True)
    request = fulfil_reception_request(dossier, at=at)
    dossier.has_digitised_components = True
    dossier.save(update_fields=["status", "has_digitised_components", "updated_at"])
    record_action(
        dossier=dossier,
        action=Action.RESUBMIT,
        from_status=from_status,
        actor=actor,
        unit=dossier.receiving_agency,
        at=at,
        data={
            "changed_components": changed,
            "before": before,
            "after": after,
            "supplement_request": request.pk if request else None,
        },
    )
    return dossier
