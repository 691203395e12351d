"""A few living dossiers for the demo, made by the real services, dated in the recent past so
that every list of the staff workspace has something in it on the first `make run`:

- two online submissions of the demo citizen to branch 1 (HN-CN01), waiting in its inbox;
- three birth registrations received at branch 1 for a family of Hoàn Kiếm ward (boundary-free:
  the ward decides): one not assigned yet, one in the specialist's hands, one from a week ago
  that has run late;
- one decided by the ward and waiting at branch 1 for the citizen to collect it.

Loaded once, into a database without dossiers; the people are the demo accounts of hanoi.py.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.calendars.selectors import effective_calendar
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, StepStatus
from motcua.dossiers.services import (
    ComponentHandedIn,
    ReceptionRequest,
    assign,
    complete_step,
    receive_at_counter,
    record_result,
    route,
    submit_online,
)
from motcua.organizations.models import AdministrativeArea, ServicePoint

WARD_AREA = "00070"  # Phường Hoàn Kiếm: its people's committee decides civil-status matters
BIRTH = "1.001193"  # Đăng ký khai sinh
EXTRACT = "2.000635"  # Cấp bản sao Trích lục hộ tịch

FAMILY = {
    "applicant_name": "Nguyễn Văn An",
    "applicant_identity_kind": "cccd",
    "applicant_identity_number": "001090012345",
    "applicant_phone": "0912345678",
    "applicant_email": "an.nguyen@example.vn",
    "applicant_address": "12 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
}


def working_days_ago(days: int, hour: int, now: datetime.datetime) -> datetime.datetime:
    """`hour` o'clock on the working day `days` working days before `now`'s day (0: today,
    or the last working day when today is not one), in Vietnam's time."""
    calendar = effective_calendar()
    day = timezone.localtime(now).date()
    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    for _ in range(days):
        day -= datetime.timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= datetime.timedelta(days=1)
    instant = datetime.datetime.combine(day, datetime.time(hour), tzinfo=calendar.zone)
    return min(instant, now)


def _version(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.filter(procedure__code=code, status="published").latest(
        "number"
    )


def _required(version) -> tuple[ComponentHandedIn, ...]:
    return tuple(
        ComponentHandedIn(component_id=c.pk, digitised=True)
        for c in version.components.filter(required=True)
    )


def load_demo_dossiers(now: datetime.datetime | None = None) -> int:
    """The dossiers above; none when the database already holds a dossier. Returns how many."""
    if Dossier.objects.exists():
        return 0
    now = now or timezone.now()
    people = {u.username: u for u in User.objects.filter(is_demo=True)}
    officer, ward_officer = people["tiepnhan"], people["tiepnhan.hoankiem"]
    specialist, leader = people["chuyenvien.hoankiem"], people["lanhdao.hoankiem"]
    citizen = User.objects.get(identity_number=FAMILY["applicant_identity_number"])
    branch = ServicePoint.objects.get(code="HN-CN01")
    ward_point = ServicePoint.objects.get(code=f"HN-X{WARD_AREA}")
    ward = AdministrativeArea.objects.get(code=WARD_AREA)
    birth, extract = _version(BIRTH), _version(EXTRACT)

    def received(point, actor, when, child: str, **extra) -> Dossier:
        request = ReceptionRequest(
            procedure_version=birth,
            applicant_area=ward,
            components=_required(birth),
            summary=f"Đăng ký khai sinh cho cháu {child}",
            **FAMILY,
            **extra,
        )
        dossier = receive_at_counter(actor=actor, point=point, request=request, received_at=when)
        return route(actor=actor, dossier=dossier, at=when + datetime.timedelta(minutes=20))

    with transaction.atomic():
        late = received(branch, officer, working_days_ago(6, 9, now), "Nguyễn Minh Khôi")
        assign(actor=leader, dossier=late, handler=specialist, at=working_days_ago(6, 11, now))
        recent = received(branch, officer, working_days_ago(1, 10, now), "Nguyễn Bảo Ngọc")
        assign(actor=leader, dossier=recent, handler=specialist, at=working_days_ago(1, 14, now))
        received(branch, officer, working_days_ago(0, 8, now), "Nguyễn Gia Huy")

        decided = received(
            ward_point,
            ward_officer,
            working_days_ago(3, 9, now),
            "Nguyễn Thảo Vy",
            return_point=branch,
        )
        assign(actor=leader, dossier=decided, handler=specialist, at=working_days_ago(3, 10, now))
        finished_at = working_days_ago(1, 15, now)
        while (
            step := decided.steps.filter(status=StepStatus.IN_PROGRESS)
            .exclude(action="return")
            .first()
        ):
            actor = specialist if step.action == "appraise" else leader
            complete_step(actor=actor, dossier=decided, step=step, at=finished_at)
        record_result(
            actor=leader,
            dossier=decided,
            granted=True,
            text="Đã cấp Giấy khai sinh và trích lục khai sinh",
            at=finished_at,
        )

        online_forms = {
            birth: {
                "ho_ten_tre": "Nguyễn An Nhiên",
                "ngay_sinh": (timezone.localdate(now) - datetime.timedelta(days=9)).isoformat(),
                "gioi_tinh": "Nữ",
                "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
                "ho_ten_me": "Trần Thị Mai",
                "quan_he_nguoi_yeu_cau": "Cha",
            },
            extract: {},
        }
        for version, form_data in online_forms.items():
            submit_online(
                actor=citizen,
                procedure_version=version,
                point=branch,
                form_data=form_data,
                components=_required(version),
                applicant_area=ward,
                applicant_address=FAMILY["applicant_address"],
                summary=f"Nộp trực tuyến: {version.name}",
                submitted_at=min(now, working_days_ago(0, 8, now) + datetime.timedelta(minutes=5)),
            )
    return Dossier.objects.count()
