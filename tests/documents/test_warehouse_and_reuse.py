"""Rules of the data warehouse and of reuse (issue 6 §2-3, DOMAIN §1.2): a digitised paper of a
reusable type on a received dossier becomes an electronic copy in the applicant's warehouse,
keyed by their identity, with the source dossier, the issuing unit and the validity; a later
dossier of the same person that needs that type is offered it, and choosing it records the
paper reused (1) and digitised without asking for it again; a returned result with a file goes
into the warehouse too and is reused as a result (2); another person's, an expired, a revoked
or a wrong-type document is refused with the reason, and the refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from documents import samples
from documents.world import TYPE, at, documents_world, paper, receive, upload
from motcua.documents import selectors, services
from motcua.documents.models import ComponentFile, Origin, ReusableDocumentType, WarehouseDocument
from motcua.dossiers.models import Dossier, ReuseSource
from motcua.dossiers.services.online import submit_online
from motcua.dossiers.services.processing import (
    assign,
    complete_step,
    record_result,
    return_result,
    route,
)
from motcua.dossiers.services.reception import ComponentHandedIn, receive_online

pytestmark = pytest.mark.django_db

IDENTITY = ("cccd", "001090012345")


@pytest.fixture
def world(settings, city):
    return documents_world(settings, city)


def digitised_birth_certificate(world, *, when=None, **overrides) -> WarehouseDocument:
    """Dossier 1: received with its paper of type GIAY_KHAI_SINH, scanned by the officer."""
    dossier = receive(world, when=when or at(2, 9), **overrides)
    services.attach_file(
        actor=world["officer"],
        dossier=dossier,
        submitted_component=paper(dossier),
        upload=upload(samples.pdf(), "giay-khai-sinh.pdf"),
    )
    return WarehouseDocument.objects.get(source_dossier=dossier)


def needed_component(world):
    return world["second_version"].components.get(order=1)


def receive_reusing(world, document, *, when=None, **overrides):
    """Dossier 2 of the same citizen, the paper given as the warehouse document."""
    chosen = ComponentHandedIn(
        component_id=needed_component(world).id, reused_document_id=str(document.uuid)
    )
    return receive(
        world,
        when=when or at(3, 9),
        version=world["second_version"],
        components=(chosen,),
        **overrides,
    )


def refusal(call):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict["components"][0]


# --- Digitisation into the warehouse --------------------------------------------------------


def test_a_digitised_paper_of_a_reusable_type_becomes_a_copy_in_the_applicants_warehouse(world):
    document = digitised_birth_certificate(world)
    dossier = document.source_dossier
    assert (document.owner_identity_kind, document.owner_identity_number) == IDENTITY
    assert document.document_type.code == TYPE
    assert document.origin == Origin.COMPONENT
    assert document.issuing_unit == dossier.receiving_agency
    assert document.valid_from == datetime.date(2026, 3, 2)
    assert document.valid_until is None
    assert document.stored_file == ComponentFile.objects.get(dossier=dossier).stored_file


def test_the_validity_follows_the_document_type(world):
    ReusableDocumentType.objects.filter(code=TYPE).update(validity_months=6)
    document = digitised_birth_certificate(world)
    assert document.valid_until == datetime.date(2026, 9, 1)


def test_a_paper_of_a_type_the_warehouse_does_not_keep_stays_out_of_it(world):
    ReusableDocumentType.objects.filter(code=TYPE).update(active=False)
    dossier = receive(world)
    services.attach_file(
        actor=world["officer"],
        dossier=dossier,
        submitted_component=paper(dossier),
        upload=upload(samples.pdf()),
    )
    assert not WarehouseDocument.objects.exists()


def test_a_file_sent_online_enters_the_warehouse_when_the_dossier_is_received(world):
    citizen = world["citizen"]
    dossier = submit_online(
        actor=citizen,
        procedure_version=world["version"],
        point=world["point"],
        form_data={},
        components=(ComponentHandedIn(component_id=paper_component(world).id),),
        applicant_area=world["area_b"],
        submitted_at=at(2, 8, 30),
    )
    services.attach_file(
        actor=citizen,
        dossier=dossier,
        submitted_component=paper(dossier),
        upload=upload(samples.png(), "khai-sinh.png"),
    )
    assert not WarehouseDocument.objects.exists()  # not received yet
    receive_online(actor=world["officer"], dossier=dossier, received_at=at(2, 9))
    document = WarehouseDocument.objects.get()
    assert document.source_dossier == dossier
    assert document.stored_file.kind == "png"


def paper_component(world):
    return world["version"].components.get(order=1)


# --- Reuse end to end -----------------------------------------------------------------------


def test_reuse_end_to_end_across_two_dossiers_of_the_same_citizen(world):
    """Dossier 1's scanned birth certificate is offered to dossier 2 and, chosen, recorded as
    reused and digitised, with the same stored file and no paper asked for."""
    document = digitised_birth_certificate(world)

    offers = selectors.reuse_offers(
        *IDENTITY, world["second_version"], on=datetime.date(2026, 3, 3)
    )
    assert [(o.component, o.document) for o in offers] == [(needed_component(world), document)]

    second = receive_reusing(world, document)
    reused = paper(second)
    assert reused.reuse == ReuseSource.WAREHOUSE == 1
    assert reused.digitised
    assert Dossier.objects.get(pk=second.pk).has_digitised_components
    link = ComponentFile.objects.get(dossier=second)
    assert link.reused_from == document
    assert link.stored_file == document.stored_file
    assert link.submitted_component == reused
    # The reused copy is not copied into the warehouse a second time.
    assert WarehouseDocument.objects.count() == 1
    figures = second.figures
    assert (figures.components_required, figures.components_digitised) == (1, 1)
    assert figures.components_reused == 1


def test_an_online_dossier_reuses_the_citizens_own_document(world):
    document = digitised_birth_certificate(world)
    dossier = submit_online(
        actor=world["citizen"],
        procedure_version=world["second_version"],
        point=world["point"],
        form_data={},
        components=(
            ComponentHandedIn(
                component_id=needed_component(world).id, reused_document_id=str(document.uuid)
            ),
        ),
        applicant_area=world["area_b"],
        submitted_at=at(3, 9),
    )
    assert paper(dossier).reuse == ReuseSource.WAREHOUSE
    assert ComponentFile.objects.get(dossier=dossier).reused_from == document


def test_another_persons_document_is_refused_and_nothing_is_recorded(world):
    document = digitised_birth_certificate(world)
    before = Dossier.objects.count()
    message = refusal(
        lambda: receive_reusing(world, document, applicant_identity_number="001090099999")
    )
    assert message == "The document chosen for “Tờ khai theo mẫu” belongs to another person."
    assert Dossier.objects.count() == before


def test_an_expired_document_is_refused(world):
    ReusableDocumentType.objects.filter(code=TYPE).update(validity_months=1)
    document = digitised_birth_certificate(world)
    assert document.valid_until == datetime.date(2026, 4, 1)
    assert (
        selectors.reuse_offers(*IDENTITY, world["second_version"], on=datetime.date(2026, 4, 2))
        == []
    )
    message = refusal(lambda: receive_reusing(world, document, when=at(2, 9, month=4)))
    assert message == (
        "The document chosen for “Tờ khai theo mẫu” is not valid on 02/04/2026 (valid from "
        "02/03/2026 to 01/04/2026)."
    )


def test_a_revoked_document_is_refused_and_no_longer_offered(world):
    document = digitised_birth_certificate(world)
    services.revoke_document(actor=world["officer"], document=document, reason="Quét nhầm")
    assert (
        selectors.reuse_offers(*IDENTITY, world["second_version"], on=datetime.date(2026, 3, 3))
        == []
    )
    assert "revoked" in refusal(lambda: receive_reusing(world, document))
    assert WarehouseDocument.objects.get().revoked_reason == "Quét nhầm"  # kept, not deleted


def test_a_document_of_another_type_is_refused(world):
    document = digitised_birth_certificate(world)
    other = world["version"].components.get(order=2)  # CU_TRU, optional
    chosen = (
        ComponentHandedIn(component_id=paper_component(world).id, digitised=True),
        ComponentHandedIn(component_id=other.id, reused_document_id=str(document.uuid)),
    )
    message = refusal(lambda: receive(world, when=at(3, 9), components=chosen))
    assert "not the kind of paper" in message


def test_an_unknown_document_is_refused(world):
    chosen = ComponentHandedIn(
        component_id=needed_component(world).id,
        reused_document_id="6f1c1d7e-0000-4000-8000-000000000000",
    )
    message = refusal(lambda: receive(world, version=world["second_version"], components=(chosen,)))
    assert "is not in the data warehouse" in message


# --- Results into the warehouse -------------------------------------------------------------


def returned_with_a_file(world):
    result = world["version"].results.get()
    result.document_type, result.validity_months = TYPE, None
    result.save()
    dossier = route(actor=world["officer"], dossier=receive(world), at=at(2, 10))
    assign(actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 11))
    for order, who in ((2, "specialist"), (3, "leader")):
        step = dossier.steps.get(order=order)
        complete_step(actor=world[who], dossier=dossier, step=step, at=at(3, 9 + order))
    record_result(actor=world["leader"], dossier=dossier, granted=True, at=at(3, 14))
    services.attach_result_file(
        actor=world["leader"],
        dossier=Dossier.objects.get(pk=dossier.pk),
        upload=upload(samples.pdf(2), "giay-khai-sinh-ban-chinh.pdf"),
        result=result,
    )
    assert not WarehouseDocument.objects.exists()  # not returned yet
    return_result(
        actor=world["officer"],
        dossier=Dossier.objects.get(pk=dossier.pk),
        collected_by_name="Trần Văn Bình",
        collected_by_identity="001090012345",
        at=at(4, 9),
    )
    return Dossier.objects.get(pk=dossier.pk)


def test_a_returned_result_is_stored_in_the_warehouse_and_reused_as_a_result(world):
    dossier = returned_with_a_file(world)
    document = WarehouseDocument.objects.get()
    assert document.origin == Origin.RESULT
    assert document.issuing_unit == dossier.competent_unit
    assert document.valid_from == datetime.date(2026, 3, 4)
    assert document.title == "Giấy chứng nhận"
    assert dossier.figures.results_electronic == 1

    second = receive_reusing(world, document, when=at(5, 9))
    assert paper(second).reuse == ReuseSource.RESULT == 2
