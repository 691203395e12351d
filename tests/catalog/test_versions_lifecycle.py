"""Rules of procedure versions (issue 4 §1): at most one published version in force at a time;
a published version is never changed (the way forward is a new version); publishing validates,
ends the version in force the day before and refreshes the search text; all audited."""

import contextlib
import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from factories.catalog import FieldFactory, PublishedProcedureFactory, VersionFactory, fill_version
from motcua.audit.models import AuditRecord
from motcua.catalog import services
from motcua.catalog.models import ProcedureVersion, VersionStatus

pytestmark = pytest.mark.django_db

JULY = datetime.date(2025, 7, 1)
JANUARY = datetime.date(2026, 1, 1)


def codes(error: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


@pytest.fixture
def published():
    return PublishedProcedureFactory(
        code="1.001193", version__name="Đăng ký khai sinh"
    ).versions.get()


def test_create_procedure_gives_a_draft_version_one_and_is_audited():
    version = services.create_procedure(
        actor=None,
        code=" 1.000001 ",
        name="Chứng thực bản sao",
        field=FieldFactory(),
        level="commune",
    )
    assert (version.procedure.code, version.number, version.status) == ("1.000001", 1, "draft")
    assert AuditRecord.objects.filter(action="catalog.create_procedure").exists()
    assert AuditRecord.objects.get(action="catalog.create_version").changes["name"] == [
        None,
        "Chứng thực bản sao",
    ]


def test_a_duplicate_procedure_code_is_refused_and_nothing_saved(published):
    with pytest.raises(ValidationError) as error:
        services.create_procedure(
            actor=None, code="1.001193", name="X", field=FieldFactory(), level="commune"
        )
    assert "code" in error.value.message_dict
    assert ProcedureVersion.objects.count() == 1


def test_editing_a_published_version_is_refused_with_the_way_forward(published):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.update_draft(actor=None, version=published, name="Tên khác")
    assert error.value.code == "published_version_is_frozen"
    assert "Publish a new version instead" in error.value.message
    published.refresh_from_db()
    assert published.name == "Đăng ký khai sinh"


def test_update_draft_changes_fields_and_replaces_the_lists_given():
    draft = fill_version(VersionFactory())
    services.update_draft(
        actor=None,
        version=draft,
        name="Tên mới",
        results=[{"name": "Kết quả mới", "document_type": "KQ"}],
    )
    draft.refresh_from_db()
    assert draft.name == "Tên mới"
    assert [r.name for r in draft.results.all()] == ["Kết quả mới"]
    assert draft.components.count() == 2  # not given: kept
    changes = AuditRecord.objects.get(action="catalog.update_draft").changes
    assert set(changes) == {"name", "results"}


def test_a_bad_child_row_is_refused_with_its_number_and_nothing_changes():
    draft = fill_version(VersionFactory())
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.update_draft(
            actor=None,
            version=draft,
            name="Tên mới",
            components=[{"name": "Tờ khai"}, {"name": ""}],
        )
    assert "components" in error.value.message_dict
    assert "Component 2" in error.value.message_dict["components"][0]
    draft.refresh_from_db()
    assert draft.name != "Tên mới" and draft.components.count() == 2


def test_new_draft_from_copies_everything_with_the_next_number(published):
    draft = services.new_draft_from(actor=None, version=published)
    assert (draft.number, draft.status, draft.valid_from) == (2, VersionStatus.DRAFT, None)
    for children in ("channels", "components", "results", "agencies", "steps"):
        assert getattr(draft, children).count() == getattr(published, children).count()
    assert sum(len(c.fees.all()) for c in draft.channels.all()) == 2
    assert [s.allotted_hours for s in draft.steps.all()] == [
        s.allotted_hours for s in published.steps.all()
    ]
    assert AuditRecord.objects.get(action="catalog.new_draft").changes == {"copied_from": 1}


def test_a_second_draft_is_refused_while_one_exists(published):
    services.new_draft_from(actor=None, version=published)
    with pytest.raises(ValidationError) as error:
        services.new_draft_from(actor=None, version=published)
    assert error.value.code == "draft_exists"


def test_publish_ends_the_version_in_force_the_day_before(published):
    draft = services.new_draft_from(actor=None, version=published)
    services.publish(actor=None, version=draft, valid_from=JANUARY)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.valid_to == datetime.date(2025, 12, 31)
    assert (draft.status, draft.valid_from, draft.valid_to) == ("published", JANUARY, None)
    assert draft.published_at is not None
    ended = AuditRecord.objects.get(action="catalog.end_version")
    assert ended.changes["valid_to"] == [None, "2025-12-31"]


def test_publishing_on_or_before_the_start_of_the_version_in_force_is_refused(published):
    draft = services.new_draft_from(actor=None, version=published)
    with pytest.raises(ValidationError) as error:
        services.publish(actor=None, version=draft, valid_from=JULY)
    assert codes(error.value) == {"valid_from": ["overlapping_versions"]}
    assert ProcedureVersion.objects.get(pk=draft.pk).status == "draft"


def test_windows_never_overlap_after_several_publications(published):
    for start in (JANUARY, datetime.date(2026, 3, 1), datetime.date(2026, 2, 1)):
        draft = services.new_draft_from(actor=None, version=published)
        with contextlib.suppress(ValidationError):
            services.publish(actor=None, version=draft, valid_from=start)
    windows = list(
        ProcedureVersion.objects.filter(status="published")
        .order_by("valid_from")
        .values_list("valid_from", "valid_to")
    )
    for (_start, end), (next_start, _end) in itertools.pairwise(windows):
        assert end is not None and end < next_start


def test_publishing_validates_the_process(published):
    draft = services.new_draft_from(actor=None, version=published)
    draft.steps.filter(order=2).update(allotted_hours=Decimal(1))
    with pytest.raises(ValidationError) as error:
        services.publish(actor=None, version=draft, valid_from=JANUARY)
    assert codes(error.value) == {"steps": ["process_does_not_add_up"] * 2}


def test_a_published_version_always_has_a_process():
    draft = fill_version(VersionFactory())
    draft.steps.all().delete()
    with pytest.raises(ValidationError) as error:
        services.publish(actor=None, version=draft, valid_from=JULY)
    assert codes(error.value) == {"steps": ["no_process"]}


def test_publishing_twice_is_refused(published):
    with pytest.raises(ValidationError) as error:
        services.publish(actor=None, version=published, valid_from=JANUARY)
    assert error.value.code == "already_published"


def test_publish_needs_the_date_it_comes_into_force():
    draft = fill_version(VersionFactory())
    with pytest.raises(ValidationError) as error:
        services.publish(actor=None, version=draft, valid_from=None)
    assert codes(error.value) == {"valid_from": ["required"]}


def test_publish_refreshes_the_folded_search_text(published):
    draft = services.new_draft_from(actor=None, version=published)
    services.update_draft(actor=None, version=draft, name="Đăng Ký KHAI SINH lưu động")
    services.publish(actor=None, version=draft, valid_from=datetime.date(2099, 1, 1))
    draft.procedure.refresh_from_db()
    # Found by today's name and by the name it is about to take.
    assert "dang ky khai sinh 1.001193" in draft.procedure.search_text
    assert "dang ky khai sinh luu dong" in draft.procedure.search_text


def test_a_published_version_can_only_be_ended_earlier(published):
    services.end_version(actor=None, version=published, valid_to=datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.end_version(actor=None, version=published, valid_to=datetime.date(2026, 12, 31))
    assert codes(error.value) == {"valid_to": ["cannot_extend"]}
    with pytest.raises(ValidationError) as error:
        services.end_version(actor=None, version=published, valid_to=datetime.date(2025, 1, 1))
    assert codes(error.value) == {"valid_to": ["ends_before_start"]}


def test_publishing_leaves_the_earlier_version_as_it_was(published):
    """A dossier received under version 1 keeps reading version 1's rules."""
    before = [(s.name, s.allotted_hours) for s in published.steps.all()]
    draft = services.new_draft_from(actor=None, version=published)
    services.update_draft(
        actor=None,
        version=draft,
        steps=[
            {
                "order": 1,
                "name": "Một bước",
                "action": "approve",
                "performer_kind": "competent_unit",
                "allotted_hours": Decimal(24),
            }
        ],
    )
    services.publish(actor=None, version=draft, valid_from=JANUARY)
    assert [(s.name, s.allotted_hours) for s in published.steps.all()] == before


def test_only_the_catalogue_manager_may_change_the_catalogue(
    published, staff_with_role, department
):
    specialist = staff_with_role("specialist", department)
    with pytest.raises(PermissionDenied):
        services.new_draft_from(actor=specialist, version=published)
    with pytest.raises(PermissionDenied):
        services.create_field(actor=specialist, code="X", name="X")


def test_the_system_administrator_acts_and_is_named_in_the_audit(published, system_admin):
    draft = services.new_draft_from(actor=system_admin, version=published)
    services.publish(actor=system_admin, version=draft, valid_from=JANUARY)
    assert AuditRecord.objects.get(action="catalog.publish_version").actor == system_admin
