"""What the documents app adds to the dossier services (motcua.dossiers.signals), inside
their transactions: reuse and figures when papers are recorded, the data warehouse at
reception and when the result is returned."""

from django.dispatch import receiver

from motcua.documents import services
from motcua.dossiers.signals import components_saved, dossier_received, result_returned


@receiver(components_saved, dispatch_uid="documents.components_saved")
def papers_recorded(sender, *, dossier, handed_in, rows, first=False, **kwargs) -> None:
    services.apply_reuse(dossier=dossier, handed_in=handed_in, rows=rows)
    # A new dossier's papers are exactly these rows: counted here, without a query.
    services.refresh_figures(dossier, papers_on_file=rows if first else None)


@receiver(dossier_received, dispatch_uid="documents.dossier_received")
def dossier_received_here(sender, *, dossier, actor=None, at=None, **kwargs) -> None:
    services.capture_received(dossier=dossier, actor=actor)


@receiver(result_returned, dispatch_uid="documents.result_returned")
def result_returned_here(sender, *, dossier, actor=None, at=None, **kwargs) -> None:
    services.capture_results(dossier=dossier, at=at, actor=actor)
