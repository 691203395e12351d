"""Form 06, the tracking book, as a spreadsheet: the same header and rows as the PDF."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

COLUMNS = [
    ("STT", 6),
    ("Mã hồ sơ", 27),
    ("Tên thủ tục hành chính", 38),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên cá nhân, tổ chức", 24),
    ("Địa chỉ, số điện thoại", 30),
    ("Nhận hồ sơ", 18),
    ("Hẹn trả kết quả", 18),
    ("Trả kết quả", 18),
    ("Ký nhận", 12),
    ("Ghi chú", 16),
]
KEYS = [
    "number",
    "code",
    "procedure",
    "sets",
    "applicant",
    "contact",
    "received_at",
    "due_at",
    "returned_at",
    None,
    "note",
]


def tracking_book_workbook(context: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"So theo doi {context['day'].replace('/', '-')}"
    header = context["header"]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name="Times New Roman", bold=True, size=12)
    normal = Font(name="Times New Roman", size=11)
    last = len(COLUMNS)

    def merged(row, first, final, value, font=normal, align="center"):
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=final)
        cell = sheet.cell(row=row, column=first, value=value)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)

    merged(1, 1, 4, header["superior"])
    merged(2, 1, 4, header["unit"], bold)
    merged(1, 6, last, header["national_name"], bold)
    merged(2, 6, last, header["national_motto"], bold)
    merged(4, 1, last, context["title"], Font(name="Times New Roman", bold=True, size=14))
    merged(5, 1, last, f"{context['point']['name']} — ngày {context['day']}", bold)
    merged(6, 1, last, context["point"]["address"])
    for column, (title, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=8, column=column, value=title)
        cell.font = Font(name="Times New Roman", bold=True, size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, row in enumerate(context["rows"]):
        for column, key in enumerate(KEYS, 1):
            cell = sheet.cell(row=9 + offset, column=column, value=row[key] if key else None)
            cell.font = normal
            cell.border = box
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A9"
    sheet.print_title_rows = "8:8"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
