"""The registry behind POST /api/v1/dossiers/{code}/{action}: action name → (input, service).

Only services that EXIST when this module is imported are listed: the registry looks the
functions up by name in the dossier service modules (SERVICE_MODULES), so an action
appears in the API, and in its OpenAPI description, as soon as its service is installed, and
no view ever sets a status itself (ARCHITECTURE MUST 1).

A service is registered only if it can be called safely from its input: it takes `actor` and
`dossier` (the object) or `dossier_code`, and every argument it requires is always supplied by
the input serializer. Otherwise it is left out (see UNAVAILABLE and the log) rather than turned
into a 500 on the first request; fixing the serializer here makes it appear.
"""

import importlib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from motcua.dossiers.models import PaperForm, PaperPlace, RefusalReason
from motcua.dossiers.services import ComponentHandedIn
from motcua.organizations.models import ServicePoint, Unit

logger = logging.getLogger(__name__)

#: Where the dossier services live (a missing module is simply not there yet).
SERVICE_MODULES = tuple(
    f"motcua.dossiers.services.{name}"
    for name in (
        "completion",
        "reception",
        "online",
        "outcomes",
        "correction",
        "steps",
        "processing",
        "closing",
        "handover",
    )
)


# --- Inputs ---------------------------------------------------------------------------------
# One serializer per shape of service arguments; field names are the services' keyword names,
# and codes or public ids in the body become the objects the services expect.


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code.strip(), dissolved_on__isnull=True).first()
    if unit is None:
        raise serializers.ValidationError(
            _("No active unit has the code “%(code)s”.") % {"code": code[:50]}
        )
    return unit


class HandedInComponentInput(serializers.Serializer):
    component = serializers.IntegerField(
        min_value=1, help_text="Id of the component in the procedure's version."
    )
    form = serializers.ChoiceField(choices=PaperForm.choices, default=PaperForm.ORIGINAL)
    quantity = serializers.IntegerField(min_value=1, max_value=999, default=1)
    digitised = serializers.BooleanField(default=False)
    reused_document = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of a document of the applicant's data warehouse that replaces the paper "
        "(GET /api/v1/warehouse/offers): recorded as reused and digitised.",
    )


def handed_in(components) -> tuple[ComponentHandedIn, ...]:
    ids = [c["component"] for c in components]
    if len(ids) != len(set(ids)):
        raise serializers.ValidationError(_("Each component may be listed only once."))
    return tuple(
        ComponentHandedIn(
            component_id=c["component"],
            form=c["form"],
            quantity=c["quantity"],
            digitised=c["digitised"],
            reused_document_id=str(c["reused_document"]) if c.get("reused_document") else None,
        )
        for c in components
    )


class ActionInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TextInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class RefusalInput(TextInput):
    reason_code = serializers.ChoiceField(choices=RefusalReason.choices)


class ReceiveInput(serializers.Serializer):
    """Receive a waiting dossier: one submitted online, or a counter one whose Form 02 papers
    the citizen brought back (`components`: the papers handed in now)."""

    competent_unit = serializers.CharField(
        max_length=13, required=False, help_text="Code of the unit that decides, when chosen."
    )
    components = HandedInComponentInput(many=True, required=False)

    def validate_competent_unit(self, code):
        return _unit(code)

    def validate_components(self, components):
        return handed_in(components)


class MissingPaperInput(serializers.Serializer):
    component = serializers.IntegerField(
        min_value=1, required=False, help_text="Id of the component, when it is one."
    )
    name = serializers.CharField(max_length=1000, required=False, default="")
    reason = serializers.CharField(max_length=1000)


class SupplementInput(ActionInput):
    """Form 02: every missing or faulty paper at once, each with its reason."""

    items = MissingPaperInput(many=True, allow_empty=False)
    #: (module, class) of the service's own line type, imported only when used, so this input
    #: does not require the service module to exist.
    item_type = ("motcua.dossiers.services.outcomes", "ItemToSupplement")

    def validate_items(self, items):
        module, name = self.item_type
        line = getattr(importlib.import_module(module), name)
        return [
            line(reason=i["reason"], component_id=i.get("component"), name=i.get("name", ""))
            for i in items
        ]


class InsufficiencyInput(SupplementInput):
    """Form 02 after appraisal (the clock restarts when the papers come)."""

    item_type = ("motcua.dossiers.services.processing", "MissingItem")


class ResubmitInput(serializers.Serializer):
    components = HandedInComponentInput(many=True, allow_empty=False)

    def validate_components(self, components):
        return handed_in(components)


class CorrectionInput(ReasonInput):
    applicant = serializers.DictField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        help_text='Applicant fields with their right values, e.g. {"applicant_name": …}.',
    )
    components = HandedInComponentInput(many=True, required=False)

    def validate_components(self, components):
        return handed_in(components)


class AssignInput(ActionInput):
    handler = serializers.UUIDField(help_text="Public id (uuid) of the staff member.")

    def validate_handler(self, value):
        user = get_user_model().objects.filter(uuid=value, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(_("No active user has this id."))
        return user


class StepInput(ActionInput):
    step = serializers.IntegerField(min_value=1, help_text="Id of the running step.")


class ConsultInput(ActionInput):
    units = serializers.ListField(
        child=serializers.CharField(max_length=13), allow_empty=False, help_text="Unit codes."
    )
    allotted_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0.25")
    )
    step = serializers.IntegerField(min_value=1, required=False)

    def validate_units(self, codes):
        return [_unit(code) for code in codes]


class RescheduleInput(ReasonInput):
    new_due_at = serializers.DateTimeField()


class OptionalReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class PaymentInput(ActionInput):
    amount_vnd = serializers.IntegerField(min_value=0, required=False)


class ResultInput(serializers.Serializer):
    granted = serializers.BooleanField(help_text="false: refused, with the reasons in text.")
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    reason_code = serializers.ChoiceField(choices=RefusalReason.choices, required=False)


class ReturnResultInput(serializers.Serializer):
    collected_by_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    collected_by_identity = serializers.CharField(max_length=20, required=False, allow_blank=True)
    originals_kept = serializers.BooleanField(required=False)
    waybill = serializers.CharField(max_length=50, required=False, allow_blank=True)


class LocatePapersInput(ActionInput):
    """Where the paper originals are now: a service point, a unit, back with the applicant,
    or archived (in transit only by sending a handover batch)."""

    place = serializers.ChoiceField(
        choices=[p for p in PaperPlace.choices if p[0] != PaperPlace.IN_TRANSIT]
    )
    point = serializers.CharField(
        max_length=30, required=False, help_text="Code of the service point (place: point)."
    )
    unit = serializers.CharField(
        max_length=13, required=False, help_text="Code of the unit (place: unit or archived)."
    )

    def validate_point(self, code):
        point = ServicePoint.objects.filter(code=code.strip(), closed_on__isnull=True).first()
        if point is None:
            raise serializers.ValidationError(
                _("No open service point has the code “%(code)s”.") % {"code": code[:50]}
            )
        return point

    def validate_unit(self, code):
        return _unit(code)


#: action → (input, names the service function may have, first found wins).
CANDIDATES: dict[str, tuple[type[serializers.Serializer], tuple[str, ...]]] = {
    "receive": (ReceiveInput, ("receive_pending", "receive_online")),
    "request_completion": (SupplementInput, ("request_completion",)),
    "give_guidance": (TextInput, ("give_guidance",)),
    "refuse": (RefusalInput, ("refuse",)),
    "resubmit": (ResubmitInput, ("resubmit",)),
    "correct": (CorrectionInput, ("correct",)),
    "route": (ActionInput, ("route",)),
    "assign": (AssignInput, ("assign", "assign_handler")),
    "complete_step": (StepInput, ("complete_step",)),
    "consult": (ConsultInput, ("consult",)),
    "return_insufficient": (InsufficiencyInput, ("return_insufficient",)),
    "receive_supplement": (ActionInput, ("receive_supplement",)),
    "request_payment": (PaymentInput, ("request_payment",)),
    "confirm_payment": (ActionInput, ("confirm_payment",)),
    "reschedule": (RescheduleInput, ("reschedule", "reschedule_with_apology")),
    "record_result": (ResultInput, ("record_result",)),
    "return_result": (ReturnResultInput, ("return_result",)),
    "request_withdrawal": (OptionalReasonInput, ("request_withdrawal",)),
    "withdraw": (OptionalReasonInput, ("withdraw",)),
    "cancel": (ReasonInput, ("cancel",)),
    "locate_papers": (LocatePapersInput, ("locate_papers",)),
}

_DOSSIER_ARGUMENTS = ("dossier", "dossier_code")


# --- The registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AvailableAction:
    name: str
    input: type[serializers.Serializer]
    service: Callable
    dossier_argument: str
    # None: the service takes **kwargs, so it gets every input field.
    accepted: frozenset | None = field(default=None)

    def run(self, *, actor, dossier, data: dict):
        target = dossier if self.dossier_argument == "dossier" else dossier.code
        given = {k: v for k, v in data.items() if self.accepted is None or k in self.accepted}
        return self.service(actor=actor, **{self.dossier_argument: target}, **given)


def _always_supplied(input_class) -> set[str]:
    return {
        name for name, f in input_class().fields.items() if f.required or f.default is not empty
    }


def check_signature(name, input_class, function) -> tuple[AvailableAction | None, str]:
    """The action if `function` can be called from `input_class`'s data, else why not."""
    parameters = inspect.signature(function).parameters
    kinds = {p.kind for p in parameters.values()}
    takes_any = inspect.Parameter.VAR_KEYWORD in kinds
    dossier_argument = next((a for a in _DOSSIER_ARGUMENTS if a in parameters), None)
    if "actor" not in parameters or dossier_argument is None:
        return None, "it does not take actor= and dossier= (or dossier_code=)"
    supplied = {"actor", dossier_argument, *_always_supplied(input_class)}
    required = {
        n
        for n, p in parameters.items()
        if p.default is inspect.Parameter.empty
        and p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    }
    if missing := sorted(required - supplied):
        return None, f"{input_class.__name__} does not always supply {', '.join(missing)}"
    accepted = None if takes_any else frozenset(parameters)
    ignored = sorted(set(input_class().fields) - (accepted or set(input_class().fields)))
    if ignored:
        logger.warning("Action %s: the service ignores the fields %s.", name, ", ".join(ignored))
    return AvailableAction(name, input_class, function, dossier_argument, accepted), ""


def _import(module_name: str):
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:  # the module exists but is broken: say so loudly
            raise
        return None


def build_registry(modules) -> tuple[dict[str, AvailableAction], dict[str, str]]:
    """(available actions, {action: why its service was found but left out})."""
    available: dict[str, AvailableAction] = {}
    unavailable: dict[str, str] = {}
    for action, (input_class, names) in CANDIDATES.items():
        function = next(
            (
                getattr(module, n)
                for module in modules
                for n in names
                if callable(getattr(module, n, None))
            ),
            None,
        )
        if function is None:
            continue
        spec, reason = check_signature(action, input_class, function)
        if spec is None:
            logger.warning("Action %s is not offered by the API: %s.", action, reason)
            unavailable[action] = reason
        else:
            available[action] = spec
    return available, unavailable


ACTIONS, UNAVAILABLE = build_registry(
    [m for m in (_import(name) for name in SERVICE_MODULES) if m is not None]
)
