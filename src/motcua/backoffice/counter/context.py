"""What the counter page and its htmx parts show about the chosen procedure: the version in
force today, the checklist rows with the warehouse's reuse offers, the counter fees and the
competent unit the rules choose. One place, so the full page and each part agree."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from motcua.backoffice.counter.checklist import Row, build_rows
from motcua.backoffice.counter.forms import check_identity
from motcua.catalog.counter_selectors import (
    competent_candidates,
    counter_fees,
    version_for_counter,
)
from motcua.documents.selectors import reuse_offers
from motcua.dossiers.codes import reception_day
from motcua.dossiers.services.reception import competent_unit_for
from motcua.organizations.models import AdministrativeArea
from motcua.policy import can


@dataclass
class ChosenProcedure:
    version: object
    rows: list[Row] = field(default_factory=list)
    fees: list = field(default_factory=list)
    candidates: list = field(default_factory=list)

    @property
    def fee_lines(self) -> list[tuple[str, str]]:
        return [(fee.name, vnd(fee.amount_vnd)) for fee in self.fees]

    @property
    def total_fee(self) -> str:
        return vnd(sum(fee.amount_vnd for fee in self.fees))


def vnd(amount: int) -> str:
    """8000 → "8.000 đ": Vietnamese groups thousands with dots (Django's vi format does not)."""
    return f"{amount:,}".replace(",", ".") + " đ"


def today():
    return reception_day(timezone.now())


def valid_identity(data) -> tuple[str, str] | None:
    """(kind, number) when the posted ID number is well formed, else None."""
    kind = data.get("applicant_identity_kind") or "cccd"
    try:
        return kind, check_identity(kind, data.get("applicant_identity_number") or "")
    except ValidationError:  # a malformed number simply has no offers
        return None


def offers_for(user, version, data) -> list:
    """The warehouse documents that can replace papers of `version` for the applicant the
    form names (the officer may read a warehouse only as the policy allows)."""
    identity = valid_identity(data)
    if identity is None or not can(user, "documents.view_warehouse", identity):
        return []
    return reuse_offers(identity[0], identity[1], version, on=today())


def chosen_procedure(
    user, code: str, data, *, fresh: bool = False, refresh: bool = False
) -> ChosenProcedure | None:
    version = version_for_counter(code, today())
    if version is None:
        return None
    offers = offers_for(user, version, data)
    return ChosenProcedure(
        version=version,
        rows=build_rows(version, data, user=user, offers=offers, fresh=fresh, refresh=refresh),
        fees=counter_fees(version),
        candidates=competent_candidates(version),
    )


@dataclass(frozen=True)
class RulesChoice:
    """The competent unit the rules choose, and why: the procedure names it ("procedure"), or
    it is the unit of its level in the applicant's commune ("area"); no unit: the officer
    must choose."""

    unit: object = None
    source: str = ""


def unit_by_rules(version, area_id) -> RulesChoice:
    fixed = competent_unit_for(version, None)
    if fixed is not None:
        return RulesChoice(fixed, "procedure")
    area = None
    if area_id and str(area_id).isdigit():
        area = AdministrativeArea.objects.filter(pk=int(area_id)).first()
    unit = competent_unit_for(version, area)
    return RulesChoice(unit, "area" if unit else "")
