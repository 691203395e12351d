"""Paper handovers (issue 7 §5, ADR 0006): the batches of my place, going out (prepare → add
dossiers → send) and coming in (receive, each dossier's papers accepted, with a discrepancy or
refused), the handover slip, and the 15:00 rule as a due time with its timeliness.

Every change is one call of dossiers.services.handover; a refusal comes back as messages on
the page, in the user's language, with nothing changed.
"""

from django.contrib import messages
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.backoffice import timeliness
from motcua.backoffice.access import refuse, staff_view
from motcua.backoffice.papers.forms import AddDossiersForm, NewBatchForm, ReceiveForm, SendForm
from motcua.backoffice.papers.places import chosen_place, papers_at, places_of
from motcua.backoffice.papers.printed import pdf_response
from motcua.backoffice.service_calls import Outcome, add_to_form, attempt
from motcua.dossiers import handover_selectors
from motcua.dossiers.models import BatchStatus
from motcua.dossiers.services import handover as services
from motcua.printing.services import print_handover_slip

#: How many batches each list of the page shows (the newest first).
LIST_SIZE = 30


def _summarised(batches):
    active = Q(items__removed_at__isnull=True)
    return batches.annotate(
        dossier_count=Count("items", filter=active),
        first_due_at=Min("items__handover_due_at", filter=active),
        late_count=Count("items", filter=active & Q(items__sent_on_time=False)),
    )


def _with_timeliness(batches) -> list:
    """Each batch being prepared carries the 15:00 rule's due time of its most urgent papers
    as a timeliness (on the calendar of the sending place's unit)."""
    rows = list(batches)
    for batch in rows:
        if batch.status == BatchStatus.CREATED:
            origin_unit = batch.from_point.agency if batch.from_point_id else batch.from_unit
            batch.timeliness = timeliness.of_due(batch.first_due_at, unit=origin_unit)
        else:
            batch.timeliness = None
    return rows


def _list_context(request, place, form=None) -> dict:
    user = request.user
    visible = _summarised(handover_selectors.batches_visible_to(user))
    open_statuses = [BatchStatus.CREATED, BatchStatus.SENT]
    outgoing = handover_selectors.filter_batches(
        visible, user, direction="outgoing", statuses=open_statuses
    )
    incoming = handover_selectors.filter_batches(
        visible, user, direction="incoming", statuses=[BatchStatus.SENT]
    )
    waiting = papers_at(place) if place else []
    for row in waiting:
        if row.handover_due_at:
            row.timeliness = timeliness.of_due(row.handover_due_at, unit=place.agency)
    free_codes = [row.dossier.code for row in waiting if not row.in_batch]
    if form is None and place is not None:
        form = NewBatchForm(
            waiting_codes=free_codes,
            origin=place,
            initial={
                "dossiers": [
                    r.dossier.code for r in waiting if r.handover_due_at and not r.in_batch
                ]
            },
        )
    return {
        "places": places_of(user),
        "place": place,
        "waiting": waiting,
        "form": form,
        "outgoing": _with_timeliness(outgoing.order_by("-created_at", "-id")[:LIST_SIZE]),
        "incoming": _with_timeliness(incoming.order_by("sent_at", "id")[:LIST_SIZE]),
        "recent": _with_timeliness(
            visible.filter(status=BatchStatus.RECEIVED).order_by("-received_at", "-id")[:LIST_SIZE]
        ),
    }


@staff_view
def handover_list(request):
    """GET: my place's papers and batches; POST: prepare a new batch from that place."""
    places = places_of(request.user)
    place = chosen_place(places, request.POST.get("noi") or request.GET.get("noi", ""))
    if request.method != "POST":
        return render(request, "backoffice/papers/handovers.html", _list_context(request, place))
    if place is None:
        return refuse(request, _("You carry papers at no service point or unit."))
    codes = [row.dossier.code for row in papers_at(place) if not row.in_batch]
    form = NewBatchForm(
        request.POST,
        waiting_codes=codes,
        origin=place,
    )
    if form.is_valid():
        outcome = attempt(
            services.create_batch,
            actor=request.user,
            dossiers=form.cleaned_data["dossiers"],
            note=form.cleaned_data["note"],
            **form.cleaned_data["destination"],
            **place.as_sender(),
        )
        if outcome.ok:
            messages.success(
                request,
                _("Handover batch %(number)s is prepared. Check its dossiers, then send it.")
                % {"number": outcome.result.number},
            )
            return redirect("backoffice:handover_batch", number=outcome.result.number)
        add_to_form(form, outcome)
    context = _list_context(request, place, form=form)
    return render(request, "backoffice/papers/handovers.html", context, status=400)


def _batch_or_404(request, number: str):
    batch = handover_selectors.visible_batch(request.user, number)
    if batch is None:
        raise Http404(_("No handover batch has this number."))
    return batch


def _detail_context(request, batch, **forms) -> dict:
    items = list(handover_selectors.items_of(batch))
    allowed = services.may_carry_papers_for(request.user, batch)
    origin_unit = batch.from_point.agency if batch.from_point_id else batch.from_unit
    for item in items:
        item.timeliness = (
            timeliness.of_due(item.handover_due_at, unit=origin_unit)
            if batch.status == BatchStatus.CREATED
            else None
        )
    codes = [item.dossier.code for item in items]
    return {
        "batch": batch,
        "items": items,
        "may_send": allowed["send"],
        "may_receive": allowed["receive"],
        "add_form": forms.get("add_form") or AddDossiersForm(),
        "send_form": forms.get("send_form") or SendForm(),
        "receive_form": forms.get("receive_form") or ReceiveForm(codes=codes),
        "errors": forms.get("errors", []),
    }


@require_GET
@staff_view
def batch_detail(request, number):
    batch = _batch_or_404(request, number)
    return render(request, "backoffice/papers/batch.html", _detail_context(request, batch))


def _after(request, batch, outcome: Outcome, success: str, **forms):
    """Back to the batch with the news, or the batch page again with the refusal (400, or 403
    when the user may not do this)."""
    if outcome.ok:
        messages.success(request, success)
        return redirect("backoffice:handover_batch", number=batch.number)
    batch = _batch_or_404(request, batch.number)
    context = _detail_context(request, batch, errors=outcome.all_messages, **forms)
    status = 403 if outcome.forbidden else 400
    return render(request, "backoffice/papers/batch.html", context, status=status)


@require_POST
@staff_view
def batch_add(request, number):
    batch = _batch_or_404(request, number)
    form = AddDossiersForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, batch, add_form=form)
        return render(request, "backoffice/papers/batch.html", context, status=400)
    outcome = attempt(
        services.add_to_batch, actor=request.user, batch=batch, dossiers=form.cleaned_data["codes"]
    )
    return _after(
        request,
        batch,
        outcome,
        _("Added to batch %(number)s: %(codes)s.")
        % {"number": batch.number, "codes": ", ".join(form.cleaned_data["codes"])},
        add_form=form,
    )


@require_POST
@staff_view
def batch_remove(request, number):
    batch = _batch_or_404(request, number)
    code = request.POST.get("code", "").strip().upper()[:40]
    outcome = attempt(services.remove_from_batch, actor=request.user, batch=batch, dossiers=[code])
    return _after(
        request,
        batch,
        outcome,
        _("%(code)s was taken out of batch %(number)s.") % {"code": code, "number": batch.number},
    )


@require_POST
@staff_view
def batch_send(request, number):
    batch = _batch_or_404(request, number)
    form = SendForm(request.POST)
    form.is_valid()
    outcome = attempt(
        services.send_batch,
        actor=request.user,
        batch=batch,
        note=form.cleaned_data.get("note", ""),
    )
    return _after(
        request,
        batch,
        outcome,
        _("Batch %(number)s is sent: its papers are in transit to %(place)s.")
        % {"number": batch.number, "place": batch.destination.name},
        send_form=form,
    )


@require_POST
@staff_view
def batch_receive(request, number):
    batch = _batch_or_404(request, number)
    codes = [item.dossier.code for item in handover_selectors.items_of(batch)]
    form = ReceiveForm(request.POST, codes=codes)
    if not form.is_valid():
        context = _detail_context(request, batch, receive_form=form)
        return render(request, "backoffice/papers/batch.html", context, status=400)
    outcome = attempt(
        services.receive_batch,
        actor=request.user,
        batch=batch,
        items=form.receipts(),
        note=form.cleaned_data["receipt_note"],
    )
    return _after(
        request,
        batch,
        outcome,
        _("Batch %(number)s is received; its papers are recorded at %(place)s.")
        % {"number": batch.number, "place": batch.destination.name},
        receive_form=form,
    )


@require_GET
@staff_view
def batch_slip(request, number):
    batch = _batch_or_404(request, number)
    return pdf_response(print_handover_slip(actor=request.user, batch=batch))
