"""Rules of procedure groups (issue 4 §3): linked procedures kept in their order, each once."""

import pytest
from django.core.exceptions import ValidationError

from factories.catalog import PublishedProcedureFactory
from motcua.audit.models import AuditRecord
from motcua.catalog import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth_and_residence():
    return PublishedProcedureFactory(code="1.001193"), PublishedProcedureFactory(code="1.004194")


def member(procedure, order, unit=None):
    return {"procedure": procedure, "order": order, "agency_description": "UBND", "unit": unit}


def test_a_group_keeps_its_members_in_order_and_is_audited(birth_and_residence, department):
    birth, residence = birth_and_residence
    group = services.create_group(
        actor=None,
        code="LT-KS",
        name="Liên thông khai sinh",
        members=[member(residence, 2, department), member(birth, 1)],
    )
    assert [m.procedure.code for m in group.members.all()] == ["1.001193", "1.004194"]
    assert AuditRecord.objects.get(action="catalog.create_group").changes["code"] == [None, "LT-KS"]


def test_updating_a_group_replaces_its_members(birth_and_residence):
    birth, residence = birth_and_residence
    group = services.create_group(actor=None, code="G", name="Nhóm", members=[member(birth, 1)])
    services.update_group(
        actor=None, group=group, name="Nhóm mới", members=[member(residence, 1), member(birth, 2)]
    )
    group.refresh_from_db()
    assert group.name == "Nhóm mới"
    assert [m.procedure.code for m in group.members.all()] == ["1.004194", "1.001193"]
    assert set(AuditRecord.objects.get(action="catalog.update_group").changes) == {
        "name",
        "members",
    }


@pytest.mark.parametrize("duplicate", ["procedure", "order"])
def test_a_procedure_or_an_order_twice_in_a_group_is_refused(birth_and_residence, duplicate):
    birth, residence = birth_and_residence
    second = member(birth, 2) if duplicate == "procedure" else member(residence, 1)
    with pytest.raises(ValidationError) as error:
        services.create_group(actor=None, code="G", name="Nhóm", members=[member(birth, 1), second])
    assert "members" in error.value.message_dict
