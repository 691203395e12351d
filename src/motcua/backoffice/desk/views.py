"""The dossier desk: the page a specialist lives in. One GET for the page; one POST view per
action (the URL names the action) that calls the action's ONE service; one for notes; one
that serves the dossier's files to those who may see the dossier.

A refusal — bad input or the service's own — re-renders the page with the action's form open
and the reason beside it, nothing changed; a success goes back to the page (post/redirect/get)
with a message saying what was done.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.backoffice.access import refuse, staff_view, visible_dossier_or_404
from motcua.backoffice.desk import reading
from motcua.backoffice.desk.actions import DESK_ACTIONS, links_elsewhere, offered_actions
from motcua.backoffice.desk.forms import NoteForm
from motcua.backoffice.service_calls import add_to_form, attempt
from motcua.documents.models import ComponentFile, ResultFile
from motcua.documents.serving import file_response
from motcua.dossiers.notes_selectors import may_read_notes, notes_of
from motcua.dossiers.services.notes import add_note


def _dossier(request, reference: str):
    """The dossier this user may see, or 404 — also for text that is not a code at all."""
    return visible_dossier_or_404(request, reference)


def _desk_url(dossier, anchor: str = "") -> str:
    url = reverse("backoffice:dossier", args=[dossier.reference])
    return f"{url}#{anchor}" if anchor else url


def _render_desk(
    request, dossier, *, bound_action=None, bound_form=None, note_form=None, status=200
):
    offered = offered_actions(request.user, dossier)
    forms = []
    for index, action in enumerate(offered):
        if bound_action is not None and action.name == bound_action.name:
            form = bound_form
        else:
            form = action.form(dossier=dossier, user=request.user)
        is_open = action.name == bound_action.name if bound_action else index == 0
        forms.append({"action": action, "form": form, "open": is_open})
    if bound_action is not None and bound_action.name not in {a.name for a in offered}:
        # Refused by the service because it is not (or no longer) possible: still show why.
        forms.insert(0, {"action": bound_action, "form": bound_form, "open": True})
    lines, replaced_files, result_files = reading.papers(dossier)
    context = {
        "dossier": dossier,
        "national_status": reading.national_status(dossier),
        "actions": forms,
        "elsewhere": links_elsewhere(request.user, dossier),
        "timeline": reading.timeline(dossier),
        "history": reading.history(dossier),
        "papers": lines,
        "replaced_files": replaced_files,
        "result_files": result_files,
        "paper_location": reading.paper_location(dossier),
        "print_links": reading.print_links(dossier),
        "may_read_notes": may_read_notes(request.user, dossier),
        "notes": notes_of(request.user, dossier),
        "note_form": note_form or NoteForm(),
    }
    return render(request, "backoffice/desk/desk.html", context, status=status)


@staff_view
@require_GET
def dossier_desk(request, code: str):
    return _render_desk(request, _dossier(request, code))


@staff_view
@require_POST
def perform_action(request, code: str, action: str):
    dossier = _dossier(request, code)
    desk_action = DESK_ACTIONS.get(action)
    if desk_action is None:
        raise Http404(_("The desk has no such action."))
    form = desk_action.form(dossier=dossier, user=request.user, data=request.POST)
    if not form.is_valid():
        return _render_desk(request, dossier, bound_action=desk_action, bound_form=form, status=400)
    outcome = desk_action.run(form, actor=request.user, dossier=dossier)
    if not outcome.ok:
        add_to_form(form, outcome)
        dossier.refresh_from_db()
        return _render_desk(
            request,
            dossier,
            bound_action=desk_action,
            bound_form=form,
            status=403 if outcome.forbidden else 400,
        )
    messages.success(request, _("Done: %(action)s.") % {"action": desk_action.label})
    return redirect(_desk_url(dossier, "timeline"))


@staff_view
@require_POST
def write_note(request, code: str):
    dossier = _dossier(request, code)
    form = NoteForm(request.POST)
    if form.is_valid():
        outcome = attempt(
            add_note, actor=request.user, dossier=dossier, text=form.cleaned_data["text"]
        )
        if outcome.ok:
            messages.success(request, _("Note saved."))
            return redirect(_desk_url(dossier, "notes"))
        if outcome.forbidden:  # the notes are not on this user's desk: say why on its own page
            return refuse(request, " ".join(outcome.errors))
        add_to_form(form, outcome)
    return _render_desk(request, dossier, note_form=form, status=400)


@staff_view
@require_GET
def dossier_file(request, code: str, file_id):
    """A file of one of the dossier's papers or results: only for those who may see the
    dossier (404 otherwise, as for an unknown file). `?xem=1` shows an image or a PDF in the
    browser; anything else is downloaded."""
    dossier = _dossier(request, code)
    link = None
    for model in (ComponentFile, ResultFile):
        link = (
            model.objects.select_related("stored_file")
            .filter(dossier=dossier, uuid=file_id)
            .first()
        )
        if link is not None:
            break
    if link is None:
        raise Http404(_("This dossier has no such file."))
    return file_response(link.stored_file, name=link.name, preview=request.GET.get("xem") == "1")
