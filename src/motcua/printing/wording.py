"""The wording and number formats of the printed forms.

The forms are Vietnamese legal documents (Circular 01/2018/TT-VPCP): their text is Vietnamese
whatever the interface language, so the words below are the forms' own, not interface strings
(those go through gettext with English message ids, ADR 0002).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

PAPER_FORMS = {"original": "Bản chính", "certified_copy": "Bản sao chứng thực", "copy": "Bản sao"}

STEP_OUTCOMES = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}

REFUSAL_REASONS = {
    "not_competent": "Thủ tục không thuộc thẩm quyền giải quyết của tỉnh, thành phố",
    "not_eligible": "Người nộp không thuộc đối tượng thực hiện thủ tục",
    "forged_papers": "Giấy tờ giả mạo hoặc bị tẩy xóa, sửa chữa",
    "not_completed": "Không bổ sung, hoàn thiện hồ sơ theo yêu cầu",
    "other": "Lý do khác",
}

RETURN_CHANNELS = {
    "counter": "Tại Bộ phận Một cửa",
    "post": "Qua dịch vụ bưu chính công ích",
    "electronic": "Trực tuyến (bản điện tử)",
}

HANDOVER_OUTCOMES = {
    "": "Chưa nhận",
    "accepted": "Đã nhận đủ",
    "discrepancy": "Đã nhận, có sai lệch",
    "refused": "Không nhận, trả lại",
}

_PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


def local(instant: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(instant) if instant is not None else None


def date_vn(value) -> str:
    """dd/mm/yyyy in Vietnam time; empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    return f"{value:%d/%m/%Y}"


def time_vn(instant: datetime.datetime | None) -> str:
    return f"{local(instant):%H:%M}" if instant is not None else ""


def datetime_vn(instant: datetime.datetime | None) -> str:
    """ "09:30 ngày 02/03/2026": the way the forms write an instant."""
    if instant is None:
        return ""
    return f"{time_vn(instant)} ngày {date_vn(instant)}"


def short_datetime_vn(instant: datetime.datetime | None) -> str:
    """ "09:30 02/03/2026", for table cells."""
    if instant is None:
        return ""
    return f"{time_vn(instant)} {date_vn(instant)}"


def long_date_vn(value) -> str:
    """ "ngày 02 tháng 03 năm 2026", for the place-and-date line."""
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    return f"ngày {value:%d} tháng {value:%m} năm {value:%Y}"


def money_vn(amount: int) -> str:
    """8000 → "8.000 đồng"."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def working_days_vn(hours: Decimal) -> str:
    """The legal time stored in working hours (8 a day) as the receipt writes it."""
    days = Decimal(hours) / 8
    text = f"{days:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} ngày làm việc"


def place_name(area) -> str:
    """The province's name as the place-and-date line writes it ("Hà Nội")."""
    while area is not None and area.level != "province" and area.parent_id:
        area = area.parent
    if area is None:
        return ""
    name = area.name
    for prefix in _PROVINCE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def province_name(area) -> str:
    while area is not None and area.level != "province" and area.parent_id:
        area = area.parent
    return area.name if area is not None else ""
