"""Writing an internal note on a dossier (models/notes.py): staff only, append-only, audited.

A note changes no state, so it has no history entry (the history is what the applicant and
the portal may see) and no outbox event (nothing is sent): only the note and its audit record,
in one transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.audit.services import record
from motcua.dossiers.models import Dossier, InternalNote
from motcua.dossiers.models.notes import NOTE_MAX_LENGTH
from motcua.dossiers.notes_selectors import may_read_notes
from motcua.dossiers.services.acting import now_or


@transaction.atomic
def add_note(*, actor, dossier: Dossier, text: str, at=None) -> InternalNote:
    """Add a note; whoever may read the dossier's notes may write one."""
    if not may_read_notes(actor, dossier):
        raise PermissionDenied(_("Only staff handling this dossier may write notes on it."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note before saving it.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("A note may have at most %(limit)s characters; this one has %(n)s.")
                % {"limit": NOTE_MAX_LENGTH, "n": len(text)}
            }
        )
    note = InternalNote.objects.create(
        dossier=dossier,
        text=text,
        author=actor,
        author_label=str(actor)[:255],
        written_at=now_or(at),
    )
    record(
        actor=actor,
        action="dossiers.add_note",
        obj=dossier,
        changes={"note": str(note.uuid), "text": text},
    )
    return note
