"""Loads the Hanoi demo; every write goes through the apps' services (so it is audited) and a
second run adds nothing."""

from pathlib import Path

from django.db import transaction

from motcua.accounts import services as account_services
from motcua.accounts.models import User
from motcua.catalog.exchange import import_file
from motcua.demo import hanoi
from motcua.organizations import services as org_services
from motcua.organizations.models import (
    AdministrativeArea,
    Membership,
    ServicePoint,
    ServicePointKind,
    Unit,
    UnitLevel,
)

HANOI_CATALOGUE = Path(__file__).resolve().parents[1] / "catalog" / "data" / "hanoi_catalogue.json"


def _unit(*, code, name, short_name="", level, area, parent=None) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing:
        return existing
    return org_services.create_unit(
        actor=None,
        code=code,
        name=name,
        short_name=short_name,
        level=level,
        area=area,
        parent=parent,
    )


def _point(*, code, name, kind, agency, address, area) -> ServicePoint:
    existing = ServicePoint.objects.filter(code=code).first()
    if existing:
        return existing
    return org_services.create_service_point(
        actor=None, code=code, name=name, kind=kind, agency=agency, address=address, area=area
    )


@transaction.atomic
def load_hanoi_demo() -> dict:
    org_services.sync_areas_from_package(actor=None)
    hanoi_area = AdministrativeArea.objects.get(code=hanoi.HANOI_PROVINCE_CODE)
    communes = list(AdministrativeArea.objects.filter(parent=hanoi_area).order_by("code"))
    by_code = {a.code: a for a in communes}

    city = _unit(level=UnitLevel.CITY, area=hanoi_area, **hanoi.CITY)
    _unit(level=UnitLevel.DEPARTMENT, area=hanoi_area, parent=city, **hanoi.CITY_OFFICE)
    centre = _unit(level=UnitLevel.DEPARTMENT, area=hanoi_area, parent=city, **hanoi.SERVICE_CENTRE)
    for department in hanoi.DEPARTMENTS:
        _unit(level=UnitLevel.DEPARTMENT, area=hanoi_area, parent=city, **department)

    code, name, area_code, address = hanoi.CENTRE_HEAD_OFFICE
    _point(
        code=code,
        name=name,
        kind=ServicePointKind.CITY_CENTRE,
        agency=centre,
        address=address,
        area=by_code[area_code],
    )
    for number, (unit_code, name, area_code, address) in enumerate(hanoi.CENTRE_BRANCHES, 1):
        branch = _unit(
            code=unit_code,
            name=f"Trung tâm PVHCC thành phố — {name}",
            level=UnitLevel.BRANCH,
            area=by_code[area_code],
            parent=centre,
        )
        _point(
            code=f"HN-CN{number:02d}",
            name=name,
            kind=ServicePointKind.BRANCH,
            agency=branch,
            address=address,
            area=by_code[area_code],
        )

    # Every commune of Hanoi gets its People's Committee and its service centre.
    commune_units = {}
    for index, commune in enumerate(communes, 1):
        unit = _unit(
            code=hanoi.commune_unit_code(index),
            name=f"Ủy ban nhân dân {commune.name}",
            level=UnitLevel.COMMUNE,
            area=commune,
            parent=city,
        )
        commune_units[commune.code] = unit
        _point(
            code=f"HN-X{commune.code}",
            name=f"Trung tâm Phục vụ hành chính công {commune.name}",
            kind=ServicePointKind.COMMUNE_CENTRE,
            agency=unit,
            address=f"Trụ sở UBND {commune.name}, Hà Nội",
            area=commune,
        )

    def resolve_unit(ref: str) -> Unit:
        if ref.startswith("commune:"):
            return commune_units[ref.split(":", 1)[1]]
        return Unit.objects.get(code=ref)

    def resolve_point(ref: str | None) -> ServicePoint | None:
        if ref is None:
            return None
        if ref.startswith("commune:"):
            return ServicePoint.objects.get(code=f"HN-X{ref.split(':', 1)[1]}")
        return ServicePoint.objects.get(code=ref)

    users_created = 0
    for username, full_name, role, unit_ref, point_ref in hanoi.STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.create_staff_user(
                actor=None,
                username=username,
                full_name=full_name,
                password=hanoi.DEMO_PASSWORD,
                email=f"{username}@demo.motcua.vn",
                is_demo=True,
            )
            users_created += 1
        unit = resolve_unit(unit_ref)
        if not Membership.objects.current().filter(user=user, unit=unit, role=role).exists():
            org_services.grant_role(
                actor=None, user=user, unit=unit, role=role, service_point=resolve_point(point_ref)
            )
    for kind, number, full_name, email, phone in hanoi.CITIZENS:
        if not User.objects.filter(identity_number=number).exists():
            account_services.register_citizen(
                identity_kind=kind,
                identity_number=number,
                full_name=full_name,
                password=hanoi.DEMO_PASSWORD,
                email=email,
                phone=phone,
                is_demo=True,
            )
            users_created += 1
    # The catalogue refers to the agencies above by their codes, so it comes last.
    catalogue = import_file(HANOI_CATALOGUE, actor=None)
    return {
        "communes": len(communes),
        "catalogue": catalogue,
        "units": Unit.objects.count(),
        "service_points": ServicePoint.objects.count(),
        "users_created": users_created,
    }


def demo_accounts() -> list[tuple[str, str]]:
    """(username, role label) of the demo accounts, for `make run` to print."""
    staff = [(username, role) for username, _name, role, _unit, _point in hanoi.STAFF]
    citizens = [(number, "citizen") for _kind, number, *_rest in hanoi.CITIZENS]
    return staff + citizens
