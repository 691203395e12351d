"""The reception checklist: one row per component of the procedure version, what the officer
ticked on it, and the scans uploaded for it.

The checklist is a plain part of the counter form, named per component (`c-<id>-given`,
`c-<id>-form`, `c-<id>-quantity`, `c-<id>-note`, `c-<id>-reuse`, `c-<id>-scan`), so that it can
be rendered again from whatever was posted — after an error, or when the applicant's identity
changes and the warehouse offers are read again — without losing a tick or a scan.

A scan is uploaded on its own, before the outcome (uploads.py); what comes back is a signed
token naming the stored content, the officer and the component. The token is checked when the
dossier is written, so a posted token can never attach content someone else uploaded.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _

from motcua.dossiers.models import PaperForm
from motcua.dossiers.services.reception import ComponentHandedIn

SCAN_SALT = "motcua.counter.scan"
#: A scan waits at most this long for its dossier (a working day and then some).
SCAN_MAX_AGE = 60 * 60 * 12
MAX_QUANTITY = 999


@dataclass(frozen=True)
class Scan:
    """A stored, checked upload waiting to be attached to a paper of the new dossier."""

    sha256: str
    name: str
    size: int
    token: str


def sign_scan(*, user, component_id: int, sha256: str, name: str, size: int) -> Scan:
    token = signing.dumps(
        {"u": user.pk, "c": component_id, "h": sha256, "n": name, "s": size}, salt=SCAN_SALT
    )
    return Scan(sha256=sha256, name=name, size=size, token=token)


def read_scan(token: str, *, user, component_id: int) -> Scan | None:
    """The scan a token names, or None when it is forged, expired, another officer's, or
    made for another component."""
    try:
        data = signing.loads(token, salt=SCAN_SALT, max_age=SCAN_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk or data.get("c") != component_id:
        return None
    return Scan(sha256=data["h"], name=data["n"], size=data["s"], token=token)


@dataclass
class Row:
    """One component of the checklist as the officer sees and fills it."""

    component: object
    given: bool = False
    form: str = PaperForm.ORIGINAL
    quantity: int = 1
    note: str = ""
    offer: object = None  # a WarehouseDocument that can replace the paper
    reuse: bool = False
    scan: Scan | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"c-{self.component.pk}"

    @property
    def handed_in(self) -> bool:
        """The paper is on file: handed in, or replaced by a document of the warehouse."""
        return self.given or self.reuse


def default_form(component) -> str:
    return PaperForm.ORIGINAL if component.originals else PaperForm.COPY


def default_quantity(component) -> int:
    return max(1, component.originals or component.copies or 1)


def build_rows(
    version, data, *, user, offers=(), fresh: bool = False, refresh: bool = False
) -> list[Row]:
    """The rows of `version`'s checklist: from the posted `data` (a QueryDict), or, when
    `fresh`, the defaults (nothing ticked yet, the warehouse offer chosen where there is one).
    On a `refresh` (the applicant changed, the offers were read again) an offer the officer
    has not seen yet is chosen too; on the final post only what the officer left ticked is."""
    offered = {offer.component.pk: offer.document for offer in offers}
    rows = []
    for component in version.components.all():
        row = Row(
            component=component,
            form=default_form(component),
            quantity=default_quantity(component),
            offer=offered.get(component.pk),
        )
        prefix = row.prefix
        if fresh:
            row.reuse = row.offer is not None
            rows.append(row)
            continue
        row.given = data.get(f"{prefix}-given") == "on"
        # NUL never belongs in a note, and PostgreSQL refuses it in text.
        row.note = (data.get(f"{prefix}-note") or "").replace("\x00", "").strip()[:1000]
        form = data.get(f"{prefix}-form") or row.form
        if form in PaperForm.values:
            row.form = form
        else:
            row.errors.append(
                _("Choose whether the paper is an original, a certified copy or a copy.")
            )
        quantity = (data.get(f"{prefix}-quantity") or "").strip()
        if quantity:
            if quantity.isdigit() and 1 <= int(quantity) <= MAX_QUANTITY:
                row.quantity = int(quantity)
            else:
                row.errors.append(
                    _("The number of sets must be a whole number from 1 to %(max)s.")
                    % {"max": MAX_QUANTITY}
                )
        chosen = (data.get(f"{prefix}-reuse") or "").strip()
        row.reuse = bool(chosen) and row.offer is not None and str(row.offer.uuid) == chosen
        if refresh and row.offer is not None:
            row.reuse = row.reuse or data.get(f"{prefix}-offered") != str(row.offer.uuid)
        token = data.get(f"{prefix}-scan") or ""
        if token:
            row.scan = read_scan(token, user=user, component_id=component.pk)
            if row.scan is None:
                row.errors.append(_("The scan of this paper has expired: scan it again."))
        rows.append(row)
    return rows


def handed_in(rows: list[Row]) -> tuple[ComponentHandedIn, ...]:
    """What the dossier records: each paper on file, with the warehouse document it reuses.
    A paper is marked digitised when its scan is attached (documents.attach_file), never
    before: "digitised" means a file exists."""
    return tuple(
        ComponentHandedIn(
            component_id=row.component.pk,
            form=row.form,
            quantity=row.quantity,
            reused_document_id=str(row.offer.uuid) if row.reuse else None,
        )
        for row in rows
        if row.handed_in
    )


def row_errors(rows: list[Row]) -> list[str]:
    return [f"{row.component.name}: {error}" for row in rows for error in row.errors]
