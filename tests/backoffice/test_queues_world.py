"""What the queue and inbox tests share (no tests of its own): the processing world of
tests/dossiers/test_processing_world.py — commune A's centre receives, commune B decides —
plus a supervisor, a second specialist of commune B (a successor), and helpers that bring
dossiers into the inbox and the queues through the real services."""

from dossiers.test_processing_world import MONDAY_9, _staff, at, build_world, fresh, receive
from factories.accounts import CitizenFactory
from motcua.dossiers.services import assign, route, submit_online
from motcua.dossiers.services.reception import ComponentHandedIn
from motcua.organizations.models import Role

__all__ = ["MONDAY_9", "assigned", "at", "fresh", "queue_world", "receive", "routed", "submit"]


def queue_world(settings, city) -> dict:
    world = build_world(settings, city)
    world["supervisor"] = _staff(Role.SUPERVISOR, city)
    world["specialist_2"] = _staff(Role.SPECIALIST, world["commune_b"])
    world["specialist"].full_name = "Nguyễn Thị Chuyên"
    world["specialist"].save(update_fields=["full_name"])
    return world


def submit(world, *, citizen=None, when=MONDAY_9, point=None):
    """An online dossier of `citizen` (a new one by default) addressed to commune A's point."""
    citizen = citizen or CitizenFactory()
    version = world["version"]
    required = [c for c in version.components.all() if c.required]
    return submit_online(
        actor=citizen,
        procedure_version=version,
        point=point or world["point"],
        form_data={},
        components=tuple(ComponentHandedIn(component_id=c.id) for c in required),
        applicant_area=world["area_b"],
        submitted_at=when,
    )


def routed(world, *, when=MONDAY_9, **overrides):
    dossier = receive(world, when=when, **overrides)
    return route(actor=world["officer"], dossier=dossier, at=when)


def assigned(world, *, handler=None, when=MONDAY_9, **overrides):
    dossier = routed(world, when=when, **overrides)
    return assign(
        actor=world["leader"], dossier=dossier, handler=handler or world["specialist"], at=when
    )
