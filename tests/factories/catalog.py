"""Catalogue factories. `PublishedProcedureFactory` gives a procedure with one published
version in force: counter and online channels (3 working days), two components, a result and
a four-step internal process that adds up to the legal time."""

import datetime
from decimal import Decimal

import factory

from motcua.catalog.models import (
    AgencyAssignment,
    ChannelOffer,
    Component,
    Fee,
    Field,
    ProcedureVersion,
    ProcessStep,
    Result,
    VersionStatus,
)
from motcua.catalog.models import (
    Procedure as ProcedureModel,
)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "HT"
    name = "Hộ tịch"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureModel

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    code_is_illustrative = True


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    number = 1
    status = VersionStatus.DRAFT
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    level = "commune"
    online_level = "full"

    class Params:
        published = factory.Trait(
            status=VersionStatus.PUBLISHED,
            valid_from=datetime.date(2025, 7, 1),
            published_at=factory.LazyFunction(
                lambda: datetime.datetime(2025, 6, 30, 9, tzinfo=datetime.UTC)
            ),
        )


def fill_version(version, *, days=3):
    """Channels, fee, components, result, agency and process of a typical commune procedure."""
    for channel in ("counter", "online"):
        offer = ChannelOffer.objects.create(
            version=version, channel=channel, time_limit=Decimal(days), time_unit="working_days"
        )
        Fee.objects.create(offer=offer, name="Lệ phí", kind="fee", amount_vnd=8000)
    Component.objects.create(version=version, order=1, name="Tờ khai theo mẫu", originals=1)
    Component.objects.create(
        version=version,
        order=2,
        name="Giấy tờ chứng minh nơi cư trú",
        originals=0,
        copies=1,
        required=False,
        condition="Khi nộp ngoài nơi cư trú",
        document_type="CU_TRU",
    )
    Result.objects.create(version=version, name="Giấy chứng nhận", document_type="GCN")
    AgencyAssignment.objects.create(
        version=version,
        role="competent",
        unit_level="commune",
        description="Ủy ban nhân dân cấp xã",
    )
    hours = Decimal(days * 8)
    plan = [
        ("Tiếp nhận hồ sơ", "receive", "receiving_point", Decimal(2)),
        ("Thẩm định hồ sơ", "appraise", "competent_unit", hours - 8),
        ("Phê duyệt, ký kết quả", "approve", "competent_unit", Decimal(4)),
        ("Trả kết quả", "return", "receiving_point", Decimal(2)),
    ]
    for order, (name, action, performer, allotted) in enumerate(plan, 1):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=name,
            action=action,
            performer_kind=performer,
            allotted_hours=allotted,
        )
    return version


class PublishedProcedureFactory(ProcedureFactory):
    """A procedure with a complete published version; `name`, `field`, `level` and `days` can be
    passed through: PublishedProcedureFactory(version__name="Đăng ký khai sinh")."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if not create:
            return
        days = kwargs.pop("days", 3)
        version = VersionFactory(procedure=self, published=True, **kwargs)
        fill_version(version, days=days)
