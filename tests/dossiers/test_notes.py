"""Rule (issue 7 §4): internal notes on a dossier are written by the staff who may see it,
are append-only (a correction is a new note), get an audit record each, and are never shown
to the applicant nor in the public lookup."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backoffice.test_desk_world import at, build_world, desk_url, page_of, pinned
from dossiers.test_processing_world import receive
from motcua.audit.models import AuditRecord
from motcua.dossiers.models import InternalNote
from motcua.dossiers.notes_selectors import may_read_notes, notes_of
from motcua.dossiers.services.notes import add_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


def test_a_note_keeps_its_author_time_and_text_and_is_audited(world):
    dossier = receive(world)
    note = add_note(
        actor=world["specialist"], dossier=dossier, text="  Công dân hẹn bổ sung  ", at=at(2, 11)
    )
    assert note.text == "Công dân hẹn bổ sung"
    assert note.author == world["specialist"] and note.written_at == at(2, 11)
    assert note.author_label == str(world["specialist"])
    audit = AuditRecord.objects.filter(action="dossiers.add_note").get()
    assert audit.object_id == str(dossier.uuid)
    assert audit.changes["note"] == str(note.uuid)


def test_notes_are_never_changed_nor_deleted(world):
    dossier = receive(world)
    note = add_note(actor=world["officer"], dossier=dossier, text="Lần đầu")
    note.text = "Sửa lại"
    with pytest.raises(ValueError, match="never changed"):
        note.save()
    with pytest.raises(ValueError, match="never deleted"):
        note.delete()
    with pytest.raises(ValueError, match="never changed"):
        InternalNote.objects.filter(pk=note.pk).update(text="Sửa lại")
    with pytest.raises(ValueError, match="never deleted"):
        InternalNote.objects.filter(pk=note.pk).delete()
    assert InternalNote.objects.get(pk=note.pk).text == "Lần đầu"


def test_an_empty_note_is_refused(world):
    dossier = receive(world)
    with pytest.raises(ValidationError) as refusal:
        add_note(actor=world["officer"], dossier=dossier, text="   ")
    assert "Hãy viết nội dung ghi chú trước khi lưu." in str(refusal.value)
    assert not InternalNote.objects.exists()


def test_only_staff_who_may_see_the_dossier_write_or_read_notes(world):
    dossier = receive(world, owner=world["citizen"])
    add_note(actor=world["specialist"], dossier=dossier, text="Nội bộ")
    for outsider in (world["citizen"], world["officer_b"], world["outsider"]):
        assert not may_read_notes(outsider, dossier)
        assert list(notes_of(outsider, dossier)) == []
        with pytest.raises(PermissionDenied):
            add_note(actor=outsider, dossier=dossier, text="Không được")
    for staff in (world["officer"], world["leader"], world["admin"]):
        assert [n.text for n in notes_of(staff, dossier)] == ["Nội bộ"]
    assert InternalNote.objects.count() == 1


def test_the_owner_never_reads_notes_even_with_a_staff_account(world):
    # An officer of another point who applied for their own procedure.
    dossier = receive(world, owner=world["officer_b"])
    add_note(actor=world["officer"], dossier=dossier, text="Nội bộ")
    assert not may_read_notes(world["officer_b"], dossier)


def test_the_desk_adds_a_note_and_shows_it_with_author_and_time(client, world):
    dossier = receive(world)
    client.force_login(world["officer"])
    with pinned(at(2, 11, 15)):
        response = client.post(f"{desk_url(dossier)}ghi-chu/", {"text": "Đã gọi điện cho công dân"})
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    page = page_of(client.get(desk_url(dossier)))
    assert "Đã gọi điện cho công dân" in page
    assert "02/03/2026 11:15" in page and str(world["officer"]) in page
    assert "Ghi chú nội bộ" in page


def test_the_desk_refuses_an_empty_note_in_vietnamese(client, world):
    dossier = receive(world)
    client.force_login(world["officer"])
    response = client.post(f"{desk_url(dossier)}ghi-chu/", {"text": ""})
    assert response.status_code == 400
    assert "Hãy viết nội dung ghi chú trước khi lưu." in page_of(response)
    assert not InternalNote.objects.exists()


def test_notes_are_not_in_the_public_lookup_nor_the_history(client, world):
    dossier = receive(world)
    add_note(actor=world["officer"], dossier=dossier, text="Bí mật nội bộ")
    assert not dossier.history.filter(note__contains="Bí mật").exists()
    client.logout()
    for url in (f"/api/v1/public/dossiers/{dossier.code}", f"/tra-cuu/{dossier.code}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Bí mật nội bộ" not in response.content.decode()


def test_the_desk_of_an_applicant_with_a_staff_account_shows_no_notes(client, world):
    dossier = receive(world, owner=world["officer_b"])
    add_note(actor=world["officer"], dossier=dossier, text="Chỉ cán bộ xử lý được đọc")
    client.force_login(world["officer_b"])
    page = page_of(client.get(desk_url(dossier)))
    assert dossier.code in page
    assert "Chỉ cán bộ xử lý được đọc" not in page and "Ghi chú nội bộ" not in page
    refused = client.post(f"{desk_url(dossier)}ghi-chu/", {"text": "Thử"})
    assert refused.status_code == 403
    assert "Chỉ cán bộ xử lý hồ sơ này mới được ghi chú trên hồ sơ." in page_of(refused)
    assert InternalNote.objects.count() == 1
