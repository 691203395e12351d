"""Rule: a workbook import checks every row like a JSON one, and each problem names the sheet,
the row and the column (docs/catalog-format.md, issue 4 §4)."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from factories.catalog import PublishedProcedureFactory
from motcua.catalog import exchange
from motcua.catalog.models import Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    """A workbook of one published procedure, and the catalogue emptied for its import."""
    PublishedProcedureFactory(code="1.000001")
    data = exchange.export_bytes("xlsx")
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    return load_workbook(io.BytesIO(data))


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column(sheet, key):
    return next(c.column_letter for c in sheet[1] if c.value == key)


def problems_of(workbook):
    with translation.override("en"), pytest.raises(exchange.ImportRefused) as error:
        exchange.import_bytes(save(workbook), "xlsx")
    return error.value.problems


def test_a_workbook_as_exported_imports(book):
    exchange.import_bytes(save(book), "xlsx")
    assert ProcedureVersion.objects.get(procedure__code="1.000001").is_published


def test_a_problem_names_the_sheet_row_and_column(book):
    steps = book["steps"]
    steps[f"{column(steps, 'allotted_hours')}3"] = "hai giờ"
    [problem] = problems_of(book)
    letter = column(steps, "allotted_hours")
    assert problem.where == "sheet “steps”, row 3"
    assert problem.field == f"column allotted_hours ({letter})"
    assert problem.code == "wrong_type"
    assert not Procedure.objects.exists()


def test_a_process_that_does_not_add_up_is_reported_at_the_version_row(book):
    steps = book["steps"]
    steps[f"{column(steps, 'allotted_hours')}3"] = 1
    problems = problems_of(book)
    # One problem for each channel with a legal time (counter and online).
    assert [(p.where, p.code) for p in problems] == [
        ("sheet “versions”, row 2", "process_does_not_add_up")
    ] * 2
    assert "“online”" in problems[1].message


def test_a_row_of_a_version_that_is_not_in_the_versions_sheet_is_refused(book):
    results = book["results"]
    results[f"{column(results, 'version')}2"] = 7
    [problem] = problems_of(book)
    assert (problem.where, problem.code) == ("sheet “results”, row 2", "unknown_version")


def test_an_unknown_sheet_is_refused(book):
    book.create_sheet("step")["A1"] = "order"
    assert [p.code for p in problems_of(book)] == ["unknown_sheet"]


def test_values_typed_by_hand_in_excel_are_understood(book):
    versions = book["versions"]
    versions[f"{column(versions, 'for_citizens')}2"] = "TRUE"
    versions[f"{column(versions, 'number')}2"] = "1"
    components = book["components"]
    components[f"{column(components, 'allowed_file_types')}2"] = "pdf, png"
    import datetime

    versions[f"{column(versions, 'valid_from')}2"] = datetime.datetime(2025, 7, 1)
    exchange.import_bytes(save(book), "xlsx")
    version = ProcedureVersion.objects.get()
    assert version.valid_from == datetime.date(2025, 7, 1)
    assert version.components.order_by("order")[0].allowed_file_types == ["pdf", "png"]
