"""Administrative areas, agencies and units, service points and staff roles.

Nothing here is ever hard-deleted: a province's communes are merged, units renamed and
re-coded, yet a dossier received years ago must still show the names of its day. Renames write
a name record; mergers mark the old entity dissolved and point to its successor.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.organizations.validators import validate_agency_code


class HardDeleteRefused(Exception):
    """Organisations keep their history: dissolve or end, never delete."""


class KeepHistoryQuerySet(models.QuerySet):
    def delete(self):
        raise HardDeleteRefused(f"{self.model.__name__} rows are never deleted.")


class KeepHistoryModel(models.Model):
    objects = KeepHistoryQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise HardDeleteRefused(f"{type(self).__name__} rows are never deleted.")


class NameRecord(models.Model):
    """A name an entity bore until a date: the trace of a rename."""

    name = models.CharField(_("name"), max_length=255)
    valid_until = models.DateField(_("valid until"))
    legal_reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["valid_until"]


class Succession(KeepHistoryModel):
    """What areas and units share: names of the past, dissolution, a successor after a merger."""

    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )

    class Meta:
        abstract = True

    def name_on(self, day: datetime.date) -> str:
        """The name borne on `day` (the current name when no rename followed)."""
        earlier = self.former_names.filter(valid_until__gte=day).order_by("valid_until").first()
        return earlier.name if earlier else self.name


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class AdministrativeArea(Succession):
    """A province or commune, keyed by the statistics office code (01 Hà Nội, 00004 Ba Đình…)."""

    code = models.CharField(_("statistics code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=255)
    division_type = models.CharField(_("division type"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("province"),
    )

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AreaName(NameRecord):
    area = models.ForeignKey(
        AdministrativeArea, on_delete=models.PROTECT, related_name="former_names"
    )

    class Meta(NameRecord.Meta):
        verbose_name = _("former area name")
        verbose_name_plural = _("former area names")

    def __str__(self) -> str:
        return f"{self.name} (→ {self.valid_until:%d/%m/%Y})"


class UnitLevel(models.TextChoices):
    CITY = "city", _("City (province)")
    DEPARTMENT = "department", _("Department")
    COMMUNE = "commune", _("Commune")
    BRANCH = "branch", _("Branch")
    DIVISION = "division", _("Division (internal office)")


class Unit(Succession):
    """An agency or any node of the tree of the state's organisations.

    `path` is the chain of ancestors' ids ("/1/5/12/"): a subtree is a prefix query, which is
    what "the work of my unit and everything under it" needs.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("agency code (QCVN 102)"), max_length=13, unique=True, validators=[validate_agency_code]
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    area = models.ForeignKey(
        AdministrativeArea, on_delete=models.PROTECT, related_name="units", verbose_name=_("area")
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


class UnitName(NameRecord):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="former_names")

    class Meta(NameRecord.Meta):
        verbose_name = _("former unit name")
        verbose_name_plural = _("former unit names")

    def __str__(self) -> str:
        return f"{self.name} (→ {self.valid_until:%d/%m/%Y})"


class ServicePointKind(models.TextChoices):
    CITY_CENTRE = "city_centre", _("City public administration service centre")
    BRANCH = "branch", _("Branch of the city centre")
    COMMUNE_CENTRE = "commune_centre", _("Commune public administration service centre")
    DEPARTMENT_DESK = "department_desk", _("One-stop desk of a department")


class ServicePoint(KeepHistoryModel):
    """Where dossiers are received and results returned (điểm tiếp nhận)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ServicePointKind.choices)
    agency = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="service_points", verbose_name=_("agency")
    )
    address = models.CharField(_("address"), max_length=500)
    area = models.ForeignKey(
        AdministrativeArea,
        on_delete=models.PROTECT,
        related_name="service_points",
        verbose_name=_("area"),
    )
    # Boundary-free reception (Decree 118/2025 Art. 14.2): by default a point receives every
    # procedure of the province, whoever is competent for it.
    receives_all_procedures = models.BooleanField(_("receives every procedure"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    SUPERVISOR = "supervisor", _("Supervisor (City Office)")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class MembershipQuerySet(KeepHistoryQuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)


class Membership(KeepHistoryModel):
    """A staff member's role in a unit. Ending a role keeps the row: who held it is history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    service_point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("service point"),
        help_text=_("Where a reception officer works."),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_current_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
