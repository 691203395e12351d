"""Rules of the template overrides (issue 6, ADR 0007): an administrator may put a template in
place of a built-in form for a unit, a field or a procedure; the most specific active one wins
(procedure > field > unit > built-in); a broken template is refused at upload with a message
saying what and where, never at print time; templates reach no file and load no tag library
but `printing`; an override that still fails with real data falls back to the built-in one."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from factories.catalog import FieldFactory, PublishedProcedureFactory
from motcua.audit.models import AuditRecord
from motcua.organizations.models import Role
from motcua.printing import services
from motcua.printing.contexts import for_dossier
from motcua.printing.models import FormKind, FormTemplate
from motcua.printing.samples import sample_context
from printing.printing_world import at, build_world, pdf_text, receive

pytestmark = pytest.mark.django_db

OVERRIDE = """{% extends "printing/base.html" %}{% load printing %}
{% block content %}<h1>{{ title }}</h1><p>MẪU RIÊNG {{ label }}: {{ applicant.name }},
mã {{ dossier.code }}, {{ sets|pad2 }} bộ</p>{% endblock %}"""


def override(label: str) -> str:
    return OVERRIDE.replace("{{ label }}", label)


@pytest.fixture
def world(settings, city, tmp_path):
    with time_machine.travel(at(2, 16), tick=False):
        yield build_world(settings, city, tmp_path)


@pytest.fixture
def admin(world, city, staff_with_role):
    return staff_with_role(Role.SYSTEM_ADMIN, city)


def receipt_text(world, dossier) -> str:
    form = services.print_dossier_form(actor=None, dossier=dossier, form="receipt")
    return pdf_text(form.data)


def refused(text: str, form=FormKind.RECEIPT) -> str:
    with pytest.raises(ValidationError) as refusal:
        services.check_template(form, text)
    return " ".join(refusal.value.message_dict["text"])


# --- Refused at upload -----------------------------------------------------------------------


def test_a_template_that_does_not_compile_is_refused_with_its_line(world):
    message = refused("<p>một</p>\n<p>hai</p>\n{% if applicant.name %}<p>ba</p>\n")
    assert "không biên dịch được (dòng 3)" in message
    assert "endif" in message


def test_a_template_that_fails_with_sample_data_is_refused_with_its_line(world):
    message = refused('<p>một</p>\n{% include "printing/none.html" %}\n')
    assert "lỗi khi điền dữ liệu mẫu (dòng 2)" in message
    assert "printing/none.html" in message


def test_a_template_may_load_only_the_printing_library(world):
    assert "not a registered tag library" in refused("{% load static %}<p>x</p>")
    assert "not a registered tag library" in refused("{% load i18n %}<p>x</p>")
    services.check_template(FormKind.RECEIPT, "{% load printing %}<p>{{ sets|pad2 }}</p>")


def test_a_template_cannot_include_files_of_the_server(world):
    assert "dòng 1" in refused('{% include "/etc/passwd" %}')
    relative = refused('{% include "../../settings.py" %}')
    assert "dòng 1" in relative and "NoneType" not in relative
    assert "dòng 1" in refused('{% include "admin/base.html" %}')  # another app's template


def test_the_debug_tag_is_not_available(world):
    assert "Invalid block tag" in refused("<p>{% debug %}</p>")


def test_an_empty_template_is_refused(world):
    assert "trống" in refused("   ")


def test_a_template_whose_html_cannot_be_laid_out_is_refused(world, monkeypatch):
    from motcua.printing import rendering

    def broken(html, *, page):
        raise ValueError("layout exploded")

    monkeypatch.setattr(rendering, "html_to_pdf", broken)
    assert "không tạo được tệp PDF: layout exploded" in refused("<p>x</p>")


def test_a_broken_upload_changes_nothing(world, admin):
    with pytest.raises(ValidationError):
        services.upload_template(actor=admin, form=FormKind.RECEIPT, text="{% for x in %}")
    assert not FormTemplate.objects.exists()


# --- Used where it applies -------------------------------------------------------------------


def test_a_units_override_is_used_for_that_unit_and_not_for_others(world, admin):
    services.upload_template(
        actor=admin, form=FormKind.RECEIPT, text=override("HOÀN KIẾM"), unit=world["ward_a"]
    )
    dossier = receive(world)
    text = receipt_text(world, dossier)
    assert f"MẪU RIÊNG HOÀN KIẾM: Trần Văn Bình, mã {dossier.code}, 01 bộ" in text
    # A receipt of the other ward's point keeps the built-in template.
    other = receive(world, owner=None)
    type(other).objects.filter(pk=other.pk).update(
        receiving_agency=world["ward_b"], receiving_point=world["point_b"]
    )
    other.refresh_from_db()
    text = receipt_text(world, other)
    assert "MẪU RIÊNG" not in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert AuditRecord.objects.filter(action="printing.upload_template").exists()


def test_procedure_beats_field_beats_unit(world, admin):
    version = world["version"]
    field = version.field
    services.upload_template(
        actor=admin, form=FormKind.RECEIPT, text=override("ĐƠN VỊ"), unit=world["ward_a"]
    )
    services.upload_template(
        actor=admin, form=FormKind.RECEIPT, text=override("LĨNH VỰC"), field=field
    )
    dossier = receive(world)
    assert "MẪU RIÊNG LĨNH VỰC" in receipt_text(world, dossier)
    services.upload_template(
        actor=admin, form=FormKind.RECEIPT, text=override("THỦ TỤC"), procedure=version.procedure
    )
    assert "MẪU RIÊNG THỦ TỤC" in receipt_text(world, dossier)
    # Another procedure of another field: only the unit's override applies.
    other_version = PublishedProcedureFactory(
        version__name="Chứng thực bản sao",
        version__field=FieldFactory(code="CT", name="Chứng thực"),
    ).versions.get()
    other = receive(world, procedure_version=other_version, all_papers=False)
    assert "MẪU RIÊNG ĐƠN VỊ" in receipt_text(world, other)


def test_an_override_for_another_form_does_not_apply(world, admin):
    services.upload_template(
        actor=admin, form=FormKind.CONTROL_SHEET, text=override("PHIẾU 05"), unit=world["ward_a"]
    )
    assert "MẪU RIÊNG" not in receipt_text(world, receive(world))


def test_a_new_upload_replaces_the_previous_one_for_the_same_scope(world, admin):
    first = services.upload_template(
        actor=admin, form=FormKind.RECEIPT, text=override("CŨ"), unit=world["ward_a"]
    )
    services.upload_template(
        actor=admin, form=FormKind.RECEIPT, text=override("MỚI"), unit=world["ward_a"]
    )
    first.refresh_from_db()
    assert not first.active
    assert "MẪU RIÊNG MỚI" in receipt_text(world, receive(world))


def test_an_override_failing_with_real_data_falls_back_to_the_built_in_form(world, admin):
    """Never a failure at print time: the built-in template prints the form."""
    template = services.upload_template(
        actor=admin,
        form=FormKind.RECEIPT,
        text="{% load printing %}<p>{{ components.0.quantity|pad2 }}</p>",
        unit=world["ward_a"],
    )
    # A stored text that no longer renders (say, changed in the database by hand).
    FormTemplate.objects.filter(pk=template.pk).update(text='{% include "printing/gone.html" %}')
    text = receipt_text(world, receive(world))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text


def test_a_unit_administrator_manages_templates_of_their_unit_only(world, staff_with_role):
    unit_admin = staff_with_role(Role.UNIT_ADMIN, world["ward_a"])
    services.upload_template(
        actor=unit_admin, form=FormKind.RECEIPT, text=override("X"), unit=world["ward_a"]
    )
    with pytest.raises(PermissionDenied):
        services.upload_template(
            actor=unit_admin, form=FormKind.RECEIPT, text=override("Y"), unit=world["ward_b"]
        )
    with pytest.raises(PermissionDenied):
        services.upload_template(actor=unit_admin, form=FormKind.RECEIPT, text=override("Z"))


@pytest.mark.parametrize("form", [FormKind.RECEIPT, FormKind.APOLOGY, FormKind.CONTROL_SHEET])
def test_the_sample_data_has_every_key_of_a_real_form(world, form):
    """Uploads are checked against sample data: it must offer what real forms offer."""
    from motcua.dossiers.services import reschedule, route
    from motcua.dossiers.services.steps import assign

    dossier = route(actor=world["officer"], dossier=receive(world), at=at(2, 10))
    if form == FormKind.APOLOGY:
        dossier = assign(
            actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 11)
        )
        reschedule(
            actor=world["leader"], dossier=dossier, new_due_at=at(9, 9), reason="Trễ", at=at(3, 9)
        )
        dossier.refresh_from_db()
    real = for_dossier(dossier, form).context
    sample = sample_context(form)
    assert set(real) <= set(sample)
    for key, value in real.items():
        if isinstance(value, dict):
            assert set(value) <= set(sample[key]), key


def test_a_template_cannot_make_the_pdf_read_files_or_the_network(world, tmp_path):
    """WeasyPrint fetches `data:` URIs only: an image or stylesheet named by a file: or http:
    address is not loaded (the form is still printed)."""
    import io

    import segno
    from pypdf import PdfReader

    from motcua.printing import rendering

    picture = tmp_path / "secret.png"
    segno.make("bí mật").save(str(picture), scale=5)
    html = (
        f'<link rel="stylesheet" href="file://{tmp_path}/x.css">'
        f'<p>Ảnh: <img src="file://{picture}"> <img src="http://127.0.0.1:9/x.png"></p>'
    )
    data = rendering.html_to_pdf(html, page="A5")
    page = PdfReader(io.BytesIO(data)).pages[0]
    objects = page["/Resources"].get("/XObject", {})
    assert not objects  # no image was embedded
    inline = rendering.html_to_pdf(
        f'<p><img src="{segno.make("x").png_data_uri()}"></p>', page="A5"
    )
    assert PdfReader(io.BytesIO(inline)).pages[0]["/Resources"]["/XObject"]
