"""A realistic small world for the printed forms (no tests of its own): a ward centre of Hà Nội
receives a birth registration for the neighbouring ward (boundary-free), with Vietnamese names
everywhere so that the PDFs' text can be checked letter by letter.

Each module declares its own `world` fixture calling `build_world`.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from factories.accounts import CitizenFactory, StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.organizations.models import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    """An instant of March 2026 in Hanoi (no holiday that month; weekends 7-8, 14-15…)."""
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VN)


MONDAY_9 = at(2, 9)


def _staff(name, role, unit, point=None):
    user = StaffUserFactory(full_name=name)
    MembershipFactory(user=user, unit=unit, role=role, service_point=point)
    return user


def build_world(settings, city, tmp_path) -> dict:
    """Call from a fixture with pytest-django's `settings`, `city` and `tmp_path`: demo mode
    on, the data folder (and so the demo PKI) in the test's own directory."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEMO_MODE = True
    settings.DATA_DIR = tmp_path
    settings.PUBLIC_BASE_URL = "https://motcua.hanoi.gov.vn"
    area_a = CommuneFactory(name="Phường Hoàn Kiếm")
    area_b = CommuneFactory(name="Phường Cửa Nam")
    ward_a = UnitFactory(
        code="000.C0.01.H26",
        name="Ủy ban nhân dân phường Hoàn Kiếm",
        level="commune",
        area=area_a,
        parent=city,
    )
    ward_b = UnitFactory(
        code="000.C0.02.H26",
        name="Ủy ban nhân dân phường Cửa Nam",
        level="commune",
        area=area_b,
        parent=city,
    )
    point = ServicePointFactory(
        code="HN-HK-01",
        name="Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
        agency=ward_a,
        area=area_a,
        kind="commune_centre",
        address="Số 126 phố Hàng Trống, phường Hoàn Kiếm",
    )
    point_b = ServicePointFactory(
        code="HN-CN-01",
        name="Trung tâm Phục vụ hành chính công phường Cửa Nam",
        agency=ward_b,
        area=area_b,
        kind="commune_centre",
        address="Số 2 phố Hàng Bông, phường Cửa Nam",
    )
    procedure = PublishedProcedureFactory(version__name="Đăng ký khai sinh", version__days=3)
    return {
        "officer": _staff("Nguyễn Thị Lan", Role.RECEPTION_OFFICER, ward_a, point),
        "officer_b": _staff("Đỗ Văn Quý", Role.RECEPTION_OFFICER, ward_b, point_b),
        "leader": _staff("Lê Văn Hùng", Role.UNIT_LEADER, ward_b),
        "specialist": _staff("Phạm Minh Đức", Role.SPECIALIST, ward_b),
        "outsider": _staff("Vũ Thị Hạnh", Role.SPECIALIST, ward_a),
        "citizen": CitizenFactory(full_name="Trần Văn Bình"),
        "other_citizen": CitizenFactory(full_name="Hoàng Thị Mai"),
        "point": point,
        "point_b": point_b,
        "ward_a": ward_a,
        "ward_b": ward_b,
        "area_b": area_b,
        "version": procedure.versions.get(),
    }


APPLICANT = {
    "applicant_name": "Trần Văn Bình",
    "applicant_identity_kind": "cccd",
    "applicant_identity_number": "001090012345",
    "applicant_address": "Số 5 phố Hàng Bông, phường Cửa Nam",
    "applicant_phone": "0912345678",
    "applicant_email": "binh@example.vn",
}


def reception_request(world, *, all_papers=True, **overrides) -> ReceptionRequest:
    version = overrides.get("procedure_version") or world["version"]
    components = [c for c in version.components.order_by("order") if all_papers or c.required]
    data = {
        "procedure_version": version,
        **APPLICANT,
        "applicant_area": world["area_b"],
        "components": tuple(
            ComponentHandedIn(component_id=c.id, digitised=True) for c in components
        ),
    }
    data.update(overrides)
    return ReceptionRequest(**data)


def receive(world, *, when=MONDAY_9, owner="citizen", **overrides) -> Dossier:
    dossier = receive_at_counter(
        actor=world["officer"],
        point=world["point"],
        request=reception_request(world, **overrides),
        received_at=when,
    )
    if owner:
        # Test setup only: the citizen's account claims the dossier (not a change of state).
        Dossier.objects.filter(pk=dossier.pk).update(owner=world[owner])
        dossier.refresh_from_db()
    return dossier


def pdf_text(data: bytes) -> str:
    """The text of every page, as pypdf extracts it, lines joined by single spaces."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())


def page_size_mm(data: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)
