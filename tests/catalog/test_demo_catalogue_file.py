"""Rule: the Hanoi demo catalogue (src/motcua/catalog/data/hanoi_catalogue.json) is a valid file
of the exchange format (docs/catalog-format.md) and holds what issue 4 §5 asks for: at least 15
procedures across levels and fields, the birth + residence + health-insurance group, national
codes only where confirmed (else `HN.ILL.nnn`, marked illustrative), and a process adding up to
the legal time of every channel. These checks read the file alone, without the importer."""

import datetime
import io
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import motcua.catalog
from motcua.catalog.models import (
    AgencyRole,
    Channel,
    FeeKind,
    Level,
    OnlineLevel,
    PerformerKind,
    StepAction,
    TimeUnit,
    VersionStatus,
)
from motcua.catalog.validation import Window, overlapping, publication_problems
from motcua.demo import hanoi
from motcua.organizations.models import Role, UnitLevel

DATA_DIR = Path(motcua.catalog.__file__).parent / "data"
CATALOGUE = DATA_DIR / "hanoi_catalogue.json"
README = DATA_DIR / "README.md"

NATIONAL_CODE = re.compile(r"^[1-3]\.\d{6}$")
ILLUSTRATIVE_CODE = re.compile(r"^HN\.ILL\.\d{3}$")
FILE_TYPES = {"pdf", "jpeg", "png", "tiff", "docx", "xlsx"}

# The agency codes the demo creates (src/motcua/demo/hanoi.py).
DEMO_UNITS = {hanoi.CITY["code"], hanoi.CITY_OFFICE["code"], hanoi.SERVICE_CENTRE["code"]} | {
    department["code"] for department in hanoi.DEPARTMENTS
}
JUSTICE, CONSTRUCTION, AGRICULTURE, FINANCE, POLICE, SOCIAL_INSURANCE = (
    "000.00.11.H26",
    "000.00.12.H26",
    "000.00.13.H26",
    "000.00.14.H26",
    "000.00.15.H26",
    "000.00.16.H26",
)

TOP_KEYS = {"format", "format_version", "fields", "procedures", "groups"}
VERSION_KEYS = {
    "number": int,
    "status": str,
    "valid_from": str,
    "valid_to": (str, type(None)),
    "name": str,
    "field": str,
    "level": str,
    "for_citizens": bool,
    "for_organisations": bool,
    "publishing_decision": str,
    "legal_basis": str,
    "conditions": str,
    "steps_description": str,
    "boundary_free": bool,
    "online_level": str,
    "online_form_schema": dict,
    "channels": list,
    "components": list,
    "results": list,
    "agencies": list,
    "steps": list,
}
CHANNEL_KEYS = {
    "channel": str,
    "time_limit": (int, float),
    "time_unit": str,
    "description": str,
    "fees": list,
}
FEE_KEYS = {"code": str, "name": str, "kind": str, "amount_vnd": int, "description": str}
COMPONENT_KEYS = {
    "case": str,
    "order": int,
    "code": str,
    "name": str,
    "originals": int,
    "copies": int,
    "required": bool,
    "condition": str,
    "document_type": str,
    "must_digitise": bool,
    "allowed_file_types": list,
    "max_file_mb": int,
    "form_template": str,
}
RESULT_KEYS = {
    "code": str,
    "name": str,
    "document_type": str,
    "validity_months": (int, type(None)),
}
AGENCY_KEYS = {
    "role": str,
    "unit": (str, type(None)),
    "unit_level": str,
    "description": str,
}
STEP_KEYS = {
    "order": int,
    "name": str,
    "action": str,
    "performer_kind": str,
    "performer_unit": (str, type(None)),
    "performer_role": str,
    "allotted_hours": (int, float),
    "parallel_group": str,
    "is_lead": bool,
}
GROUP_KEYS = {"code": str, "name": str, "description": str, "legal_basis": str, "members": list}
MEMBER_KEYS = {
    "procedure": str,
    "order": int,
    "agency_description": str,
    "unit": (str, type(None)),
}


@pytest.fixture(scope="module")
def catalogue():
    with CATALOGUE.open(encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def procedures(catalogue):
    return {procedure["code"]: procedure for procedure in catalogue["procedures"]}


def published(procedure):
    """The version in force (each demo procedure has exactly one published version)."""
    versions = [v for v in procedure["versions"] if v["status"] == VersionStatus.PUBLISHED]
    assert len(versions) == 1, procedure["code"]
    return versions[0]


def all_versions(catalogue):
    for procedure in catalogue["procedures"]:
        for version in procedure["versions"]:
            yield procedure["code"], version


def check_keys(row: dict, expected: dict, where: str) -> None:
    assert set(row) == set(expected), f"{where}: keys {sorted(set(row) ^ set(expected))}"
    for key, kind in expected.items():
        value = row[key]
        assert isinstance(value, kind), f"{where}.{key}: {value!r} is not {kind}"
        if kind is int or kind == (int, float):
            assert not isinstance(value, bool), f"{where}.{key} is a boolean"


# ---------------------------------------------------------------- the format itself


def test_the_file_is_the_exchange_format(catalogue):
    assert set(catalogue) == TOP_KEYS
    assert catalogue["format"] == "motcua-catalog"
    assert catalogue["format_version"] == 1
    codes = [field["code"] for field in catalogue["fields"]]
    assert len(codes) == len(set(codes))
    for field in catalogue["fields"]:
        assert set(field) == {"code", "name"} and field["code"] and field["name"]


def test_every_row_has_the_keys_and_types_of_the_format(catalogue):
    for procedure in catalogue["procedures"]:
        code = procedure["code"]
        assert set(procedure) == {"code", "code_is_illustrative", "versions"}, code
        assert isinstance(procedure["code_is_illustrative"], bool)
        assert procedure["versions"], code
        for version in procedure["versions"]:
            where = f"{code} v{version.get('number')}"
            check_keys(version, VERSION_KEYS, where)
            for row, channel in enumerate(version["channels"]):
                check_keys(channel, CHANNEL_KEYS, f"{where} channel {row}")
                for fee_row, fee in enumerate(channel["fees"]):
                    check_keys(fee, FEE_KEYS, f"{where} channel {row} fee {fee_row}")
            for row, component in enumerate(version["components"]):
                check_keys(component, COMPONENT_KEYS, f"{where} component {row}")
            for row, result in enumerate(version["results"]):
                check_keys(result, RESULT_KEYS, f"{where} result {row}")
            for row, agency in enumerate(version["agencies"]):
                check_keys(agency, AGENCY_KEYS, f"{where} agency {row}")
            for row, step in enumerate(version["steps"]):
                check_keys(step, STEP_KEYS, f"{where} step {row}")
    for group in catalogue["groups"]:
        check_keys(group, GROUP_KEYS, group.get("code", "group"))
        for row, member in enumerate(group["members"]):
            check_keys(member, MEMBER_KEYS, f"{group['code']} member {row}")


def test_every_value_is_one_the_format_allows(catalogue):
    field_codes = {field["code"] for field in catalogue["fields"]}
    for code, version in all_versions(catalogue):
        assert version["status"] in VersionStatus.values, code
        assert version["level"] in Level.values, code
        assert version["online_level"] in OnlineLevel.values, code
        assert version["field"] in field_codes, code
        assert version["name"].strip() and version["legal_basis"].strip(), code
        for channel in version["channels"]:
            assert channel["channel"] in Channel.values, code
            assert channel["time_unit"] in TimeUnit.values, code
            if channel["time_unit"] == TimeUnit.ON_THE_SPOT:
                assert channel["time_limit"] == 0, code
            else:
                assert channel["time_limit"] > 0, code
            assert channel["fees"], f"{code}: say the fee of every channel, even when it is 0"
            for fee in channel["fees"]:
                assert fee["kind"] in FeeKind.values, code
                assert fee["amount_vnd"] >= 0, code
                assert fee["name"].strip(), code
        for component in version["components"]:
            assert component["name"].strip(), code
            assert component["originals"] >= 0 and component["copies"] >= 0, code
            assert component["originals"] + component["copies"] >= 1, component["name"]
            if not component["required"]:
                assert component["condition"].strip(), f"{code}: {component['name']}"
            assert set(component["allowed_file_types"]) <= FILE_TYPES, code
            assert component["max_file_mb"] > 0, code
        for result in version["results"]:
            assert result["name"].strip(), code
            assert result["validity_months"] is None or result["validity_months"] > 0, code
        for agency in version["agencies"]:
            assert agency["role"] in AgencyRole.values, code
            assert agency["unit_level"] in {"", *UnitLevel.values}, code
            assert agency["unit"] is None or agency["unit"] in DEMO_UNITS, code
            assert agency["unit"] or agency["unit_level"], f"{code}: an agency names a unit"
            assert agency["description"].strip(), code
        for step in version["steps"]:
            assert step["action"] in StepAction.values, code
            assert step["performer_kind"] in PerformerKind.values, code
            assert step["performer_role"] in {"", *Role.values}, code
            if step["performer_kind"] == PerformerKind.FIXED_UNIT:
                assert step["performer_unit"] in DEMO_UNITS, code
            else:
                assert step["performer_unit"] is None, code


def test_dates_are_iso_and_versions_do_not_overlap(catalogue):
    for procedure in catalogue["procedures"]:
        numbers = [version["number"] for version in procedure["versions"]]
        assert len(numbers) == len(set(numbers)), procedure["code"]
        windows = []
        for version in procedure["versions"]:
            start = datetime.date.fromisoformat(version["valid_from"])
            end = version["valid_to"] and datetime.date.fromisoformat(version["valid_to"])
            if version["status"] == VersionStatus.PUBLISHED:
                windows.append(Window(str(version["number"]), start, end or None))
        assert not overlapping(windows), procedure["code"]


def test_every_published_process_adds_up_to_the_legal_time_of_each_channel(catalogue):
    """The same rules the importer and the services apply (catalog/validation.py)."""
    for code, version in all_versions(catalogue):
        if version["status"] != VersionStatus.PUBLISHED:
            continue
        problems = publication_problems(steps=version["steps"], channels=version["channels"])
        assert not problems, f"{code}: {[problem.message for problem in problems]}"


def test_steps_add_up_to_exactly_days_times_eight(procedures):
    """Spelled out once more for the reader: the longest step of a parallel group counts."""
    for code, procedure in procedures.items():
        version = published(procedure)
        total, groups = Decimal(0), {}
        for step in version["steps"]:
            hours = Decimal(str(step["allotted_hours"]))
            if step["parallel_group"]:
                groups[step["parallel_group"]] = max(groups.get(step["parallel_group"], 0), hours)
            else:
                total += hours
        total += sum(groups.values())
        for channel in version["channels"]:
            limit = Decimal(str(channel["time_limit"]))
            expected = {
                TimeUnit.WORKING_DAYS: limit * 8,
                TimeUnit.WORKING_HOURS: limit,
                TimeUnit.ON_THE_SPOT: Decimal(0),
            }[channel["time_unit"]]
            assert total == expected, f"{code} {channel['channel']}: {total} h ≠ {expected} h"


# ---------------------------------------------------------------- codes and sources


def test_codes_are_national_only_when_confirmed_else_illustrative(catalogue):
    codes = [procedure["code"] for procedure in catalogue["procedures"]]
    assert len(codes) == len(set(codes))
    for procedure in catalogue["procedures"]:
        if procedure["code_is_illustrative"]:
            assert ILLUSTRATIVE_CODE.match(procedure["code"]), procedure["code"]
        else:
            assert NATIONAL_CODE.match(procedure["code"]), procedure["code"]


def test_the_readme_gives_the_source_of_every_procedure_and_document_type(catalogue):
    readme = README.read_text(encoding="utf-8")
    for procedure in catalogue["procedures"]:
        assert f"`{procedure['code']}`" in readme, f"README says nothing of {procedure['code']}"
    document_types = {
        row["document_type"]
        for _code, version in all_versions(catalogue)
        for row in version["components"] + version["results"]
        if row["document_type"]
    }
    for document_type in document_types:
        assert f"`{document_type}`" in readme, f"README does not list {document_type}"


# ---------------------------------------------------------------- what issue 4 §5 asks for


def test_at_least_fifteen_procedures_across_levels_and_fields(procedures):
    assert len(procedures) >= 15
    versions = [published(procedure) for procedure in procedures.values()]
    assert {version["level"] for version in versions} >= {Level.COMMUNE, Level.PROVINCE}
    assert len({version["field"] for version in versions}) >= 6
    assert all(version["valid_from"] == "2025-07-01" for version in versions)


def find(procedures, words):
    """The procedure whose name holds all the words (lowercase); when several do, the one
    named exactly so ("Đăng ký thường trú", not "Xóa đăng ký thường trú")."""
    names = {code: published(procedure)["name"].lower() for code, procedure in procedures.items()}
    found = [code for code, name in names.items() if all(word in name for word in words)]
    if len(found) > 1:
        found = [code for code in found if names[code] == " ".join(words)]
    assert len(found) == 1, f"{words}: {found}"
    return found[0]


@pytest.mark.parametrize(
    "words",
    [
        ("đăng ký khai sinh",),
        ("đăng ký kết hôn",),
        ("đăng ký khai tử",),
        ("chứng thực bản sao từ bản chính",),
        ("chứng thực chữ ký",),
        ("lý lịch tư pháp",),
        ("giấy phép xây dựng", "nhà ở riêng lẻ"),
        ("hộ kinh doanh",),
        ("giấy chứng nhận quyền sử dụng đất", "lần đầu"),
        ("đăng ký thường trú",),
        ("thẻ bảo hiểm y tế", "dưới 6 tuổi"),
        ("mai táng",),
        ("xác nhận tình trạng hôn nhân",),
        ("trích lục hộ tịch",),
        ("xác nhận thông tin về cư trú",),
    ],
)
def test_the_procedures_the_issue_names_are_there(procedures, words):
    find(procedures, list(words))


def test_civil_status_is_decided_by_the_commune(procedures):
    for words in (["đăng ký khai sinh"], ["đăng ký kết hôn"], ["đăng ký khai tử"]):
        version = published(procedures[find(procedures, words)])
        assert version["level"] == Level.COMMUNE
        competent = [a for a in version["agencies"] if a["role"] == AgencyRole.COMPETENT]
        assert competent and competent[0]["unit_level"] == UnitLevel.COMMUNE


def test_certification_of_copies_is_done_on_the_spot_for_2000_dong_a_page(procedures):
    version = published(procedures[find(procedures, ["chứng thực bản sao từ bản chính"])])
    assert [c["time_unit"] for c in version["channels"]] == [TimeUnit.ON_THE_SPOT]
    fees = version["channels"][0]["fees"]
    assert [(fee["kind"], fee["amount_vnd"]) for fee in fees] == [(FeeKind.CHARGE, 2000)]
    assert all(Decimal(str(step["allotted_hours"])) == 0 for step in version["steps"])


def test_province_procedures_name_the_department_that_decides(procedures):
    judicial = published(procedures[find(procedures, ["lý lịch tư pháp"])])
    assert judicial["level"] == Level.PROVINCE
    # Since 1 March 2025 the police, not the Department of Justice, issue the certificate.
    assert {a["unit"] for a in judicial["agencies"] if a["role"] == AgencyRole.COMPETENT} == {
        POLICE
    }
    card = published(procedures[find(procedures, ["thẻ bảo hiểm y tế"])])
    assert {a["unit"] for a in card["agencies"] if a["role"] == AgencyRole.COMPETENT} == {
        SOCIAL_INSURANCE
    }


def test_inter_agency_procedures_consult_in_a_parallel_group_with_one_lead(procedures):
    expectations = {
        find(procedures, ["thẻ bảo hiểm y tế"]): POLICE,
        find(procedures, ["giấy chứng nhận quyền sử dụng đất"]): AGRICULTURE,
        find(procedures, ["giấy phép xây dựng"]): CONSTRUCTION,
    }
    for code, consulted in expectations.items():
        steps = published(procedures[code])["steps"]
        grouped = [step for step in steps if step["parallel_group"]]
        assert grouped, code
        groups = Counter(step["parallel_group"] for step in grouped)
        for group in groups:
            members = [step for step in grouped if step["parallel_group"] == group]
            assert sum(step["is_lead"] for step in members) == 1, code
        consults = [
            step
            for step in grouped
            if step["action"] == StepAction.CONSULT
            and step["performer_kind"] == PerformerKind.FIXED_UNIT
        ]
        assert [step["performer_unit"] for step in consults] == [consulted], code


def test_residence_is_registered_by_the_police(procedures):
    version = published(procedures[find(procedures, ["đăng ký thường trú"])])
    assert {a["unit"] for a in version["agencies"] if a["role"] == AgencyRole.COMPETENT} == {POLICE}
    fees = {c["channel"]: c["fees"][0]["amount_vnd"] for c in version["channels"]}
    assert fees == {Channel.COUNTER: 20000, Channel.ONLINE: 10000}


def test_the_birth_residence_health_insurance_group(catalogue, procedures):
    groups = {group["code"]: group for group in catalogue["groups"]}
    birth_group = groups["LT-KS-TT-BHYT"]
    assert "63/2024" in birth_group["legal_basis"]
    members = sorted(birth_group["members"], key=lambda member: member["order"])
    assert [member["procedure"] for member in members] == [
        find(procedures, ["đăng ký khai sinh"]),
        find(procedures, ["đăng ký thường trú"]),
        find(procedures, ["thẻ bảo hiểm y tế"]),
    ]
    death_group = groups["LT-KT-XTT-MT"]
    assert [member["procedure"] for member in death_group["members"]] == [
        find(procedures, ["đăng ký khai tử"]),
        find(procedures, ["xóa đăng ký thường trú"]),
        find(procedures, ["mai táng"]),
    ]


def test_group_members_are_procedures_of_the_file(catalogue, procedures):
    codes = [group["code"] for group in catalogue["groups"]]
    assert len(codes) == len(set(codes))
    for group in catalogue["groups"]:
        assert len(group["members"]) >= 2
        seen = set()
        for member in group["members"]:
            assert member["procedure"] in procedures, member["procedure"]
            assert member["procedure"] not in seen
            seen.add(member["procedure"])
            assert member["unit"] is None or member["unit"] in DEMO_UNITS
            assert member["agency_description"].strip()


def test_results_say_which_paper_they_are_so_that_they_can_be_reused(procedures):
    for words, document_type in [
        (["đăng ký khai sinh"], "GIAY_KHAI_SINH"),
        (["đăng ký kết hôn"], "GIAY_CHUNG_NHAN_KET_HON"),
        (["đăng ký khai tử"], "TRICH_LUC_KHAI_TU"),
        (["xác nhận tình trạng hôn nhân"], "GIAY_XAC_NHAN_TINH_TRANG_HON_NHAN"),
        (["lý lịch tư pháp"], "PHIEU_LY_LICH_TU_PHAP"),
        (["giấy phép xây dựng"], "GIAY_PHEP_XAY_DUNG"),
        (["hộ kinh doanh"], "GIAY_CHUNG_NHAN_DKHKD"),
        (["giấy chứng nhận quyền sử dụng đất"], "GCN_QSDD"),
        (["thẻ bảo hiểm y tế"], "THE_BHYT"),
    ]:
        version = published(procedures[find(procedures, words)])
        assert document_type in {result["document_type"] for result in version["results"]}


# ---------------------------------------------------------------- online forms


def test_online_forms_are_small_valid_json_schemas(procedures):
    jsonschema = pytest.importorskip("jsonschema")
    with_form = set()
    for code, procedure in procedures.items():
        schema = published(procedure)["online_form_schema"]
        if not schema:
            continue
        with_form.add(code)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object", code
        assert schema["properties"], code
        for name, prop in schema["properties"].items():
            assert prop.get("title", "").strip(), f"{code}.{name} has no title"
        assert set(schema["required"]) <= set(schema["properties"]), code
    assert with_form >= {
        find(procedures, ["đăng ký khai sinh"]),
        find(procedures, ["đăng ký kết hôn"]),
        find(procedures, ["lý lịch tư pháp"]),
    }


def test_the_birth_form_accepts_a_filled_in_request(procedures):
    jsonschema = pytest.importorskip("jsonschema")
    schema = published(procedures[find(procedures, ["đăng ký khai sinh"])])["online_form_schema"]
    request = {
        "ho_ten_tre": "Nguyễn Minh An",
        "ngay_sinh": "2025-07-15",
        "gioi_tinh": "Nam",
        "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
        "ho_ten_me": "Trần Thị Bình",
        "so_dinh_danh_me": "001190012345",
        "quan_he_nguoi_yeu_cau": "Mẹ",
    }
    jsonschema.validate(request, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({key: request[key] for key in list(request)[:2]}, schema)


# ---------------------------------------------------------------- through the importer


@pytest.mark.django_db
def test_the_demo_imports_with_every_procedure_published_and_in_force(settings):
    """After `motcua demo` has created the units, the importer takes the file as it is."""
    from django.core.management import call_command

    from motcua.catalog import exchange
    from motcua.catalog.models import Procedure, ProcedureGroup, ProcedureVersion

    settings.DEMO_MODE = True
    call_command("demo", stdout=io.StringIO())  # imports the catalogue after the units
    document = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    assert Procedure.objects.count() == len(document["procedures"])
    assert ProcedureGroup.objects.count() == len(document["groups"])
    # Importing the same file again changes nothing.
    again = exchange.import_file(CATALOGUE, actor=None)
    assert again["procedures_created"] == 0 and again["groups_created"] == 0
    assert Procedure.objects.count() == len(document["procedures"])

    today = datetime.date(2026, 1, 15)
    for entry in document["procedures"]:
        procedure = Procedure.objects.get(code=entry["code"])
        assert procedure.code_is_illustrative == entry["code_is_illustrative"]
        in_force = ProcedureVersion.objects.filter(
            procedure=procedure,
            status=VersionStatus.PUBLISHED,
            valid_from__lte=today,
        ).exclude(valid_to__lt=today)
        assert in_force.count() == 1, entry["code"]
        version = in_force.get()
        assert version.is_published and version.published_at is not None
        assert version.steps.exists() and version.channels.exists(), entry["code"]
    group = ProcedureGroup.objects.get(code="LT-KS-TT-BHYT")
    assert list(group.members.values_list("procedure__code", flat=True)) == [
        "1.001193",
        "1.004222",
        "HN.ILL.003",
    ]
