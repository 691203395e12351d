"""What the tests of the paper desks share (no tests of its own): the processing world of
tests/dossiers (commune A's point receives, commune B decides) plus the people each page is
checked for, and dossiers brought to the states the pages list through the real services.

Each module declares its own `world` fixture calling `paper_world`.
"""

from dossiers.test_processing_world import at, build_world, fresh, receive
from factories.accounts import CitizenFactory, StaffUserFactory
from factories.organizations import MembershipFactory
from motcua.dossiers.models import DossierStep
from motcua.dossiers.services.processing import assign, complete_step, record_result, route
from motcua.organizations.models import Role

__all__ = ["at", "fresh", "in_progress", "paper_world", "receive", "result_ready"]


def paper_world(settings, city) -> dict:
    world = build_world(settings, city)
    supervisor = StaffUserFactory()
    MembershipFactory(user=supervisor, unit=city, role=Role.SUPERVISOR)
    leader_a = StaffUserFactory()
    MembershipFactory(user=leader_a, unit=world["commune_a"], role=Role.UNIT_LEADER)
    world.update(supervisor=supervisor, leader_a=leader_a, citizen=CitizenFactory())
    return world


def in_progress(world, **kwargs):
    """Received Monday 2/3 09:00 at point A (due Thursday 5/3 09:00), routed, assigned."""
    dossier = route(actor=world["officer"], dossier=receive(world, **kwargs), at=at(2, 10))
    return assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10, 30)
    )


def result_ready(world, **kwargs):
    """Appraised and approved Tuesday morning; the result is recorded at 11:30."""
    dossier = in_progress(world, **kwargs)
    for order, who, hour in ((2, "specialist", 9), (3, "leader", 11)):
        step = DossierStep.objects.get(dossier=dossier, order=order)
        complete_step(actor=world[who], dossier=dossier, step=step, at=at(3, hour))
    record_result(actor=world["leader"], dossier=dossier, granted=True, at=at(3, 11, 30))
    return fresh(dossier)
