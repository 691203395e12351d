"""The actions the desk offers: for each action of the transition table that has a form here,
its form, the ONE service function it calls, and how the form's data becomes the service's
keyword arguments. What a user is offered is `available_actions(state, actors)` of the table,
intersected with this registry (ARCHITECTURE MUST 1-2: no transition is decided here).

Actions done elsewhere are links, not forms: returning the result is the returns desk's,
correcting a reception the counter's; reception outcomes belong to the counter and the
online inbox.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.desk import forms
from motcua.backoffice.service_calls import Outcome, attempt
from motcua.dossiers import services
from motcua.dossiers.models import PaperPlace
from motcua.dossiers.processing_rules import actors_for
from motcua.dossiers.services.processing import MissingItem
from motcua.dossiers.transitions import Action, Actor, available_actions


def _note(form) -> dict:
    return {"note": form.cleaned_data.get("note") or ""}


def _reason(form) -> dict:
    return {"reason": form.cleaned_data.get("reason") or ""}


@dataclass(frozen=True)
class DeskAction:
    name: str  # the transition table's Action
    form_class: type[forms.DeskForm]
    service: Callable
    arguments: Callable[[forms.DeskForm], dict]
    button: str
    #: The question asked before an irreversible action (data-confirm); None: asked nothing.
    confirm: str | None = None
    danger: bool = False
    hint: str = ""

    @property
    def label(self) -> str:
        return Action(self.name).label

    def form(self, *, dossier, user, data=None) -> forms.DeskForm:
        return self.form_class(data, dossier=dossier, user=user, action=self.name)

    def run(self, form, *, actor, dossier) -> Outcome:
        return attempt(self.service, actor=actor, dossier=dossier, **self.arguments(form))


def _insufficiency(form) -> dict:
    return {"items": [MissingItem(**item) for item in form.items()], **_note(form)}


def _payment(form) -> dict:
    return {"amount_vnd": form.cleaned_data.get("amount_vnd"), **_note(form)}


def _result(form) -> dict:
    data = form.cleaned_data
    return {
        "granted": data["granted"],
        "reason_code": "" if data["granted"] else data.get("reason_code") or "",
        "text": data.get("text") or "",
    }


def _location(form) -> dict:
    """Only the place's own detail goes on: the form shows both lists, pre-filled."""
    data = form.cleaned_data
    place = data["place"]
    return {
        "place": place,
        "point": data.get("point") if place == PaperPlace.POINT else None,
        "unit": data.get("unit") if place in (PaperPlace.UNIT, PaperPlace.ARCHIVED) else None,
        **_note(form),
    }


A = Action
DESK_ACTIONS: dict[str, DeskAction] = {
    a.name: a
    for a in (
        DeskAction(
            A.ROUTE,
            forms.NoteOnlyForm,
            services.route,
            _note,
            _("Send on"),
            hint=_("The dossier goes into its internal process at the competent unit."),
        ),
        DeskAction(
            A.ASSIGN,
            forms.AssignForm,
            services.assign,
            lambda f: {"handler": f.cleaned_data["handler"], **_note(f)},
            _("Assign"),
        ),
        DeskAction(
            A.COMPLETE_STEP,
            forms.CompleteStepForm,
            services.complete_step,
            lambda f: {"step": f.cleaned_data["step"], **_note(f)},
            _("Complete the step"),
            hint=_("The dossier then goes to the next step of its process."),
        ),
        DeskAction(
            A.CONSULT,
            forms.ConsultForm,
            services.consult,
            lambda f: {
                "units": list(f.cleaned_data["units"]),
                "allotted_hours": f.cleaned_data["allotted_hours"],
                **_note(f),
            },
            _("Ask for their opinion"),
        ),
        DeskAction(
            A.RETURN_INSUFFICIENT,
            forms.InsufficientForm,
            services.return_insufficient,
            _insufficiency,
            _("Return with Form 02"),
            confirm=_("Return the dossier to the applicant as insufficient? The clock stops."),
            hint=_("Only within 3 working days of reception; list every paper at once."),
        ),
        DeskAction(
            A.RECEIVE_SUPPLEMENT,
            forms.NoteOnlyForm,
            services.receive_supplement,
            _note,
            _("Receive the supplement"),
            hint=_("The legal time starts again in full from now."),
        ),
        DeskAction(
            A.REQUEST_PAYMENT,
            forms.PaymentForm,
            services.request_payment,
            _payment,
            _("Request payment"),
            hint=_("The clock stops until the obligation is met."),
        ),
        DeskAction(
            A.CONFIRM_PAYMENT,
            forms.NoteOnlyForm,
            services.confirm_payment,
            _note,
            _("Confirm payment"),
        ),
        DeskAction(
            A.RESCHEDULE,
            forms.RescheduleForm,
            services.reschedule,
            lambda f: {"new_due_at": f.new_due_at(), **_reason(f)},
            _("Issue Form 04 with the new date"),
            confirm=_("Issue the apology with this new date? A dossier is rescheduled only once."),
            hint=_("At least one working day before the due date, and only once."),
        ),
        DeskAction(
            A.RECORD_RESULT,
            forms.ResultForm,
            services.record_result,
            _result,
            _("Record the result"),
            confirm=_("Record this result? It cannot be changed afterwards."),
        ),
        DeskAction(
            A.REQUEST_WITHDRAWAL,
            forms.OptionalReasonForm,
            services.request_withdrawal,
            _reason,
            _("Ask to withdraw"),
            confirm=_("Ask to withdraw this dossier?"),
        ),
        DeskAction(
            A.WITHDRAW,
            forms.OptionalReasonForm,
            services.withdraw,
            _reason,
            _("Withdraw the dossier"),
            confirm=_("Withdraw this dossier at the applicant's request? This ends it."),
            danger=True,
        ),
        DeskAction(
            A.CANCEL,
            forms.ReasonForm,
            services.cancel,
            _reason,
            _("Cancel the dossier"),
            confirm=_("Cancel this dossier? This ends it and cannot be undone."),
            danger=True,
        ),
        DeskAction(
            A.LOCATE_PAPERS,
            forms.LocatePapersForm,
            services.locate_papers,
            _location,
            _("Record the place"),
        ),
    )
}

#: Which offered action is the obvious next one (opened first on the desk): the hand-offs
#: that move the dossier forward before the ones that stop or end it.
NEXT_FIRST = (
    A.ROUTE,
    A.COMPLETE_STEP,
    A.ASSIGN,
    A.RECEIVE_SUPPLEMENT,
    A.CONFIRM_PAYMENT,
    A.RECORD_RESULT,
)


def offered_actions(user, dossier) -> list[DeskAction]:
    """The actions the transition table allows this user on this dossier now, that the desk
    has a form for, the obvious next one first."""
    actors = set(actors_for(user, dossier))
    # A consulted agency's staff act on their own step: ask the table as that unit too.
    for step in forms.running_steps(dossier):
        actors |= actors_for(user, dossier, unit=step.unit) - {Actor.RECEPTION_OFFICER}
    allowed = [name for name in available_actions(dossier.status, actors) if name in DESK_ACTIONS]
    rank = {name: index for index, name in enumerate(NEXT_FIRST)}
    allowed.sort(key=lambda name: rank.get(name, len(rank)))
    return [DESK_ACTIONS[name] for name in allowed]


def _url_or_none(name: str, *candidates) -> str | None:
    for args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


@dataclass(frozen=True)
class ElsewhereLink:
    label: str
    url: str


def links_elsewhere(user, dossier) -> list[ElsewhereLink]:
    """Actions of the table that other desks perform: returning the result (the returns desk)
    and correcting a reception (the counter), when this user may take them and the page
    exists."""
    allowed = set(available_actions(dossier.status, actors_for(user, dossier)))
    links = []
    if A.RETURN_RESULT in allowed:
        url = _url_or_none("backoffice:return_result", [dossier.code]) or _url_or_none(
            "backoffice:returns", []
        )
        if url:
            links.append(ElsewhereLink(str(_("Return the result at the returns desk")), url))
    if A.CORRECT in allowed:
        url = _url_or_none("backoffice:correct", [dossier.code], [])
        if url:
            links.append(ElsewhereLink(str(_("Correct the reception")), url))
    return links
