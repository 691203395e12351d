import factory

from motcua.organizations.models import (
    AdministrativeArea,
    AreaLevel,
    Membership,
    Role,
    ServicePoint,
    ServicePointKind,
    Unit,
    UnitLevel,
)


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeArea
        django_get_or_create = ("code",)

    code = "01"
    name = "Thành phố Hà Nội"
    division_type = "thành phố trung ương"
    level = AreaLevel.PROVINCE


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    division_type = "phường"
    level = AreaLevel.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit with its tree path set, as the service would."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"000.00.{n % 100:02d}.H{26 + n // 100:02d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    level = UnitLevel.DEPARTMENT
    area = factory.SubFactory(ProvinceFactory)
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = super()._create(model_class, *args, **kwargs)
        unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
        Unit.objects.filter(pk=unit.pk).update(path=unit.path)
        return unit


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    code = factory.Sequence(lambda n: f"SP-{n:03d}")
    name = factory.Sequence(lambda n: f"Điểm tiếp nhận {n}")
    kind = ServicePointKind.BRANCH
    agency = factory.SubFactory(UnitFactory)
    address = "1 Tràng Tiền, Hà Nội"
    area = factory.SubFactory(CommuneFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("factories.accounts.StaffUserFactory")
    unit = factory.SubFactory(UnitFactory)
    role = Role.SPECIALIST
    service_point = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role == Role.RECEPTION_OFFICER),
        yes_declaration=factory.SubFactory(ServicePointFactory),
        no_declaration=None,
    )
