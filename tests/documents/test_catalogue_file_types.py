"""Rule: a component's accepted file types and size limit come from the catalogue; the format
knows the kinds of the upload chain, ZIP included, and nothing else."""

import json

import pytest
from django.utils import translation

from motcua.catalog import exchange
from motcua.catalog.exchange.values import FileTypes
from motcua.catalog.models import Component
from motcua.documents.validation import Kind

pytestmark = pytest.mark.django_db


def test_the_catalogue_knows_exactly_the_kinds_of_the_upload_chain():
    assert set(FileTypes.ALLOWED) == set(Kind.values)


def _document(component: dict) -> dict:
    step = {
        "performer_unit": None,
        "performer_role": "",
        "parallel_group": "",
        "is_lead": False,
    }
    return {
        "format": "motcua-catalog",
        "format_version": 1,
        "fields": [{"code": "HT", "name": "Hộ tịch"}],
        "procedures": [
            {
                "code": "1.001193",
                "code_is_illustrative": False,
                "versions": [
                    {
                        "number": 1,
                        "status": "draft",
                        "name": "Đăng ký khai sinh",
                        "field": "HT",
                        "level": "commune",
                        "channels": [
                            {"channel": "counter", "time_limit": 1, "time_unit": "working_days"}
                        ],
                        "components": [{"order": 1, "name": "Tờ khai", **component}],
                        "steps": [
                            {
                                **step,
                                "order": 1,
                                "name": "Tiếp nhận",
                                "action": "receive",
                                "performer_kind": "receiving_point",
                                "allotted_hours": 8,
                            }
                        ],
                    }
                ],
            }
        ],
        "groups": [],
    }


def test_a_component_may_allow_zip_and_set_its_own_limit():
    exchange.import_bytes(
        json.dumps(_document({"allowed_file_types": ["pdf", "zip"], "max_file_mb": 5})).encode(),
        "json",
    )
    component = Component.objects.get()
    assert (component.allowed_file_types, component.max_file_mb) == (["pdf", "zip"], 5)


def test_without_the_optional_keys_a_component_takes_scans_and_20_mb():
    exchange.import_bytes(json.dumps(_document({})).encode(), "json")
    component = Component.objects.get()
    assert (component.allowed_file_types, component.max_file_mb) == ([], 20)


def test_an_unknown_file_type_is_refused_at_import():
    data = json.dumps(_document({"allowed_file_types": ["pdf", "rar"]})).encode()
    with translation.override("en"), pytest.raises(exchange.ImportRefused) as error:
        exchange.import_bytes(data, "json")
    assert [p.field for p in error.value.problems] == ["allowed_file_types"]
