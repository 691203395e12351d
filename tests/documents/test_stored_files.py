"""Rules of stored files (issue 6 §1-2): content is named by its SHA-256 and stored once at
aa/bb/<hash>; a file is attached to a paper of a dossier only by the officers of the receiving
point or, before reception, by the owner of an online dossier; attaching a scan marks the paper
digitised; every attachment is audited; the component's limits apply; content referenced by a
dossier is never deleted."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.utils import translation

from documents import samples
from documents.world import documents_world, paper, receive, upload
from factories.organizations import MembershipFactory
from motcua.audit.models import AuditRecord
from motcua.documents import services, storage
from motcua.documents.models import ComponentFile, StoredFile
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.online import submit_online
from motcua.dossiers.services.reception import ComponentHandedIn
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return documents_world(settings, city)


def attach(world, dossier, data, *, actor=None, name="scan.pdf", order=1, **options):
    return services.attach_file(
        actor=actor or world["officer"],
        dossier=dossier,
        submitted_component=paper(dossier, order),
        upload=upload(data, name),
        **options,
    )


def test_content_is_stored_once_under_its_hash(world, documents_in_a_temporary_folder):
    data = samples.pdf()
    digest = hashlib.sha256(data).hexdigest()
    first = attach(world, receive(world), data, name="to-khai.pdf")
    second = attach(world, receive(world), data, name="ban-sao.pdf")
    assert first.stored_file == second.stored_file
    assert StoredFile.objects.count() == 1
    stored = StoredFile.objects.get()
    assert (stored.sha256, stored.size, stored.kind) == (digest, len(data), "pdf")
    assert stored.content_type == "application/pdf"
    path = documents_in_a_temporary_folder / digest[:2] / digest[2:4] / digest
    assert path.read_bytes() == data
    assert [p for p in documents_in_a_temporary_folder.rglob("*") if p.is_file()] == [path]
    assert {first.name, second.name} == {"to-khai.pdf", "ban-sao.pdf"}


def test_attaching_a_scan_marks_the_paper_and_the_dossier_digitised(world):
    dossier = receive(world, components=(ComponentHandedIn(component_id=_first(world).id),))
    assert not paper(dossier).digitised
    link = attach(world, dossier, samples.jpeg(), name="trang-1.jpg")
    assert paper(dossier).digitised
    assert Dossier.objects.get(pk=dossier.pk).has_digitised_components
    assert link.uploaded_by == world["officer"]
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"documents.attach_file", "documents.mark_digitised"} <= actions


def test_a_file_can_be_attached_without_marking_the_paper_digitised(world):
    dossier = receive(world, components=(ComponentHandedIn(component_id=_first(world).id),))
    attach(world, dossier, samples.pdf(), digitise=False)
    assert not paper(dossier).digitised
    services.mark_digitised(
        actor=world["officer"], dossier=dossier, submitted_component=paper(dossier)
    )
    assert paper(dossier).digitised


def test_a_paper_cannot_be_marked_digitised_before_it_has_a_file(world):
    dossier = receive(world, components=(ComponentHandedIn(component_id=_first(world).id),))
    with pytest.raises(ValidationError) as caught:
        services.mark_digitised(
            actor=world["officer"], dossier=dossier, submitted_component=paper(dossier)
        )
    assert caught.value.error_dict["component"][0].code == "no_file"


def test_a_refused_upload_stores_and_records_nothing(world, documents_in_a_temporary_folder):
    dossier = receive(world)
    with pytest.raises(ValidationError):
        attach(world, dossier, samples.encrypted_pdf())
    assert not ComponentFile.objects.exists()
    assert not StoredFile.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="documents.").exists()
    assert not documents_in_a_temporary_folder.exists() or not any(
        p.is_file() for p in documents_in_a_temporary_folder.rglob("*")
    )


def test_the_components_own_limit_and_types_apply(world):
    component = _first(world)
    component.max_file_mb, component.allowed_file_types = 1, ["pdf"]
    component.save()
    dossier = receive(world)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        attach(world, dossier, samples.pdf() + b"%" + b"0" * 1_048_576)
    assert caught.value.error_list[0].code == "too_large"
    with pytest.raises(ValidationError) as caught:
        attach(world, dossier, samples.jpeg(), name="anh.jpg")
    assert caught.value.error_list[0].code == "type_not_allowed"


def test_only_the_officers_of_the_receiving_point_attach_to_a_received_dossier(world):
    dossier = receive(world, owner=world["citizen"])
    for stranger in (world["officer_b"], world["specialist"], world["citizen"]):
        with pytest.raises(PermissionDenied):
            attach(world, dossier, samples.pdf(), actor=stranger)
    colleague = MembershipFactory(
        unit=world["commune_a"], role=Role.RECEPTION_OFFICER, service_point=world["point"]
    ).user
    assert attach(world, dossier, samples.pdf(), actor=colleague).dossier == dossier


def test_the_owner_attaches_to_an_online_dossier_until_it_is_received(world):
    from motcua.dossiers.services.reception import receive_online

    citizen = world["citizen"]
    dossier = submit_online(
        actor=citizen,
        procedure_version=world["version"],
        point=world["point"],
        form_data={},
        components=(ComponentHandedIn(component_id=_first(world).id),),
        applicant_area=world["area_b"],
    )
    link = attach(world, dossier, samples.pdf(), actor=citizen)
    assert link.uploaded_by == citizen
    receive_online(actor=world["officer"], dossier=dossier)
    with pytest.raises(PermissionDenied):
        attach(world, Dossier.objects.get(pk=dossier.pk), samples.png(), actor=citizen)


def test_a_paper_of_another_dossier_is_refused(world):
    one, other = receive(world), receive(world)
    with pytest.raises(ValidationError):
        services.attach_file(
            actor=world["officer"],
            dossier=one,
            submitted_component=paper(other),
            upload=upload(samples.pdf()),
        )


def test_content_referenced_by_a_dossier_is_never_deleted(world):
    attach(world, receive(world), samples.pdf())
    with pytest.raises(ProtectedError):
        StoredFile.objects.get().delete()
    assert storage.documents_storage().exists(storage.path_for(StoredFile.objects.get().sha256))


def _first(world):
    return world["version"].components.get(order=1)
