"""Rule: export → import into an empty catalogue → export gives the same file, in JSON and in
a workbook; nothing is lost on the way (issue 4 §4, docs/catalog-format.md)."""

import datetime
import json
from decimal import Decimal

import pytest

from factories.catalog import FieldFactory, PublishedProcedureFactory
from motcua.catalog import exchange, services
from motcua.catalog.exchange import workbook
from motcua.catalog.exchange.parse import Parser, strip
from motcua.catalog.exchange.problems import Problems
from motcua.catalog.models import (
    Field,
    GroupMember,
    Procedure,
    ProcedureGroup,
    ProcedureVersion,
)

pytestmark = pytest.mark.django_db


def wipe_catalogue():
    GroupMember.objects.all().delete()
    ProcedureGroup.objects.all().delete()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()


@pytest.fixture
def rich_catalogue(department, division):
    """Two published versions one after the other, a draft, parallel steps, fixed units,
    roles, fees, JSON values, text that looks like a formula, and a group."""
    birth = PublishedProcedureFactory(
        code="1.001193", code_is_illustrative=False, version__name="Đăng ký khai sinh"
    )
    first = birth.versions.get()
    second = services.new_draft_from(actor=None, version=first)
    services.update_draft(
        actor=None,
        version=second,
        name="Đăng ký khai sinh (sửa đổi)",
        online_form_schema={"type": "object", "properties": {"ho_ten": {"type": "string"}}},
        legal_basis="=Luật Hộ tịch 2014",
        steps=[
            {
                "order": 1,
                "name": "Tiếp nhận",
                "action": "receive",
                "performer_kind": "receiving_point",
                "performer_role": "reception_officer",
                "allotted_hours": Decimal("1.5"),
            },
            {
                "order": 2,
                "name": "Thẩm định",
                "action": "appraise",
                "performer_kind": "role_in_unit",
                "performer_role": "specialist",
                "allotted_hours": Decimal(12),
                "parallel_group": "A",
                "is_lead": True,
            },
            {
                "order": 2,
                "name": "Xin ý kiến",
                "action": "consult",
                "performer_kind": "fixed_unit",
                "performer_unit": division,
                "allotted_hours": Decimal(8),
                "parallel_group": "A",
            },
            {
                "order": 3,
                "name": "Ký",
                "action": "approve",
                "performer_kind": "competent_unit",
                "allotted_hours": Decimal("10.5"),
            },
        ],
    )
    services.publish(actor=None, version=second, valid_from=datetime.date(2026, 1, 1))
    services.new_draft_from(actor=None, version=second)
    other = PublishedProcedureFactory(
        version__field=FieldFactory(code="CT", name="Chứng thực"), version__days=1
    )
    services.create_group(
        actor=None,
        code="LT-KS",
        name="Liên thông khai sinh",
        legal_basis="NĐ 63/2024",
        members=[
            {"procedure": birth, "order": 1, "agency_description": "UBND cấp xã", "unit": None},
            {"procedure": other, "order": 2, "agency_description": "Sở", "unit": department},
        ],
    )
    return birth


def test_json_round_trip_into_an_empty_catalogue_gives_the_same_file(rich_catalogue):
    first = exchange.export_bytes("json")
    wipe_catalogue()
    exchange.import_bytes(first, "json")
    assert exchange.export_bytes("json") == first
    document = json.loads(first)
    birth = document["procedures"][0]
    assert [v["status"] for v in birth["versions"]] == ["published", "published", "draft"]
    assert birth["versions"][0]["valid_to"] == "2025-12-31"


def test_workbook_round_trip_into_an_empty_catalogue_loses_nothing(rich_catalogue):
    as_json = exchange.export_bytes("json")
    book = exchange.export_bytes("xlsx")
    wipe_catalogue()
    exchange.import_bytes(book, "xlsx")
    assert exchange.export_bytes("json") == as_json
    again = exchange.export_bytes("xlsx")
    problems = Problems()
    read_again = Parser(lenient=True, problems=problems).document(workbook.loads(again, problems))
    assert not problems
    assert strip(read_again)["procedures"] == json.loads(as_json)["procedures"]


def test_a_formula_like_text_stays_text_in_the_workbook(rich_catalogue):
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exchange.export_bytes("xlsx")))["versions"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=Luật Hộ tịch 2014"]
    assert cells and all(c.data_type == "s" for c in cells)
