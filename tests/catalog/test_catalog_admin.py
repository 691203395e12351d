"""Rules of the catalogue admin (issue 4 §6): procedures, versions, components and steps are
edited through the services (audited); bad rows get a message beside them, never a server
error; a published version is read-only and offers a new draft instead; publishing validates;
the procedure page shows its history of versions."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from factories.catalog import FieldFactory, PublishedProcedureFactory
from motcua.audit.models import AuditRecord
from motcua.catalog import services
from motcua.catalog.models import Procedure, ProcedureGroup, ProcedureVersion
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

INLINES = {
    "channels": ("channel", "time_limit", "time_unit", "description"),
    "components": (
        "case",
        "order",
        "code",
        "name",
        "originals",
        "copies",
        "required",
        "condition",
        "document_type",
        "must_digitise",
        "allowed_file_types",
        "max_file_mb",
        "form_template",
    ),
    "results": ("code", "name", "document_type", "validity_months"),
    "agencies": ("role", "unit", "unit_level", "description"),
    "steps": (
        "order",
        "name",
        "action",
        "performer_kind",
        "performer_unit",
        "performer_role",
        "allotted_hours",
        "parallel_group",
        "is_lead",
    ),
}
VERSION_FIELDS = (
    "name",
    "field",
    "level",
    "for_citizens",
    "for_organisations",
    "publishing_decision",
    "legal_basis",
    "conditions",
    "steps_description",
    "boundary_free",
    "online_level",
    "online_form_schema",
)


def form_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | dict):
        import json

        return json.dumps(value)
    return getattr(value, "pk", value)


def version_post(version, **changes):
    """The POST of the version's change form as the browser would send it, with changes:
    a version field by name, or a list of rows for an inline."""
    data = {}
    for name in VERSION_FIELDS:
        data[name] = changes.get(name, form_value(getattr(version, name)))
    for prefix, fields in INLINES.items():
        existing = list(getattr(version, prefix).all())
        rows = changes.get(prefix)
        data[f"{prefix}-INITIAL_FORMS"] = len(existing)
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        if rows is None:
            rows = [{f: getattr(obj, f) for f in fields} for obj in existing]
        for index, obj in enumerate(existing):
            data[f"{prefix}-{index}-id"] = obj.pk
            data[f"{prefix}-{index}-version"] = version.pk
            if index >= len(rows):
                data[f"{prefix}-{index}-DELETE"] = "on"
                for f in fields:
                    data[f"{prefix}-{index}-{f}"] = form_value(getattr(obj, f))
        for index, row in enumerate(rows):
            for f in fields:
                data[f"{prefix}-{index}-{f}"] = form_value(row.get(f))
            data[f"{prefix}-{index}-version"] = version.pk
        data[f"{prefix}-TOTAL_FORMS"] = max(len(rows), len(existing))
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def admin_client(client, system_admin):
    client.force_login(system_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def published():
    return PublishedProcedureFactory(
        code="1.001193", version__name="Đăng ký khai sinh"
    ).versions.get()


@pytest.fixture
def draft(published):
    return services.new_draft_from(actor=None, version=published)


def change_url(version):
    return reverse("admin:catalog_procedureversion_change", args=[version.pk])


def test_the_procedure_page_shows_the_history_of_versions(admin_client, draft):
    page = admin_client.get(reverse("admin:catalog_procedure_change", args=[draft.procedure.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "History of versions" in html
    assert change_url(draft) in html and change_url(draft.procedure.versions.get(number=1)) in html


def test_a_published_version_is_read_only_and_offers_a_new_draft(admin_client, published):
    page = admin_client.get(change_url(published))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="name"' not in html
    assert reverse("admin:catalog_procedureversion_new_draft", args=[published.pk]) in html
    assert "make a new draft version and publish it" in html
    response = admin_client.post(change_url(published), version_post(published, name="Khác"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.name == "Đăng ký khai sinh"


def test_the_new_draft_button_copies_the_version_and_opens_the_draft(admin_client, published):
    response = admin_client.post(
        reverse("admin:catalog_procedureversion_new_draft", args=[published.pk])
    )
    draft = ProcedureVersion.objects.get(number=2)
    assert response.status_code == 302 and response["Location"] == change_url(draft)
    assert draft.steps.count() == published.steps.count()


def test_a_second_new_draft_is_refused_with_a_message(admin_client, draft, published):
    response = admin_client.post(
        reverse("admin:catalog_procedureversion_new_draft", args=[published.pk]), follow=True
    )
    assert "already a draft" in response.content.decode()
    assert ProcedureVersion.objects.count() == 2


def test_editing_a_draft_with_its_inlines_goes_through_the_service(admin_client, draft):
    steps = [{f: getattr(s, f) for f in INLINES["steps"]} for s in draft.steps.all()]
    steps[1]["name"] = "Thẩm định, trình ký"
    response = admin_client.post(
        change_url(draft),
        version_post(
            draft,
            name="Đăng ký khai sinh (mới)",
            steps=steps,
            components=[
                {
                    "order": 1,
                    "name": "Tờ khai",
                    "originals": 1,
                    "copies": 0,
                    "required": True,
                    "must_digitise": True,
                    "max_file_mb": 20,
                    "allowed_file_types": ["pdf"],
                }
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.name == "Đăng ký khai sinh (mới)"
    assert [c.name for c in draft.components.all()] == ["Tờ khai"]
    assert draft.steps.get(order=2).name == "Thẩm định, trình ký"
    audit = AuditRecord.objects.get(action="catalog.update_draft")
    assert set(audit.changes) == {"name", "components", "steps"}


def test_a_bad_step_is_shown_beside_its_row_and_nothing_changes(admin_client, draft):
    steps = [{f: getattr(s, f) for f in INLINES["steps"]} for s in draft.steps.all()]
    steps[1]["performer_kind"] = "fixed_unit"
    steps[2].update(parallel_group="A", is_lead=False)
    response = admin_client.post(change_url(draft), version_post(draft, steps=steps))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Step 2 is done by a fixed unit: choose the unit." in html
    assert "Parallel group “A” has one step" in html
    assert not AuditRecord.objects.filter(action="catalog.update_draft").exists()


def test_a_bad_file_type_is_refused_in_the_form(admin_client, draft):
    response = admin_client.post(
        change_url(draft),
        version_post(
            draft,
            components=[
                {
                    "order": 1,
                    "name": "Tờ khai",
                    "originals": 1,
                    "copies": 0,
                    "required": True,
                    "must_digitise": True,
                    "max_file_mb": 20,
                    "allowed_file_types": ["exe"],
                }
            ],
        ),
    )
    assert response.status_code == 200
    assert "Unknown file type(s) exe" in response.content.decode()


def test_a_draft_that_does_not_add_up_is_saved_with_a_warning(admin_client, draft):
    steps = [{f: getattr(s, f) for f in INLINES["steps"]} for s in draft.steps.all()]
    steps[1]["allotted_hours"] = 1
    response = admin_client.post(change_url(draft), version_post(draft, steps=steps), follow=True)
    assert response.status_code == 200
    assert "Not yet publishable" in response.content.decode()
    assert draft.steps.get(order=2).allotted_hours == 1


def test_publishing_shows_why_a_draft_cannot_be_published(admin_client, draft):
    draft.steps.filter(order=2).update(allotted_hours=1)
    url = reverse("admin:catalog_procedureversion_publish", args=[draft.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "cannot be published yet" in page.content.decode()
    assert "The steps add up to 9 working hours" in page.content.decode()
    admin_client.post(url, {"valid_from": "2026-01-01"})
    assert ProcedureVersion.objects.get(pk=draft.pk).status == "draft"


def test_publishing_from_the_admin_ends_the_version_before(admin_client, draft, published):
    url = reverse("admin:catalog_procedureversion_publish", args=[draft.pk])
    response = admin_client.post(url, {"valid_from": "2026-01-01"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.valid_to == datetime.date(2025, 12, 31)
    assert ProcedureVersion.objects.get(pk=draft.pk).is_published


def test_an_overlapping_publication_date_is_refused_in_the_form(admin_client, draft):
    url = reverse("admin:catalog_procedureversion_publish", args=[draft.pk])
    response = admin_client.post(url, {"valid_from": "2025-07-01"})
    assert response.status_code == 200
    assert "would overlap it" in response.content.decode()


def test_adding_a_procedure_creates_its_first_draft(admin_client):
    field = FieldFactory()
    response = admin_client.post(
        reverse("admin:catalog_procedure_add"),
        {"code": "2.000100", "name": "Chứng thực chữ ký", "field": field.pk, "level": "commune"},
    )
    version = ProcedureVersion.objects.get(procedure__code="2.000100")
    assert response.status_code == 302 and response["Location"] == change_url(version)
    assert AuditRecord.objects.filter(action="catalog.create_procedure").exists()


def test_a_duplicate_procedure_code_is_refused_in_the_form(admin_client, published):
    response = admin_client.post(
        reverse("admin:catalog_procedure_add"),
        {"code": "1.001193", "name": "X", "field": published.field.pk, "level": "commune"},
    )
    assert response.status_code == 200
    assert Procedure.objects.count() == 1


def test_the_fees_of_a_channel_are_changed_through_the_service(admin_client, draft):
    offer = draft.channels.get(channel="counter")
    fee = offer.fees.get()
    url = reverse("admin:catalog_channeloffer_change", args=[offer.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "channel": "counter",
            "time_limit": "3",
            "time_unit": "working_days",
            "description": "",
            "fees-TOTAL_FORMS": 1,
            "fees-INITIAL_FORMS": 1,
            "fees-MIN_NUM_FORMS": 0,
            "fees-MAX_NUM_FORMS": 1000,
            "fees-0-id": fee.pk,
            "fees-0-offer": offer.pk,
            "fees-0-code": "",
            "fees-0-name": "Lệ phí mới",
            "fees-0-kind": "fee",
            "fees-0-amount_vnd": 10000,
            "fees-0-description": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == change_url(draft)
    counter = draft.channels.get(channel="counter")
    assert [(f.name, f.amount_vnd) for f in counter.fees.all()] == [("Lệ phí mới", 10000)]
    assert draft.channels.get(channel="online").fees.count() == 1
    assert AuditRecord.objects.filter(action="catalog.update_draft").exists()


def test_a_group_and_its_members_are_saved_through_the_service(admin_client, published):
    response = admin_client.post(
        reverse("admin:catalog_proceduregroup_add"),
        {
            "code": "LT-KS",
            "name": "Liên thông khai sinh",
            "description": "",
            "legal_basis": "",
            "members-TOTAL_FORMS": 1,
            "members-INITIAL_FORMS": 0,
            "members-MIN_NUM_FORMS": 0,
            "members-MAX_NUM_FORMS": 1000,
            "members-0-order": 1,
            "members-0-procedure": published.procedure.pk,
            "members-0-agency_description": "Xã",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = ProcedureGroup.objects.get()
    assert [m.procedure.code for m in group.members.all()] == ["1.001193"]
    assert AuditRecord.objects.filter(action="catalog.create_group").exists()


def test_staff_see_the_catalogue_but_only_the_manager_changes_it(
    client, staff_with_role, city, draft
):
    client.force_login(staff_with_role(Role.SUPERVISOR, city))
    assert client.get(change_url(draft)).status_code == 200
    assert client.post(change_url(draft), version_post(draft, name="X")).status_code == 403
    url = reverse("admin:catalog_procedureversion_publish", args=[draft.pk])
    assert client.post(url, {"valid_from": "2026-01-01"}).status_code == 403
    assert ProcedureVersion.objects.get(pk=draft.pk).name != "X"


def test_every_catalogue_admin_page_opens(admin_client, draft):
    offer = draft.channels.first()
    group = services.create_group(
        actor=None,
        code="G",
        name="Nhóm",
        members=[{"procedure": draft.procedure, "order": 1, "agency_description": "Xã"}],
    )
    urls = [
        reverse("admin:catalog_procedure_changelist"),
        reverse("admin:catalog_procedure_add"),
        reverse("admin:catalog_procedureversion_changelist"),
        reverse("admin:catalog_procedureversion_changelist") + "?status=published",
        reverse("admin:catalog_field_changelist"),
        reverse("admin:catalog_field_add"),
        reverse("admin:catalog_field_change", args=[draft.field.pk]),
        reverse("admin:catalog_proceduregroup_changelist"),
        reverse("admin:catalog_proceduregroup_add"),
        reverse("admin:catalog_proceduregroup_change", args=[group.pk]),
        reverse("admin:catalog_channeloffer_change", args=[offer.pk]),
        reverse("admin:catalog_procedureversion_publish", args=[draft.pk]),
        change_url(draft),
    ]
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_publishing_a_published_version_again_is_refused_with_a_message(admin_client, published):
    url = reverse("admin:catalog_procedureversion_publish", args=[published.pk])
    response = admin_client.post(url, {"valid_from": "2027-01-01"})
    assert response.status_code == 200
    assert "already published" in response.content.decode()
    assert admin_client.post(url, {"valid_from": "not a date"}).status_code == 200


def test_two_members_with_one_order_are_refused_beside_the_row(admin_client, published):
    other = PublishedProcedureFactory(code="1.004194")
    data = {
        "code": "LT",
        "name": "Nhóm",
        "description": "",
        "legal_basis": "",
        "members-TOTAL_FORMS": 2,
        "members-INITIAL_FORMS": 0,
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
    }
    for index, procedure in enumerate([published.procedure, other]):
        data.update(
            {
                f"members-{index}-order": 1,
                f"members-{index}-procedure": procedure.pk,
                f"members-{index}-agency_description": "Xã",
            }
        )
    response = admin_client.post(reverse("admin:catalog_proceduregroup_add"), data)
    assert response.status_code == 200
    assert "Two procedures of the group have the order 1." in response.content.decode()
    assert not ProcedureGroup.objects.exists()
