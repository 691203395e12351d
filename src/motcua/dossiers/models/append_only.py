"""Rows that are only ever added (a dossier's history, where its papers went): a correction is
a new row, never a change to an old one (ARCHITECTURE: never overwrite a dossier's history)."""


class AppendOnly:
    """Mixin for a model whose rows are written once. `append_only_name` names the rows in the
    refusal, e.g. "History entries"."""

    append_only_name = "These rows"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self.append_only_name} are never changed; add a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self.append_only_name} are never deleted.")
