"""Rule: the admin shows the data warehouse and the figures read-only (documents enter and
leave the warehouse only through the services); the reusable document types, seeded from the
catalogue's codes, are changed by system administrators through the service (audited)."""

import pytest
from django.urls import reverse

from motcua.audit.models import AuditRecord
from motcua.documents.models import ReusableDocumentType
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db


def test_the_demo_catalogues_document_types_are_seeded():
    codes = set(ReusableDocumentType.objects.values_list("code", flat=True))
    assert {"CCCD", "GIAY_KHAI_SINH", "GIAY_CHUNG_NHAN_KET_HON", "XAC_NHAN_CU_TRU"} <= codes
    marital = ReusableDocumentType.objects.get(code="GIAY_XAC_NHAN_TINH_TRANG_HON_NHAN")
    assert marital.validity_months == 6


@pytest.mark.parametrize("model", ["warehousedocument", "dossierfigures", "reusabledocumenttype"])
def test_the_pages_open_for_a_system_administrator(client, system_admin, model):
    client.force_login(system_admin)
    assert client.get(f"/admin/documents/{model}/").status_code == 200


def test_the_warehouse_cannot_be_edited_in_the_admin(client, system_admin):
    client.force_login(system_admin)
    assert client.get(reverse("admin:documents_warehousedocument_add")).status_code == 403


def test_a_type_is_changed_through_the_service_and_audited(client, system_admin):
    client.force_login(system_admin)
    kept = ReusableDocumentType.objects.get(code="PHIEU_LY_LICH_TU_PHAP")
    response = client.post(
        reverse("admin:documents_reusabledocumenttype_change", args=[kept.pk]),
        {
            "code": "PHIEU_LY_LICH_TU_PHAP",
            "name": kept.name,
            "validity_months": "6",
            "active": "on",
        },
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.validity_months == 6
    record = AuditRecord.objects.get(action="documents.save_document_type")
    assert record.changes == {"validity_months": [None, 6]}


def test_a_specialist_may_not_change_the_types(client, staff_with_role, department):
    client.force_login(staff_with_role(Role.SPECIALIST, department))
    assert client.get("/admin/documents/reusabledocumenttype/").status_code in {302, 403}
