"""The people, units and procedure that the processing tests share (no tests of its own):
the applicant lives in commune B and submits at commune A's centre (boundary-free); commune B
decides; a tax office and the police are consulted in the inter-agency scenario.

Each module declares its own `world` fixture calling `build_world` (a fixture imported by
name would shadow its argument, which the linter rightly flags).
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from factories.accounts import CitizenFactory, StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.catalog.models import ProcessStep
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.reception import (
    ComponentHandedIn,
    ReceptionRequest,
    receive_at_counter,
)
from motcua.organizations.models import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    """An instant of March 2026 in Hanoi: no holiday that month, weekends on 7-8, 14-15…"""
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VN)


MONDAY_9 = at(2, 9)  # Monday 2 March 2026


def _staff(role, unit, point=None):
    user = StaffUserFactory()
    MembershipFactory(user=user, unit=unit, role=role, service_point=point)
    return user


def build_world(settings, city) -> dict:
    """Call from a fixture with pytest-django's `settings` and the `city` fixture."""
    # Nobody logs in here: spare the nine slow Argon2 hashes of the accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    area_a, area_b = CommuneFactory(name="Phường A"), CommuneFactory(name="Phường B")
    commune_a = UnitFactory(code="000.C0.01.H26", level="commune", area=area_a, parent=city)
    commune_b = UnitFactory(code="000.C0.02.H26", level="commune", area=area_b, parent=city)
    tax = UnitFactory(code="000.00.21.H26", name="Thuế cơ sở 1", parent=city)
    police = UnitFactory(code="000.00.22.H26", name="Công an phường B", parent=city)
    point_a = ServicePointFactory(agency=commune_a, area=area_a, kind="commune_centre")
    point_b = ServicePointFactory(agency=commune_b, area=area_b, kind="commune_centre")
    procedure = PublishedProcedureFactory(version__name="Đăng ký khai sinh", version__days=3)
    return {
        "officer": _staff(Role.RECEPTION_OFFICER, commune_a, point_a),
        "officer_b": _staff(Role.RECEPTION_OFFICER, commune_b, point_b),
        "leader": _staff(Role.UNIT_LEADER, commune_b),
        "specialist": _staff(Role.SPECIALIST, commune_b),
        "outsider": _staff(Role.SPECIALIST, commune_a),
        "tax_specialist": _staff(Role.SPECIALIST, tax),
        "police_specialist": _staff(Role.SPECIALIST, police),
        "admin": _staff(Role.SYSTEM_ADMIN, city),
        "citizen": CitizenFactory(),
        "point": point_a,
        "point_b": point_b,
        "commune_a": commune_a,
        "commune_b": commune_b,
        "tax": tax,
        "police": police,
        "area_b": area_b,
        "version": procedure.versions.get(),
    }


def inter_agency_version(world, *, days=10):
    """A version whose process consults the tax office and the police in parallel, under the
    competent commune as lead, between appraisal and approval."""
    version = PublishedProcedureFactory(
        version__name="Đăng ký thường trú kèm nghĩa vụ tài chính", version__days=days
    ).versions.get()
    ProcessStep.objects.filter(version=version).delete()
    plan = [
        ("Tiếp nhận hồ sơ", "receive", "receiving_point", None, 2, "", False),
        ("Thẩm định hồ sơ", "appraise", "competent_unit", None, 16, "", False),
        ("Tổng hợp ý kiến", "appraise", "competent_unit", None, 16, "LT", True),
        ("Xác định nghĩa vụ thuế", "consult", "fixed_unit", world["tax"], 16, "LT", False),
        ("Xác minh cư trú", "consult", "fixed_unit", world["police"], 12, "LT", False),
        ("Phê duyệt, ký kết quả", "approve", "competent_unit", None, 8, "", False),
        ("Trả kết quả", "return", "receiving_point", None, 4, "", False),
    ]
    for order, (name, action, kind, unit, hours, group, lead) in enumerate(plan, 1):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=name,
            action=action,
            performer_kind=kind,
            performer_unit=unit,
            allotted_hours=Decimal(hours),
            parallel_group=group,
            is_lead=lead,
        )
    return version


def receive(world, *, when=MONDAY_9, version=None, owner=None, **overrides) -> Dossier:
    version = version or world["version"]
    required = [c for c in version.components.all() if c.required]
    data = {
        "procedure_version": version,
        "applicant_name": "Trần Văn Bình",
        "applicant_identity_kind": "cccd",
        "applicant_identity_number": "001090012345",
        "applicant_area": world["area_b"],
        "applicant_email": "binh@example.vn",
        "components": tuple(ComponentHandedIn(component_id=c.id, digitised=True) for c in required),
    }
    data.update(overrides)
    dossier = receive_at_counter(
        actor=world["officer"],
        point=world["point"],
        request=ReceptionRequest(**data),
        received_at=when,
    )
    if owner is not None:
        # Test setup only: an account claims the dossier (not a change of state).
        Dossier.objects.filter(pk=dossier.pk).update(owner=owner)
        dossier.refresh_from_db()
    return dossier


def fresh(dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)
