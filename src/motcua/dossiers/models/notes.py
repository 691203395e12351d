"""Internal notes on a dossier: what staff tell each other while handling it ("the applicant
called, the land map follows on Monday"). Never shown to the applicant, never in the public
lookup, never sent anywhere.

Notes are append-only, like the history: a note once written is never edited or deleted; a
correction is a new note that says so. Each note gets an audit record (services/notes.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models.append_only import AppendOnly
from motcua.dossiers.models.dossier import Dossier

#: Long enough for a telephone call's summary, short enough to stay a note.
NOTE_MAX_LENGTH = 2000


class InternalNoteQuerySet(models.QuerySet):
    """Bulk writes would bypass the row guard of AppendOnly: refuse them too."""

    def update(self, **kwargs):
        raise ValueError("Internal notes are never changed; add a new note instead.")

    def delete(self):
        raise ValueError("Internal notes are never deleted.")


class InternalNote(AppendOnly, models.Model):
    append_only_name = "Internal notes"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="internal_notes", verbose_name=_("dossier")
    )
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    # The author's name as it was when the note was written (names change, notes do not).
    author_label = models.CharField(_("author (as shown then)"), max_length=255)
    written_at = models.DateTimeField(_("written at"))

    objects = InternalNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["dossier", "written_at", "id"]
        indexes = [models.Index(fields=["dossier", "written_at"], name="internal_note_dossier_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.text[:40]}"
