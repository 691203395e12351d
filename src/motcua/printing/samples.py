"""Sample data for checking an uploaded template: the same keys a real form's context has
(a test holds the two together), with Vietnamese values long enough to show overflow."""

import copy

from motcua.printing.contexts import A4_LANDSCAPE, A5, header, qr_data_uri
from motcua.printing.models import FormKind

_URL = "http://127.0.0.1:8000/tra-cuu/000.00.11.H26-260302-0001/"
_POINT = {"name": "Trung tâm Phục vụ hành chính công", "address": "1 Tràng Tiền", "code": "HN-1"}
_HEADER = {
    "superior": "UBND THÀNH PHỐ HÀ NỘI",
    "unit": "SỞ TƯ PHÁP",
    "unit_name": "Sở Tư pháp",
    "national_name": header(None)["national_name"],
    "national_motto": header(None)["national_motto"],
    "place_date": "Hà Nội, ngày 02 tháng 03 năm 2026",
}
_COMMON = {
    "title": "MẪU",
    "header": _HEADER,
    "dossier": {
        "code": "000.00.11.H26-260302-0001",
        "received_at": "09:00 ngày 02/03/2026",
        "due_at": "09:00 ngày 05/03/2026",
    },
    "applicant": {
        "name": "Trần Văn Bình",
        "identity_number": "001090012345",
        "address": "Số 5 phố Hàng Bông, phường Hoàn Kiếm",
        "phone": "0912345678",
        "email": "binh@example.vn",
        "contact": "0912345678, binh@example.vn",
        "representative": "",
        "representative_identity_number": "",
    },
    "request": {
        "procedure": "Đăng ký khai sinh",
        "procedure_code": "1.001193",
        "field": "Hộ tịch",
        "summary": "Đăng ký khai sinh",
    },
    "signature": {"signed": True, "signer": "Sở Tư pháp"},
}
_PAPER = {"number": 1, "name": "Tờ khai đăng ký khai sinh", "paper_form": "Bản chính"}

_SPECIFIC = {
    FormKind.RECEIPT: {
        "point": _POINT,
        "components": [{**_PAPER, "quantity": 1}],
        "sets": 1,
        "legal_time": "3 ngày làm việc",
        "collect_at": "Trung tâm Phục vụ hành chính công, 1 Tràng Tiền",
        "fees": [{"name": "Lệ phí", "amount": "8.000 đồng"}],
        "fees_total": "8.000 đồng",
        "book": {"day": "02/03/2026", "entry": "1"},
        "officer": "Nguyễn Thị Lan",
        "lookup_url": _URL,
        "qr": None,  # filled once, below
    },
    FormKind.SUPPLEMENT_REQUEST: {
        "number": "01",
        "requested_at": "09:00 ngày 02/03/2026",
        "stage": "reception",
        "items": [{"number": 1, "name": "Giấy chứng sinh", "reason": "Chưa có bản chính"}],
        "note": "",
        "help_contact": "Trung tâm Phục vụ hành chính công, 1 Tràng Tiền",
        "officer": "Nguyễn Thị Lan",
        "point": _POINT,
    },
    FormKind.REFUSAL: {
        "decided_at": "09:00 ngày 02/03/2026",
        "reason": "Lý do khác",
        "reason_text": "Hồ sơ không thuộc thẩm quyền giải quyết",
        "officer": "Nguyễn Thị Lan",
        "point": _POINT,
    },
    FormKind.GUIDANCE: {
        "decided_at": "09:00 ngày 02/03/2026",
        "text": "Chuẩn bị bản chính giấy chứng sinh",
        "components": [
            {**_PAPER, "originals": 1, "copies": 0, "condition": "", "required": True},
        ],
        "officer": "Nguyễn Thị Lan",
        "point": _POINT,
    },
    FormKind.APOLOGY: {
        "issued_at": "09:00 ngày 04/03/2026",
        "received_on": "02/03/2026",
        "old_due_at": "09:00 ngày 05/03/2026",
        "new_due_at": "09:00 ngày 10/03/2026",
        "reason": "Cần xác minh thêm thông tin",
        "signer": "Lê Văn Hùng",
        "lookup_url": _URL,
        "qr": None,
    },
    FormKind.CONTROL_SHEET: {
        "lead_unit": "Sở Tư pháp",
        "cooperating_units": ["Công an phường Hoàn Kiếm"],
        "rows": [
            {
                "order": 1,
                "step": "Tiếp nhận hồ sơ",
                "unit": "Sở Tư pháp",
                "handler": "Nguyễn Thị Lan",
                "handed_over_at": "09:00 ngày 02/03/2026",
                "received_at": "09:00 ngày 02/03/2026",
                "due_at": "11:00 ngày 02/03/2026",
                "finished_at": "10:00 ngày 02/03/2026",
                "outcome": "Trước hạn",
                "note": "",
            }
        ],
    },
    FormKind.TRACKING_BOOK: {
        "point": _POINT,
        "day": "02/03/2026",
        "rows": [
            {
                "number": 1,
                "code": "000.00.11.H26-260302-0001",
                "procedure": "Đăng ký khai sinh",
                "sets": 1,
                "applicant": "Trần Văn Bình",
                "contact": "0912345678",
                "received_at": "09:00 ngày 02/03/2026",
                "due_at": "09:00 ngày 05/03/2026",
                "returned_at": "",
                "note": "Đã tiếp nhận",
            }
        ],
    },
    FormKind.HANDOVER_SLIP: {
        "batch": {
            "number": "HN-1-260302-01",
            "from": "Trung tâm Phục vụ hành chính công",
            "to": "Sở Tư pháp",
            "created_at": "09:00 ngày 02/03/2026",
            "sent_at": "15:00 ngày 02/03/2026",
            "received_at": "",
            "sent_by": "Nguyễn Thị Lan",
            "received_by": "",
            "note": "",
            "receipt_note": "",
        },
        "items": [
            {
                "number": 1,
                "code": "000.00.11.H26-260302-0001",
                "applicant": "Trần Văn Bình",
                "procedure": "Đăng ký khai sinh",
                "papers": "Tờ khai đăng ký khai sinh (Bản chính, 01)",
                "outcome": "Chưa nhận",
                "note": "",
            }
        ],
    },
}

PAGES = {form: (A4_LANDSCAPE if form == FormKind.TRACKING_BOOK else A5) for form in FormKind}

_qr = None


def sample_context(form: str) -> dict:
    global _qr
    if _qr is None:
        _qr = qr_data_uri(_URL)
    context = copy.deepcopy({**_COMMON, **_SPECIFIC[form], "form": str(form)})
    if "qr" in context:
        context["qr"] = _qr
    return context
