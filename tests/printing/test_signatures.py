"""Rules of the signatures (issue 6, ADR 0007): a form is signed (PAdES) by its issuing
unit's certificate; in demo mode a local demo CA and one certificate per unit are made on first
use (subject CN = the unit's name, O = the province; keys 0600); a signed PDF verifies, and a
copy with one byte changed in the signed range does not; outside demo mode a unit without a
certificate gets its forms unsigned, saying so, or refused when the operator requires
signatures; `motcua forms verify` reports and exits non-zero when invalid."""

import io
import os
import stat

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.printing import pki, services, signing
from motcua.printing.models import SigningCertificate
from printing.printing_world import at, build_world, pdf_text, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city, tmp_path):
    with time_machine.travel(at(2, 16), tick=False):
        yield build_world(settings, city, tmp_path)


def receipt(world):
    dossier = receive(world)
    return services.print_dossier_form(actor=world["officer"], dossier=dossier, form="receipt")


def end_of_first_signed_range(data: bytes) -> int:
    """/ByteRange [0 b c d]: bytes 0..b and c..c+d are signed, the signature lies between."""
    start = data.rindex(b"/ByteRange")
    numbers = data[start : start + 80].split(b"[")[1].split(b"]")[0].split()
    return int(numbers[1])


def test_in_demo_mode_the_unit_gets_a_certificate_from_the_demo_ca_on_first_use(world):
    form = receipt(world)
    assert form.signed and form.signer == "Ủy ban nhân dân phường Hoàn Kiếm"
    certificate = SigningCertificate.objects.get(unit=world["ward_a"], active=True)
    assert certificate.is_demo and certificate.passphrase_env == ""
    p12 = signing.resolve_path(certificate.pkcs12_path)
    assert stat.S_IMODE(os.stat(p12).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(pki.pki_dir() / "demo-ca.key").st_mode) == 0o600
    _key, cert, _cas = pkcs12.load_key_and_certificates(p12.read_bytes(), None)
    subject = {a.oid._name: a.value for a in cert.subject}
    assert subject["commonName"] == "Ủy ban nhân dân phường Hoàn Kiếm"
    assert subject["organizationName"] == "Thành phố Hà Nội"
    ca = x509.load_pem_x509_certificate(pki.demo_ca_path().read_bytes())
    assert cert.issuer == ca.subject
    # The second form reuses the same certificate.
    receipt(world)
    assert SigningCertificate.objects.filter(unit=world["ward_a"]).count() == 1


def test_a_signed_form_verifies_with_its_signer_and_time(world):
    form = receipt(world)
    result = signing.verify_pdf(form.data)
    assert result.valid and result.intact and result.trusted, result.problem
    assert not result.modified_after_signing
    assert "Ủy ban nhân dân phường Hoàn Kiếm" in result.signer
    assert result.signed_at == at(2, 16)
    assert "được ký số bởi: Ủy ban nhân dân phường Hoàn Kiếm" in pdf_text(form.data)


def test_one_byte_changed_in_the_signed_range_fails_verification(world):
    data = bytearray(receipt(world).data)
    text_at = data.index(b"stream") + 20  # inside the first content stream: signed bytes
    assert text_at < end_of_first_signed_range(bytes(data))
    data[text_at] ^= 0x01
    result = signing.verify_pdf(bytes(data))
    assert not result.valid
    assert not result.intact


def test_a_change_appended_after_signing_is_reported(world):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(receipt(world).data))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    result = signing.verify_pdf(output.getvalue())
    assert result.modified_after_signing and not result.valid


def test_a_signature_from_an_untrusted_ca_is_not_valid(world, tmp_path, settings):
    form = receipt(world)
    # Another instance's demo CA: the certificate chains to a root we do not trust.
    (pki.pki_dir() / "demo-ca.pem").rename(tmp_path / "elsewhere.pem")
    result = signing.verify_pdf(form.data)
    assert result.intact and not result.trusted and not result.valid
    settings.PRINTING_TRUST_ROOTS = [str(tmp_path / "elsewhere.pem")]
    assert signing.verify_pdf(form.data).valid  # a configured trust root


def test_outside_demo_mode_a_unit_without_certificate_prints_unsigned_and_says_so(world, settings):
    settings.DEMO_MODE = False
    form = receipt(world)
    assert not form.signed and form.signer == ""
    assert "Bản in không có chữ ký số" in pdf_text(form.data)
    assert not signing.verify_pdf(form.data).signed
    assert not SigningCertificate.objects.exists()


def test_when_signatures_are_required_an_unsigned_form_is_refused(world, settings):
    settings.DEMO_MODE = False
    settings.PRINTING_REQUIRE_SIGNATURE = True
    with pytest.raises(services.SignatureRequired) as refusal:
        receipt(world)
    assert "Ủy ban nhân dân phường Hoàn Kiếm" in str(refusal.value)


def test_a_configured_pkcs12_with_a_passphrase_from_the_environment_signs(
    world, settings, monkeypatch, tmp_path
):
    """A production certificate: a PKCS#12 file and the NAME of the variable holding its
    passphrase; the passphrase itself is not in the database."""
    pki.ensure_demo_certificate(world["ward_b"])  # make a CA and a key to repackage
    demo = SigningCertificate.objects.get(unit=world["ward_b"])
    key, cert, cas = pkcs12.load_key_and_certificates(
        signing.resolve_path(demo.pkcs12_path).read_bytes(), None
    )
    protected = tmp_path / "hoan-kiem.p12"
    protected.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"hk", key, cert, cas, serialization.BestAvailableEncryption(b"bi-mat")
        )
    )
    settings.DEMO_MODE = False
    monkeypatch.setenv("MOTCUA_P12_HOAN_KIEM", "bi-mat")
    registered = services.register_certificate(
        actor=None,
        unit=world["ward_a"],
        pkcs12_path=str(protected),
        passphrase_env="MOTCUA_P12_HOAN_KIEM",
    )
    assert "bi-mat" not in str(SigningCertificate.objects.filter(pk=registered.pk).values())
    form = receipt(world)
    assert form.signed and signing.verify_pdf(form.data).valid
    monkeypatch.setenv("MOTCUA_P12_HOAN_KIEM", "sai")
    with pytest.raises(signing.SigningUnavailable):
        services.describe_certificate(
            pkcs12_path=str(protected), passphrase_env="MOTCUA_P12_HOAN_KIEM"
        )


# --- motcua forms verify ---------------------------------------------------------------------


def test_forms_verify_reports_a_valid_signature(world, tmp_path, capsys):
    path = tmp_path / "form-01.pdf"
    path.write_bytes(receipt(world).data)
    call_command("forms", "verify", str(path))
    output = capsys.readouterr().out
    assert "VALID" in output
    assert "Ủy ban nhân dân phường Hoàn Kiếm" in output
    assert "Signed at: 02/03/2026 16:00:00" in output
    assert "Modified after signing: no" in output


def test_forms_verify_fails_on_a_changed_copy_with_a_non_zero_exit(world, tmp_path, capsys):
    data = bytearray(receipt(world).data)
    data[data.index(b"stream") + 20] ^= 0x01
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError) as failure:
        call_command("forms", "verify", str(path))
    assert "INVALID" in str(failure.value)
    assert failure.value.returncode == 1


def test_forms_verify_fails_on_an_unsigned_or_unreadable_file(world, tmp_path, settings):
    settings.DEMO_MODE = False
    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(receipt(world).data)
    with pytest.raises(CommandError, match="no signature"):
        call_command("forms", "verify", str(unsigned))
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"not a pdf at all")
    with pytest.raises(CommandError, match="INVALID"):
        call_command("forms", "verify", str(garbage))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("forms", "verify", str(tmp_path / "missing.pdf"))


def test_a_unit_name_too_long_for_a_certificate_is_cut_to_fit(world, city):
    """X.509 allows 64 bytes in a common name; Vietnamese letters take up to three."""
    from factories.organizations import UnitFactory

    unit = UnitFactory(
        name="Trung tâm Phục vụ hành chính công thành phố Hà Nội — Chi nhánh số 1 — Hoàn Kiếm",
        parent=city,
    )
    certificate = pki.ensure_demo_certificate(unit)
    signer = signing.signer_for(unit)
    assert len(signer.subject.encode()) <= 64
    assert signer.subject.startswith(
        "Trung tâm Phục vụ hành chính công"
    ) and signer.subject.endswith("…")
    assert certificate.subject


def test_a_signing_failure_prints_the_form_unsigned_and_says_so(world, monkeypatch):
    """Never a failed print because of a key."""

    def broken(*args, **kwargs):
        raise RuntimeError("token unplugged")

    monkeypatch.setattr(signing, "sign_pdf", broken)
    form = receipt(world)
    assert not form.signed
    assert "Bản in không có chữ ký số" in pdf_text(form.data)


def test_forms_print_writes_a_dossiers_form_to_a_file(world, tmp_path, capsys):
    dossier = receive(world)
    target = tmp_path / "bien-nhan.pdf"
    call_command("forms", "print", dossier.code, "01", "-o", str(target))
    assert "signed by Ủy ban nhân dân phường Hoàn Kiếm" in capsys.readouterr().out
    assert signing.verify_pdf(target.read_bytes()).valid
    with pytest.raises(CommandError, match="has no apology"):
        call_command("forms", "print", dossier.code, "apology", "-o", str(target))
    with pytest.raises(CommandError, match="Unknown form"):
        call_command("forms", "print", dossier.code, "99")
