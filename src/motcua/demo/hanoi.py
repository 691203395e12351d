"""The Hanoi demo: the city's agencies, service points and one named user per role.

Agency codes follow the QCVN 102 shape with Hanoi's H26; the codes themselves are
ILLUSTRATIVE (not the registry's), since the official code list was not available to us.
"""

HANOI_PROVINCE_CODE = "01"
DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - published on purpose; refused outside demo mode

CITY = {
    "code": "000.00.00.H26",
    "name": "Ủy ban nhân dân thành phố Hà Nội",
    "short_name": "UBND TP Hà Nội",
}
CITY_OFFICE = {
    "code": "000.00.01.H26",
    "name": "Văn phòng Ủy ban nhân dân thành phố Hà Nội",
    "short_name": "Văn phòng UBND TP",
}
SERVICE_CENTRE = {
    "code": "000.00.02.H26",
    "name": "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
    "short_name": "Trung tâm PVHCC TP",
}

DEPARTMENTS = [
    {"code": "000.00.11.H26", "name": "Sở Tư pháp", "short_name": "STP"},
    {"code": "000.00.12.H26", "name": "Sở Xây dựng", "short_name": "SXD"},
    {"code": "000.00.13.H26", "name": "Sở Nông nghiệp và Môi trường", "short_name": "SNNMT"},
    {"code": "000.00.14.H26", "name": "Sở Tài chính", "short_name": "STC"},
    {"code": "000.00.15.H26", "name": "Công an thành phố Hà Nội", "short_name": "CATP"},
    {"code": "000.00.16.H26", "name": "Bảo hiểm xã hội thành phố Hà Nội", "short_name": "BHXH"},
]

# Branch points of the city centre: (branch unit code, name, commune statistics code, address).
CENTRE_BRANCHES = [
    ("000.02.01.H26", "Chi nhánh số 1 — Hoàn Kiếm", "00070", "12 Lê Lai, phường Hoàn Kiếm"),
    ("000.02.02.H26", "Chi nhánh số 2 — Cầu Giấy", "00167", "258 Cầu Giấy, phường Cầu Giấy"),
    ("000.02.03.H26", "Chi nhánh số 3 — Hà Đông", "09556", "2 Quang Trung, phường Hà Đông"),
    ("000.02.04.H26", "Chi nhánh số 4 — Đông Anh", "00454", "68 Cao Lỗ, xã Đông Anh"),
    ("000.02.05.H26", "Chi nhánh số 5 — Sơn Tây", "09574", "1 Lê Lợi, phường Sơn Tây"),
]
CENTRE_HEAD_OFFICE = (
    "HN-TTPVHCC",
    "Trụ sở Trung tâm Phục vụ hành chính công thành phố",
    "00091",
    "258 Võ Chí Công, phường Phú Thượng",
)


def commune_unit_code(index: int) -> str:
    """Illustrative code of the People's Committee of the index-th commune (1-based)."""
    return f"000.C{(index - 1) // 99}.{(index - 1) % 99 + 1:02d}.H26"


# One named user per role. (username, full name, role, unit code, service point code or None)
STAFF = [
    ("tiepnhan", "Nguyễn Thị Lan", "reception_officer", "000.02.01.H26", "HN-CN01"),
    ("tiepnhan.hoankiem", "Trần Văn Minh", "reception_officer", "commune:00070", "commune:00070"),
    ("chuyenvien", "Lê Thu Hà", "specialist", "000.00.11.H26", None),
    ("lanhdao", "Phạm Quốc Hùng", "unit_leader", "000.00.11.H26", None),
    # The ward that decides the demo's civil-status dossiers (birth registration…).
    ("chuyenvien.hoankiem", "Ngô Thị Hương", "specialist", "commune:00070", None),
    ("lanhdao.hoankiem", "Bùi Văn Long", "unit_leader", "commune:00070", None),
    ("quantri.donvi", "Vũ Thị Mai", "unit_admin", "000.00.11.H26", None),
    ("giamsat", "Đỗ Minh Tuấn", "supervisor", "000.00.01.H26", None),
    ("quantri", "Hoàng Anh Dũng", "system_admin", "000.00.00.H26", None),
]

CITIZENS = [
    ("cccd", "001090012345", "Nguyễn Văn An", "an.nguyen@example.vn", "0912345678"),
    (
        "tax_code",
        "0101234567",
        "Công ty TNHH Hoa Sen Hà Nội",
        "lienhe@hoasen.example.vn",
        "0243123456",
    ),
]
