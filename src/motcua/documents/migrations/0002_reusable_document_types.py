"""The document types of the demo catalogue (src/motcua/catalog/data/README.md) that the data
warehouse keeps. Validity in months where the paper itself has one: the marital status
certificate (6 months, Decree 123/2015 Art. 23) and the residence confirmation CT07 (kept
here at 1 month; its 30-day validity is not confirmed); empty = no expiry. An administrator
corrects them in the admin."""

from django.db import migrations

TYPES = [
    ("CCCD", "Thẻ căn cước / căn cước công dân", None),
    ("GIAY_KHAI_SINH", "Giấy khai sinh", None),
    ("GIAY_CHUNG_SINH", "Giấy chứng sinh", None),
    ("GIAY_CHUNG_NHAN_KET_HON", "Giấy chứng nhận kết hôn", None),
    ("GIAY_XAC_NHAN_TINH_TRANG_HON_NHAN", "Giấy xác nhận tình trạng hôn nhân", 6),
    ("GIAY_BAO_TU", "Giấy báo tử", None),
    ("TRICH_LUC_KHAI_TU", "Trích lục khai tử", None),
    ("TRICH_LUC_HO_TICH", "Trích lục hộ tịch", None),
    ("PHIEU_LY_LICH_TU_PHAP", "Phiếu lý lịch tư pháp", None),
    ("GCN_QSDD", "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", None),
    ("GIAY_PHEP_XAY_DUNG", "Giấy phép xây dựng", None),
    ("GIAY_CHUNG_NHAN_DKHKD", "Giấy chứng nhận đăng ký hộ kinh doanh", None),
    ("THE_BHYT", "Thẻ bảo hiểm y tế", None),
    ("XAC_NHAN_CU_TRU", "Giấy xác nhận thông tin về cư trú (CT07)", 1),
]


def seed(apps, schema_editor):
    model = apps.get_model("documents", "ReusableDocumentType")
    for code, name, months in TYPES:
        model.objects.get_or_create(code=code, defaults={"name": name, "validity_months": months})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
