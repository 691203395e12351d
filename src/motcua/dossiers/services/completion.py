"""Receiving a dossier that waited at its point: one submitted online, or one recorded at the
counter with a Form 02 whose missing papers the citizen now brings back in person.

At the counter the citizen does not "resubmit" (that is the online owner's action): the officer
takes the papers, puts them in place of what was on file, checks that nothing required is
missing any more and issues the receipt — the code and the clock start now (DOMAIN §3.2: the
time counts from the day the dossier is complete). Both kinds share one action, `receive`, so a
screen or client needs to know only that a waiting dossier is received.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import GroupMember
from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.services.online import fulfil_reception_request, replace_components
from motcua.dossiers.services.reception import (
    ComponentHandedIn,
    accept,
    check_components,
    check_version_at_point,
    competent_or_error,
    competent_unit_for,
    next_state,
    receive_online,
)
from motcua.dossiers.transitions import Action
from motcua.organizations.models import Unit
from motcua.policy import check as check_permission


def group_unit_for(dossier: Dossier) -> Unit | None:
    """The agency an inter-agency group's catalogue names for this dossier's procedure."""
    if dossier.group_id is None:
        return None
    member = (
        GroupMember.objects.filter(
            group_id=dossier.group.procedure_group_id,
            procedure_id=dossier.procedure_version.procedure_id,
        )
        .select_related("unit")
        .first()
    )
    return member.unit if member is not None else None


def _on_file(dossier: Dossier) -> list[ComponentHandedIn]:
    return [
        ComponentHandedIn(component_id=component_id)
        for component_id in dossier.components.exclude(component__isnull=True).values_list(
            "component_id", flat=True
        )
    ]


@transaction.atomic
def receive_completed(
    *,
    actor,
    dossier: Dossier,
    components: tuple[ComponentHandedIn, ...] = (),
    competent_unit: Unit | None = None,
    received_at=None,
) -> Dossier:
    """Accept a counter dossier whose Form 02 papers the citizen brought: the papers replace
    what was on file, every required one must now be there, then the receipt (Form 01)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    check_permission(actor, "dossiers.decide_at_reception", dossier)
    next_state(Action.RECEIVE, dossier.status)
    received_at = received_at or timezone.now()
    version = dossier.procedure_version
    check_version_at_point(version, dossier.receiving_point, received_at)
    check_components(version, components, complete=False)
    changed, before, after = replace_components(dossier, components, online=False)
    check_components(version, _on_file(dossier))
    fulfil_reception_request(dossier, at=received_at)
    if any(c.digitised for c in components):
        dossier.has_digitised_components = True
    competent = competent_or_error(
        competent_unit
        or group_unit_for(dossier)
        or competent_unit_for(version, dossier.applicant_area)
    )
    return accept(
        dossier=dossier,
        actor=actor,
        point=dossier.receiving_point,
        received_at=received_at,
        clock_start=received_at,
        competent=competent,
        details={"changed_components": changed, "before": before, "after": after},
    )


def receive_pending(
    *,
    actor,
    dossier: Dossier,
    competent_unit: Unit | None = None,
    components: tuple[ComponentHandedIn, ...] = (),
    received_at=None,
) -> Dossier:
    """Receive a waiting dossier: online ones as submitted (their papers are the applicant's
    to send), counter ones with the papers brought back."""
    if dossier.channel == DossierChannel.ONLINE:
        if components:
            raise ValidationError(
                {
                    "components": _(
                        "The papers of an online dossier are sent by the applicant; receive it "
                        "as submitted or ask for papers (Form 02)."
                    )
                }
            )
        return receive_online(
            actor=actor,
            dossier=dossier,
            competent_unit=competent_unit or group_unit_for(dossier),
            received_at=received_at,
        )
    return receive_completed(
        actor=actor,
        dossier=dossier,
        components=components,
        competent_unit=competent_unit,
        received_at=received_at,
    )
