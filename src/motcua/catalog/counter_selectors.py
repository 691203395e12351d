"""Reads the counter needs about the catalogue: the version in force of a procedure named by
its national code, with what the reception checklist shows (components in their printed order,
the counter channel's fees), and the units that may be chosen as the competent unit."""

import datetime

from django.db.models import Prefetch

from motcua.catalog.models import AgencyRole, ChannelOffer, Component, Procedure, ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.organizations.models import Unit


def version_for_counter(code: str, on: datetime.date) -> ProcedureVersion | None:
    """The version of procedure `code` in force on `on`, with its components (ordered as the
    procedure lists them) and its channel offers with their fees; None when there is none."""
    code = (code or "").strip()
    if not code or len(code) > Procedure._meta.get_field("code").max_length or "\x00" in code:
        return None
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        return None
    version = version_in_force(procedure, on=on)
    if version is None:
        return None
    return (
        ProcedureVersion.objects.filter(pk=version.pk)
        .select_related("procedure", "field")
        .prefetch_related(
            Prefetch("components", queryset=Component.objects.order_by("case", "order", "id")),
            Prefetch("channels", queryset=ChannelOffer.objects.prefetch_related("fees")),
        )
        .get()
    )


def counter_fees(version: ProcedureVersion) -> list:
    """The fees of the counter channel (what the receipt will list), in their order."""
    for offer in version.channels.all():
        if offer.channel == "counter":
            return sorted(offer.fees.all(), key=lambda fee: fee.pk)
    return []


def competent_candidates(version: ProcedureVersion) -> list[Unit]:
    """The units the officer may choose as competent: the fixed units the version names, and
    every active unit of a level it names (a commune procedure: every commune)."""
    units: dict[int, Unit] = {}
    for agency in version.agencies.filter(role=AgencyRole.COMPETENT).select_related("unit"):
        if agency.unit_id and agency.unit.dissolved_on is None:
            units[agency.unit.pk] = agency.unit
        elif agency.unit_level:
            for unit in Unit.objects.filter(level=agency.unit_level, dissolved_on__isnull=True):
                units.setdefault(unit.pk, unit)
    return sorted(units.values(), key=lambda unit: unit.name)
