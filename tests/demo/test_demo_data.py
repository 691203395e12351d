"""Rule: `motcua demo` loads Hanoi with its 126 communes, its agencies and one user per role;
a second run adds nothing; it is refused outside demo mode (issue 2 §8)."""

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import User
from motcua.audit.services import seal_pending, verify_chain
from motcua.catalog.models import Procedure, ProcedureGroup, ProcedureVersion
from motcua.organizations.models import AdministrativeArea, Membership, Role, ServicePoint, Unit

pytestmark = pytest.mark.django_db


def counts():
    return (
        AdministrativeArea.objects.count(),
        Unit.objects.count(),
        ServicePoint.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_demo_loads_hanoi_and_twice_adds_nothing(settings):
    settings.DEMO_MODE = True
    call_command("demo")
    first = counts()
    assert AdministrativeArea.objects.filter(level="province").count() == 34
    assert AdministrativeArea.objects.filter(level="commune").count() == 3321
    assert AdministrativeArea.objects.filter(parent__code="01").count() == 126
    assert Unit.objects.filter(level="commune").count() == 126
    assert ServicePoint.objects.filter(kind="commune_centre").count() == 126
    assert ServicePoint.objects.filter(kind="branch").count() >= 3
    for name in [
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Nông nghiệp và Môi trường",
        "Sở Tài chính",
        "Công an thành phố Hà Nội",
        "Bảo hiểm xã hội thành phố Hà Nội",
    ]:
        assert Unit.objects.filter(name=name, level="department").exists(), name
    for role in Role.values:
        assert Membership.objects.filter(role=role, user__is_demo=True).exists(), role
    assert User.objects.filter(kind="citizen", is_demo=True).count() == 2
    assert Procedure.objects.count() >= 15
    assert ProcedureVersion.objects.filter(status="published").count() >= 15
    assert ProcedureGroup.objects.filter(code="LT-KS-TT-BHYT").exists()
    call_command("demo")
    assert counts() == first
    call_command("demo", "--if-empty")
    assert counts() == first


def test_demo_writes_are_audited_and_chain_verifies(settings):
    settings.DEMO_MODE = True
    call_command("demo")
    seal_pending()
    report = verify_chain()
    assert report.ok and report.checked > 100


def test_demo_is_refused_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo")
    assert Unit.objects.count() == 0


def test_demo_accounts_cannot_log_in_outside_demo_mode(settings, client):
    settings.DEMO_MODE = True
    call_command("demo")
    assert (
        client.post("/dang-nhap/", {"username": "tiepnhan", "password": "motcua-demo"}).status_code
        == 302
    )
    client.logout()
    settings.DEMO_MODE = False
    response = client.post("/dang-nhap/", {"username": "tiepnhan", "password": "motcua-demo"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_the_demo_gives_every_list_of_the_workspace_something_to_show(settings):
    """Online inbox, unit queue, my work, late list and returns desk of the demo accounts are
    not empty on the first run; the dossiers were made by the services (history, steps)."""
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from motcua.dossiers.models import Dossier

    settings.DEMO_MODE = True
    monday_10 = datetime.datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(monday_10, tick=False):
        call_command("demo")
    by_status = {}
    for dossier in Dossier.objects.all():
        by_status.setdefault(dossier.status, []).append(dossier)
        assert dossier.history.exists()
    assert len(by_status["submitted"]) == 2
    assert len(by_status["result_ready"]) == 1
    open_ones = by_status["in_progress"] + by_status.get("received", [])
    assert len(open_ones) == 3
    assert {d.competent_unit.name for d in open_ones} == {"Ủy ban nhân dân Phường Hoàn Kiếm"}
    assert any(d.due_at < monday_10 for d in open_ones)  # one has run late
    call_command("demo")
    assert Dossier.objects.count() == 6  # a second run adds nothing
