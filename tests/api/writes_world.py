"""A small world for the dossier write and list API tests: a commune with a service point, its
reception officer, a published procedure, and helpers to call the API with a token."""

import datetime
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from factories.accounts import StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.accounts.services import create_api_token
from motcua.organizations.models import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: A Monday morning in Hanoi: every test that receives runs "now" = this instant.
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VN)


@dataclass
class World:
    commune: object
    area: object
    point: object
    officer: object
    procedure: object
    version: object

    def body(self, **changes) -> dict:
        """A complete counter reception body; `changes` override or add fields."""
        required = self.version.components.filter(required=True)
        body = {
            "point": self.point.code,
            "procedure": self.procedure.code,
            "applicant_name": "Lê Thị Hoa",
            "applicant_identity_kind": "cccd",
            "applicant_identity_number": "001090012345",
            "applicant_area": self.area.code,
            "applicant_email": "hoa@example.vn",
            "components": [{"component": c.id} for c in required],
        }
        body.update(changes)
        return body


def make_world(city, *, code="000.C0.04.H26", point_name="Trung tâm PVHCC phường Thử") -> World:
    area = CommuneFactory()
    commune = UnitFactory(code=code, level="commune", area=area, parent=city)
    point = ServicePointFactory(agency=commune, area=area, name=point_name)
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    procedure = PublishedProcedureFactory(version__name="Đăng ký kết hôn")
    return World(commune, area, point, officer, procedure, procedure.versions.get())


def auth(user, **headers) -> dict:
    token = create_api_token(actor=user, owner=user)[1]
    return {"HTTP_AUTHORIZATION": f"Token {token}", **headers}


def post(client, path, body, user, **headers):
    return client.post(
        f"/api/v1/{path}",
        data=json.dumps(body),
        content_type="application/json",
        **auth(user, **headers),
    )
