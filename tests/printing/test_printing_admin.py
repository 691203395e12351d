"""Rule: the admin uploads templates through the service, so a broken template is refused on
the form with the reason and its line (issue 6), and a certificate file that cannot be opened
is refused with the reason."""

import pytest
from django.urls import reverse

from motcua.printing.models import FormTemplate, SigningCertificate

pytestmark = pytest.mark.django_db


def test_a_broken_template_is_refused_on_the_admin_form_with_its_line(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:printing_formtemplate_add"),
        {"form": "receipt", "text": "<p>một</p>\n{% if x %}\n", "note": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "(dòng 2)" in html or "(line 2)" in html
    assert not FormTemplate.objects.exists()


def test_a_valid_template_is_uploaded_through_the_service(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:printing_formtemplate_add"),
        {"form": "receipt", "text": "<h1>{{ title }}</h1><p>{{ applicant.name }}</p>", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    template = FormTemplate.objects.get()
    assert template.uploaded_by == system_admin and template.active


def test_a_certificate_that_cannot_be_opened_is_refused(client, system_admin, city, tmp_path):
    client.force_login(system_admin)
    (tmp_path / "bad.p12").write_bytes(b"not a pkcs12 file")
    response = client.post(
        reverse("admin:printing_signingcertificate_add"),
        {
            "unit": city.pk,
            "pkcs12_path": str(tmp_path / "bad.p12"),
            "passphrase_env": "",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "bad.p12" in response.content.decode()
    assert not SigningCertificate.objects.exists()


def test_a_template_file_can_be_uploaded_and_is_checked_the_same_way(client, system_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(system_admin)
    url = reverse("admin:printing_formtemplate_add")
    broken = SimpleUploadedFile("mau.html", b"<p>{{ applicant.name|nope }}</p>")
    response = client.post(url, {"form": "receipt", "upload": broken, "text": "", "note": ""})
    assert response.status_code == 200 and "nope" in response.content.decode()
    good = SimpleUploadedFile("mau.html", "<h1>Giấy tiếp nhận</h1>".encode())
    response = client.post(url, {"form": "receipt", "upload": good, "text": "", "note": ""})
    assert response.status_code == 302
    assert FormTemplate.objects.get().text == "<h1>Giấy tiếp nhận</h1>"
