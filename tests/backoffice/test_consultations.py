"""Rule (issue 7 §3, DOMAIN inter-agency steps): a consulted agency finds the opinions asked of
it in its unit queue — the running steps of other units' dossiers that are its to do — and
nothing of the dossiers' own queues of other units."""

import pytest

from dossiers.test_processing_world import MONDAY_9, at, build_world, inter_agency_version, receive
from motcua.dossiers.models import DossierStep
from motcua.dossiers.services import assign, complete_step, route
from motcua.dossiers.work_selectors import consultations_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulting(settings, city):
    world = build_world(settings, city)
    version = inter_agency_version(world)
    dossier = receive(world, version=version, when=MONDAY_9)
    route(actor=world["officer"], dossier=dossier, at=MONDAY_9)
    assign(actor=world["leader"], dossier=dossier, handler=world["specialist"], at=MONDAY_9)
    appraisal = DossierStep.objects.get(dossier=dossier, name="Thẩm định hồ sơ")
    complete_step(actor=world["specialist"], dossier=dossier, step=appraisal, at=at(3, 10))
    return world, dossier


def test_the_consulted_units_see_their_running_step(consulting):
    world, _ = consulting
    assert [s.name for s in consultations_for(world["tax"])] == ["Xác định nghĩa vụ thuế"]
    assert [s.name for s in consultations_for(world["police"])] == ["Xác minh cư trú"]


def test_the_competent_units_own_steps_are_not_consultations(consulting):
    world, _ = consulting
    assert not consultations_for(world["commune_b"]).exists()


def test_a_completed_consultation_leaves_the_list(consulting):
    world, dossier = consulting
    step = DossierStep.objects.get(dossier=dossier, name="Xác định nghĩa vụ thuế")
    complete_step(actor=world["tax_specialist"], dossier=dossier, step=step, at=at(4, 10))
    assert not consultations_for(world["tax"]).exists()


def test_the_unit_queue_page_lists_them_for_the_consulted_specialist(consulting, client):
    world, dossier = consulting
    client.force_login(world["tax_specialist"])
    page = client.get("/can-bo/hang-doi/").content.decode()
    assert "Các cơ quan khác xin ý kiến đơn vị" in page
    assert dossier.code in page and "Xác định nghĩa vụ thuế" in page
    client.force_login(world["outsider"])  # another unit: nothing of it
    assert dossier.code not in client.get("/can-bo/hang-doi/").content.decode()
