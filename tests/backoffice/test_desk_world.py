"""What the desk's tests share (no tests of its own): the processing world of
tests/dossiers/test_processing_world.py (received at commune A, decided by commune B), dossiers
brought to a given point of their life through the real services, and small readers.

Each test module declares its own `world` fixture calling `build_world`.
"""

import time_machine

from dossiers.test_processing_world import MONDAY_9, at, build_world, fresh, receive
from motcua.dossiers.models import DossierStep
from motcua.dossiers.services import assign, complete_step, route

__all__ = ["MONDAY_9", "at", "build_world", "fresh", "receive"]


def desk_url(dossier) -> str:
    return f"/can-bo/ho-so/{dossier.code}/"


def action_url(dossier, action: str) -> str:
    return f"/can-bo/ho-so/{dossier.code}/thao-tac/{action}/"


def routed(world, **kwargs):
    dossier = receive(world, **kwargs)
    return route(actor=world["officer"], dossier=dossier, at=at(2, 10))


def in_progress(world, **kwargs):
    """Routed and assigned to the specialist: the appraisal step runs in commune B."""
    dossier = routed(world, **kwargs)
    return assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10, 30)
    )


def running_step(dossier) -> DossierStep:
    return dossier.steps.filter(status="in_progress").order_by("order", "id").first()


def appraised_and_approved(world):
    """In progress with every step but the counter's return done: ready for the result."""
    dossier = in_progress(world)
    for hour in (11, 14):
        complete_step(
            actor=world["leader"], dossier=dossier, step=running_step(dossier), at=at(2, hour)
        )
    return fresh(dossier)


def page_of(response) -> str:
    return response.content.decode()


def pinned(moment):
    """The clock of a request made from a test (the views take no `at`)."""
    return time_machine.travel(moment, tick=False)
