"""Rule of the report figures (issue 6 §5): per dossier, the papers on file, digitised and
reused, and the results issued electronically are STORED by the services that change them, and
always equal a recount from the rows — reports read them without recomputing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import samples
from documents.world import at, documents_world, paper, receive
from motcua.documents import selectors, services
from motcua.documents.models import DossierFigures, WarehouseDocument
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.online import resubmit, submit_online
from motcua.dossiers.services.outcomes import ItemToSupplement, request_completion
from motcua.dossiers.services.reception import ComponentHandedIn, receive_online

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return documents_world(settings, city)


def stored(dossier) -> dict:
    figures = DossierFigures.objects.get(dossier=dossier)
    return {
        "components_required": figures.components_required,
        "components_digitised": figures.components_digitised,
        "components_reused": figures.components_reused,
        "results_electronic": figures.results_electronic,
    }


def assert_matches_recount(*dossiers):
    for dossier in dossiers:
        assert stored(dossier) == selectors.recount_figures(dossier), dossier


def test_the_stored_figures_equal_a_recount_through_a_dossiers_life(world):
    first, second = world["version"].components.order_by("order")
    handed = (
        ComponentHandedIn(component_id=first.id),
        ComponentHandedIn(component_id=second.id, digitised=True),
    )
    one = receive(world, components=handed)
    assert stored(one) == {
        "components_required": 2,
        "components_digitised": 1,
        "components_reused": 0,
        "results_electronic": 0,
    }
    services.attach_file(
        actor=world["officer"],
        dossier=one,
        submitted_component=paper(one, 1),
        upload=SimpleUploadedFile("a.pdf", samples.pdf()),
    )
    assert stored(one)["components_digitised"] == 2
    document = WarehouseDocument.objects.get()

    needed = world["second_version"].components.get(order=1)
    two = receive(
        world,
        when=at(3, 9),
        version=world["second_version"],
        components=(
            ComponentHandedIn(component_id=needed.id, reused_document_id=str(document.uuid)),
        ),
    )
    assert stored(two)["components_reused"] == 1
    services.attach_result_file(
        actor=world["leader"],
        dossier=two,
        upload=SimpleUploadedFile("kq.pdf", samples.pdf(2)),
        result=world["second_version"].results.get(),
    )
    assert stored(two)["results_electronic"] == 1
    assert_matches_recount(one, two)


def test_figures_follow_papers_sent_again_online(world):
    citizen = world["citizen"]
    first = world["version"].components.get(order=1)
    dossier = submit_online(
        actor=citizen,
        procedure_version=world["version"],
        point=world["point"],
        form_data={},
        components=(ComponentHandedIn(component_id=first.id),),
        applicant_area=world["area_b"],
        submitted_at=at(2, 8),
    )
    services.attach_file(
        actor=citizen,
        dossier=dossier,
        submitted_component=paper(dossier),
        upload=SimpleUploadedFile("a.png", samples.png()),
    )
    request_completion(
        actor=world["officer"],
        dossier=dossier,
        items=[ItemToSupplement(component_id=first.id, reason="Ảnh mờ")],
        at=at(2, 9),
    )
    resubmit(
        actor=citizen,
        dossier=Dossier.objects.get(pk=dossier.pk),
        components=(ComponentHandedIn(component_id=first.id),),
        at=at(2, 10),
    )
    receive_online(actor=world["officer"], dossier=Dossier.objects.get(pk=dossier.pk))
    assert_matches_recount(dossier)
    # The replaced paper's file stays with the dossier, unlinked from the paper.
    assert dossier.component_files.count() == 1
