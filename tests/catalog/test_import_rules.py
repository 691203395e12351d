"""Rules of the import (issue 4 §4): every value and rule is checked, every problem is reported
with its place and field, and nothing at all is imported when one fails."""

import datetime
import json

import pytest
from django.utils import translation

from factories.catalog import PublishedProcedureFactory
from motcua.audit.models import AuditRecord
from motcua.catalog import exchange
from motcua.catalog.models import Procedure, ProcedureGroup, ProcedureVersion

pytestmark = pytest.mark.django_db


def step(order, name, action, hours, **extra):
    return {
        "order": order,
        "name": name,
        "action": action,
        "performer_kind": extra.pop("performer_kind", "competent_unit"),
        "performer_unit": None,
        "performer_role": "",
        "allotted_hours": hours,
        "parallel_group": "",
        "is_lead": False,
        **extra,
    }


def version(number=1, **changes):
    data = {
        "number": number,
        "status": "published",
        "valid_from": "2025-07-01",
        "valid_to": None,
        "name": "Đăng ký khai sinh",
        "field": "HT",
        "level": "commune",
        "channels": [
            {
                "channel": "counter",
                "time_limit": 1,
                "time_unit": "working_days",
                "fees": [{"name": "Lệ phí", "kind": "fee", "amount_vnd": 0}],
            }
        ],
        "components": [{"order": 1, "name": "Tờ khai", "allowed_file_types": ["pdf"]}],
        "results": [{"name": "Giấy khai sinh", "document_type": "GIAY_KHAI_SINH"}],
        "agencies": [{"role": "competent", "unit": "000.00.11.H26", "description": "Sở Tư pháp"}],
        "steps": [
            step(
                1,
                "Tiếp nhận hồ sơ",
                "receive",
                1,
                performer_kind="receiving_point",
                performer_role="reception_officer",
            ),
            step(2, "Thẩm định", "appraise", 5),
            step(3, "Phê duyệt", "approve", 1),
            step(4, "Trả kết quả", "return", 1, performer_kind="receiving_point"),
        ],
    }
    data.update(changes)
    return data


def document(*versions, groups=()):
    return {
        "format": "motcua-catalog",
        "format_version": 1,
        "fields": [{"code": "HT", "name": "Hộ tịch"}],
        "procedures": [
            {
                "code": "1.001193",
                "code_is_illustrative": False,
                "versions": list(versions) or [version()],
            }
        ],
        "groups": list(groups),
    }


def import_json(doc):
    return exchange.import_bytes(json.dumps(doc).encode(), "json")


def refused(doc_or_bytes, kind="json"):
    data = doc_or_bytes if isinstance(doc_or_bytes, bytes) else json.dumps(doc_or_bytes).encode()
    with translation.override("en"), pytest.raises(exchange.ImportRefused) as error:
        exchange.import_bytes(data, kind)
    return error.value.problems


@pytest.fixture
def units(department):
    return department


def test_a_valid_file_is_imported_and_audited(units):
    counts = import_json(
        document(
            groups=[
                {
                    "code": "LT-KS",
                    "name": "Liên thông",
                    "members": [
                        {"procedure": "1.001193", "order": 1, "agency_description": "UBND cấp xã"}
                    ],
                }
            ]
        )
    )
    stored = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert stored.is_published and stored.valid_from == datetime.date(2025, 7, 1)
    assert stored.agencies.get().unit == units
    assert stored.procedure.search_text.startswith("dang ky khai sinh")
    assert counts["procedures_created"] == 1 and counts["groups_created"] == 1
    assert AuditRecord.objects.filter(action="catalog.import").exists()
    assert AuditRecord.objects.filter(action="catalog.publish_version").exists()


def test_importing_the_same_file_twice_changes_nothing(units):
    import_json(document())
    changes = AuditRecord.objects.exclude(action="catalog.import")
    before = changes.count()
    counts = import_json(document())
    assert counts["versions_unchanged"] == 1 and counts["versions_published"] == 0
    assert changes.count() == before


def test_a_value_of_the_wrong_type_is_refused_with_its_path(units):
    doc = document(version(steps=[step(1, "Tiếp nhận", "receive", "eight")]))
    problems = refused(doc)
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[0].steps[0]", "allotted_hours", "wrong_type")
    ]
    assert "Expected a number" in str(problems[0])
    assert not Procedure.objects.exists()


def test_a_missing_required_field_is_refused(units):
    bad = version()
    del bad["name"]
    problems = refused(document(bad))
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[0]", "name", "required")
    ]


def test_an_unknown_agency_code_is_refused(units):
    bad = version(agencies=[{"role": "competent", "unit": "000.00.99.H26", "description": "?"}])
    problems = refused(document(bad))
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[0].agencies[0]", "unit", "unknown_agency")
    ]


def test_an_unknown_performing_unit_is_refused(units):
    steps = version()["steps"]
    steps[1] = step(
        2, "Thẩm định", "appraise", 5, performer_kind="fixed_unit", performer_unit="000.00.98.H26"
    )
    problems = refused(document(version(steps=steps)))
    assert [(p.field, p.code) for p in problems] == [("performer_unit", "unknown_agency")]


def test_an_unknown_field_code_is_refused(units):
    problems = refused(document(version(field="XX")))
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[0]", "field", "unknown_field")
    ]


def test_a_process_that_does_not_add_up_is_refused(units):
    steps = version()["steps"]
    steps[1]["allotted_hours"] = 4
    problems = refused(document(version(steps=steps)))
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[0]", "steps", "process_does_not_add_up")
    ]
    assert "add up to 7 working hours" in problems[0].message
    assert "is 8 working hours" in problems[0].message


def test_a_draft_need_not_add_up_yet(units):
    steps = version()["steps"]
    steps[1]["allotted_hours"] = 4
    import_json(document(version(status="draft", valid_from=None, steps=steps)))
    assert not ProcedureVersion.objects.get().is_published


def test_a_published_version_without_process_is_refused(units):
    problems = refused(document(version(steps=[])))
    assert [(p.field, p.code) for p in problems] == [("steps", "no_process")]


def test_two_published_versions_overlapping_are_refused(units):
    problems = refused(document(version(1), version(2, valid_from="2026-01-01")))
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[1]", "valid_from", "overlapping_versions")
    ]
    assert "end version 1 (valid_to)" in problems[0].message


def test_a_file_version_overlapping_one_of_the_database_is_refused(units):
    import_json(document(version(1)))
    problems = refused(document(version(2, valid_from="2026-01-01")))
    assert [(p.field, p.code) for p in problems] == [("valid_from", "overlapping_versions")]


def test_versions_that_follow_one_another_are_imported(units):
    import_json(document(version(1, valid_to="2025-12-31"), version(2, valid_from="2026-01-01")))
    assert list(ProcedureVersion.objects.values_list("valid_to", flat=True)) == [
        datetime.date(2025, 12, 31),
        None,
    ]


def test_a_file_may_end_a_published_version_and_add_the_next(units):
    import_json(document(version(1)))
    import_json(
        document(
            version(1, valid_to="2025-12-31"),
            version(2, valid_from="2026-01-01", name="Đăng ký khai sinh mới"),
        )
    )
    first, second = ProcedureVersion.objects.order_by("number")
    assert first.valid_to == datetime.date(2025, 12, 31) and second.is_published


def test_editing_a_published_version_through_import_is_refused(units):
    import_json(document(version(1)))
    problems = refused(document(version(1, name="Tên khác")))
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[0]", "name", "published_version_is_frozen")
    ]
    assert "Publish a new version instead, e.g. number 2" in problems[0].message
    assert ProcedureVersion.objects.get().name == "Đăng ký khai sinh"


def test_changing_the_process_of_a_published_version_through_import_is_refused(units):
    import_json(document(version(1)))
    steps = version()["steps"]
    steps[0]["name"] = "Nhận hồ sơ"
    problems = refused(document(version(1, steps=steps)))
    assert [(p.field, p.code) for p in problems] == [("steps", "published_version_is_frozen")]


def test_a_draft_of_the_database_is_replaced_by_the_file(units):
    import_json(document(version(1, status="draft", valid_from=None)))
    import_json(document(version(1, name="Tên mới")))
    stored = ProcedureVersion.objects.get()
    assert stored.name == "Tên mới" and stored.is_published


def test_every_problem_is_reported_at_once_and_nothing_is_imported(units):
    steps = version()["steps"]
    steps[1]["allotted_hours"] = 4
    bad_first = version(1, field="XX", steps=steps, level="district")
    bad_second = version(2, valid_from="01/01/2026", status="draft")
    doc = document(
        bad_first,
        bad_second,
        groups=[
            {
                "code": "G",
                "name": "Nhóm",
                "members": [{"procedure": "9.999999", "order": 1, "agency_description": "x"}],
            }
        ],
    )
    doc["fields"].append({"code": "CT"})
    codes = sorted((p.field, p.code) for p in refused(doc))
    assert codes == [
        ("field", "unknown_field"),
        ("level", "invalid_choice"),
        ("name", "required"),
        ("procedure", "unknown_procedure"),
        ("steps", "process_does_not_add_up"),
        ("valid_from", "wrong_type"),
    ]
    assert not Procedure.objects.exists() and not ProcedureGroup.objects.exists()


def test_an_unknown_key_is_refused_rather_than_ignored(units):
    bad = version()
    bad["steps"][0]["alloted_hours"] = 1
    problems = refused(document(bad))
    assert ("alloted_hours", "unknown_key") in [(p.field, p.code) for p in problems]


def test_a_bad_performer_is_reported_at_its_step(units):
    steps = version()["steps"]
    steps[1] = step(2, "Thẩm định", "appraise", 5, performer_kind="role_in_unit")
    problems = refused(document(version(steps=steps)))
    assert [(p.where, p.field, p.code) for p in problems] == [
        ("procedures[0].versions[0].steps[1]", "performer_role", "performer_role_missing")
    ]


def test_a_member_of_a_group_must_be_a_known_procedure(units):
    PublishedProcedureFactory(code="2.000001")
    doc = document(
        groups=[
            {
                "code": "G",
                "name": "Nhóm",
                "members": [
                    {"procedure": "2.000001", "order": 1, "agency_description": "Sở"},
                    {"procedure": "1.001193", "order": 2, "agency_description": "Xã"},
                ],
            }
        ]
    )
    import_json(doc)
    group = ProcedureGroup.objects.get()
    assert [m.procedure.code for m in group.members.all()] == ["2.000001", "1.001193"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{not json", "not_json"),
        (b"\xff\xfe\x00", "not_json"),
        (b"[1, 2]", "wrong_type"),
        (b'{"format": "other"}', "wrong_format"),
        (b"[" * 100000, "not_json"),
    ],
)
def test_a_file_that_is_not_a_catalogue_is_refused_without_a_traceback(units, data, code):
    assert code in [p.code for p in refused(data)]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"PK\x03\x04junk", "not_xlsx"),
        (b'{"format": "motcua-catalog"}', "not_xlsx"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(units, data, code):
    assert [p.code for p in refused(data, "xlsx")] == [code]


def test_a_file_of_another_kind_is_refused(tmp_path):
    with pytest.raises(exchange.ImportRefused) as error:
        exchange.import_file(tmp_path / "catalogue.csv")
    assert error.value.problems[0].code == "unknown_format"


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(exchange.ImportRefused) as error:
        exchange.import_file(tmp_path / "missing.json")
    assert error.value.problems[0].code == "unreadable"


def test_only_the_catalogue_manager_may_import(units, staff_with_role):
    from django.core.exceptions import PermissionDenied

    specialist = staff_with_role("specialist", units)
    with pytest.raises(PermissionDenied):
        exchange.import_bytes(json.dumps(document()).encode(), "json", actor=specialist)


def test_control_characters_in_text_are_refused(units):
    problems = refused(document(version(legal_basis="Luật\x00Hộ tịch")))
    assert [(p.field, p.code) for p in problems] == [("legal_basis", "control_character")]


def test_a_version_with_a_control_character_still_exports_as_a_workbook(units):
    from factories.catalog import PublishedProcedureFactory as Factory

    Factory(version__legal_basis="Luật\x0bHộ tịch")
    assert exchange.export_bytes("xlsx").startswith(b"PK")


def test_a_nul_character_inside_the_online_form_is_refused(units):
    problems = refused(document(version(online_form_schema={"title": "a\x00b"})))
    assert [(p.field, p.code) for p in problems] == [("online_form_schema", "control_character")]


def test_a_file_with_surrounding_spaces_imports_twice_without_a_change(units):
    import_json(document(version(name="  Đăng ký khai sinh  ")))
    counts = import_json(document(version(name="  Đăng ký khai sinh  ")))
    assert counts["versions_unchanged"] == 1
    assert ProcedureVersion.objects.get().name == "Đăng ký khai sinh"
