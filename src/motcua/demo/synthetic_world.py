"""The province the synthetic dossiers of motcua.demo.synthetic happen in: its service points,
units and procedures in force (read once), and who the applicants are and where they go.

One job: choosing, for each synthetic dossier, a plausible procedure, applicant, receiving
point and competent unit. The life of the dossier itself is synthetic.py's.
"""

from __future__ import annotations

import datetime
import itertools
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from motcua.calendars.selectors import effective_calendar
from motcua.catalog.models import AgencyRole
from motcua.catalog.selectors import versions_in_force
from motcua.dossiers.models import ApplicantKind
from motcua.organizations.models import ServicePoint, ServicePointKind, Unit, UnitLevel

#: Applicants who live in the commune whose centre receives them.
AT_HOME_SHARE = 0.8


class SeedRefused(Exception):
    """The seed cannot run: dossiers exist already (without `append`), or nothing to seed with."""


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


FAMILY_NAMES = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Tạ"
)
MIDDLE_NAMES = _words("Văn Thị Hữu Đức Minh Thu Ngọc Quang Thanh Xuân Hoài Gia Bảo Khánh")
GIVEN_NAMES = _words(
    "An Bình Chi Dũng Giang Hà Hải Hằng Hùng Hương Khánh Lan Linh Long Mai Minh Nam Ngọc Phong "
    "Phương Quân Sơn Tâm Thảo Trang Tuấn Vy Yến Hiếu Đạt Thắng Huyền Nhung Tú Việt Anh"
)
COMPANY_WORDS = _words("Hoa Sen|Thăng Long|Hồng Hà|Sông Đà|Ba Vì|Tây Hồ|Kinh Bắc|Đông Đô", "|")
STREETS = _words(
    "Lê Lợi|Trần Hưng Đạo|Nguyễn Trãi|Quang Trung|Hai Bà Trưng|Lý Thường Kiệt|Kim Mã|"
    "Láng Hạ|Giải Phóng|Xuân Thủy|Nguyễn Văn Cừ|Hoàng Quốc Việt|Phạm Văn Đồng|Tố Hữu",
    "|",
)


# --- What the seed works with: points, units, versions, calendars ---------------------------


@dataclass
class VersionPlan:
    """What a reception needs to know about one version in force, read once."""

    version_id: int
    name: str
    weight: float
    legal_hours: dict  # channel → Decimal
    fixed_competent: Unit | None
    competent_level: str
    steps: list  # catalog ProcessStep rows, in order


@dataclass
class World:
    points: list
    home_point: dict  # area id → the commune centre there
    other_points: list  # branches and the city centre's offices
    areas: list  # commune areas that have a commune unit
    commune_unit: dict  # area id → unit
    versions: list
    units_by_level: dict  # level → units (fallback competent units)
    units: dict  # id → unit
    calendars: dict = field(default_factory=dict)
    cumulative_weights: list | None = None
    revision: int = 0

    def calendar(self, unit):
        key = unit.pk if unit is not None else None
        if key not in self.calendars:
            self.calendars[key] = effective_calendar(unit)
        return self.calendars[key]


def load_world(rng: random.Random, today: datetime.date) -> World:
    points = list(
        ServicePoint.objects.filter(closed_on__isnull=True)
        .select_related("agency", "area")
        .order_by("code")
    )
    if not points:
        raise SeedRefused("There is no open service point to receive dossiers.")
    commune_unit = {
        unit.area_id: unit
        for unit in Unit.objects.filter(level=UnitLevel.COMMUNE, dissolved_on__isnull=True)
    }
    home_point = {}
    for point in points:
        if point.kind == ServicePointKind.COMMUNE_CENTRE and point.area_id in commune_unit:
            home_point.setdefault(point.area_id, point)
    areas = sorted({point.area for point in points if point.area_id in home_point}, key=str)
    other_points = [p for p in points if p.area_id not in home_point or p.kind != "commune_centre"]
    units_by_level = defaultdict(list)
    for unit in Unit.objects.filter(dissolved_on__isnull=True).order_by("code"):
        units_by_level[unit.level].append(unit)

    versions = []
    in_force = list(
        versions_in_force(on=today).prefetch_related("channels", "agencies__unit", "steps")
    )
    if not in_force:
        raise SeedRefused("The catalogue has no procedure in force to receive dossiers for.")
    # A few procedures make most of the volume (birth registration, certified copies…):
    # a Zipf-like popularity over a seeded order of the catalogue.
    order = list(range(len(in_force)))
    rng.shuffle(order)
    for rank, version in zip(order, in_force, strict=True):
        competent = [a for a in version.agencies.all() if a.role == AgencyRole.COMPETENT]
        fixed = next((a.unit for a in competent if a.unit_id), None)
        level = next((a.unit_level for a in competent if a.unit_level), "")
        hours = {offer.channel: Decimal(offer.legal_hours) for offer in version.channels.all()}
        if not hours:
            continue
        versions.append(
            VersionPlan(
                version_id=version.pk,
                name=version.name,
                weight=1.0 / (rank + 1),
                legal_hours=hours,
                fixed_competent=fixed,
                competent_level=level,
                steps=sorted(version.steps.all(), key=lambda s: (s.order, s.pk)),
            )
        )
    return World(
        points=points,
        home_point=home_point,
        other_points=other_points or points,
        areas=areas,
        commune_unit=commune_unit,
        versions=versions,
        units_by_level=units_by_level,
        units={
            **{unit.pk: unit for units in units_by_level.values() for unit in units},
            **{point.agency_id: point.agency for point in points},
        },
    )


# --- One synthetic dossier ------------------------------------------------------------------


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def person(rng: random.Random) -> tuple[str, str, str]:
    """(kind, name, identity number) of an applicant: mostly citizens with a CCCD number."""
    if rng.random() < 0.08:
        words = rng.choice(COMPANY_WORDS)
        name = f"Công ty TNHH {words} {rng.randint(1, 99)}"
        return ApplicantKind.ORGANISATION, name, f"01{rng.randrange(10**8):08d}"
    name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
    # CCCD: province 001 (Hà Nội), century-and-sex digit, year of birth, six digits.
    number = f"001{rng.choice('0123')}{rng.randrange(100):02d}{rng.randrange(10**6):06d}"
    return ApplicantKind.CITIZEN, name, number


def pick_version(world: World, rng: random.Random) -> VersionPlan:
    if world.cumulative_weights is None:
        world.cumulative_weights = list(itertools.accumulate(v.weight for v in world.versions))
    return rng.choices(world.versions, cum_weights=world.cumulative_weights)[0]


def place(world: World, plan: VersionPlan, rng: random.Random):
    """(applicant's area, receiving point, competent unit) for one dossier. Commune procedures
    are mostly received at home; any point may receive anything (boundary-free)."""
    area = rng.choice(world.areas) if world.areas else None
    if plan.fixed_competent is not None:
        competent = plan.fixed_competent
        home = rng.random() < 0.4
    else:
        competent = world.commune_unit.get(area.pk) if area is not None else None
        if competent is None:
            level_units = (
                world.units_by_level.get(plan.competent_level)
                or world.units_by_level[next(iter(world.units_by_level))]
            )
            competent = rng.choice(level_units)
        home = rng.random() < AT_HOME_SHARE
    if home and area is not None and area.pk in world.home_point:
        point = world.home_point[area.pk]
    elif rng.random() < 0.5:
        point = rng.choice(world.other_points)
    else:
        point = rng.choice(world.points)
    return area, point, competent
