"""Rule: whatever a file holds, an import either succeeds or is refused with its problems;
never an unexpected exception (ARCHITECTURE MUST 8). Mutations of a valid exported file are
replayed from a fixed seed, so a failure is reproducible."""

import copy
import io
import json
import random

import pytest
from openpyxl import load_workbook

from factories.catalog import PublishedProcedureFactory
from motcua.catalog import exchange, services

pytestmark = pytest.mark.django_db

STRANGE = [
    None,
    True,
    -1,
    0,
    2.5,
    1e308,
    "",
    " ",
    "x" * 2000,
    "2025-02-30",
    [],
    {},
    [1],
    {"a": 1},
    "=1+1",
    "\x00",
    "nan",
    "1.001193",
    10**30,
]


def paths(node, prefix=()):
    """Every place in a JSON document where a value could be replaced."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


def mutated(document, rng):
    document = copy.deepcopy(document)
    for _round in range(rng.randint(1, 3)):
        place = rng.choice(list(paths(document)))
        parent = document
        for step in place[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and rng.random() < 0.2:
            parent.pop(place[-1], None)
        else:
            parent[place[-1]] = rng.choice(STRANGE)
    return document


@pytest.fixture
def exported(department):
    version = PublishedProcedureFactory(code="1.000001").versions.get()
    services.create_group(
        actor=None,
        code="G",
        name="Nhóm",
        members=[
            {
                "procedure": version.procedure,
                "order": 1,
                "agency_description": "Xã",
                "unit": department,
            }
        ],
    )
    return json.loads(exchange.export_bytes("json"))


def test_mutated_json_files_are_imported_or_refused_never_crash(exported):
    rng = random.Random(20260101)
    for _example in range(250):
        data = json.dumps(mutated(exported, rng)).encode()
        try:
            exchange.import_bytes(data, "json")
        except exchange.ImportRefused as refused:
            assert refused.problems and all(str(p) for p in refused.problems)


def test_mutated_workbooks_are_imported_or_refused_never_crash(exported):
    rng = random.Random(7)
    original = exchange.export_bytes("xlsx")
    for _example in range(60):
        book = load_workbook(io.BytesIO(original))
        for _round in range(rng.randint(1, 3)):
            sheet = rng.choice(book.worksheets)
            row = rng.randint(1, max(sheet.max_row, 1) + 1)
            column = rng.randint(1, max(sheet.max_column, 1) + 1)
            value = rng.choice([v for v in STRANGE if not isinstance(v, list | dict)])
            sheet.cell(row=row, column=column, value=None if value == "\x00" else value)
        buffer = io.BytesIO()
        book.save(buffer)
        try:
            exchange.import_bytes(buffer.getvalue(), "xlsx")
        except exchange.ImportRefused as refused:
            assert refused.problems
