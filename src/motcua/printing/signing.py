"""PAdES signatures (PAdES-B-B) with pyHanko, and their verification.

A unit signs with the certificate of its active SigningCertificate; in demo mode one is made
on first use (pki.py). Loaded signers are kept per file and modification time, so a renewed
certificate file is picked up without a restart.
"""

import datetime
import io
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.printing import pki
from motcua.printing.models import SigningCertificate


class SigningUnavailable(Exception):
    """The unit has a certificate row, but its file or passphrase cannot be used."""


# pyHanko takes half a second to import: it is imported when a form is first signed.


@dataclass(frozen=True)
class UnitSigner:
    signer: object  # pyhanko.sign.signers.SimpleSigner
    subject: str  # the certificate's common name, as printed on the form
    # Room for the signature container (hex digits): the certificates it embeds plus a
    # generous margin, so pyHanko need not make a trial signature to measure it each time.
    reserve: int = 0


_signers: dict[tuple, UnitSigner] = {}
_signers_lock = threading.Lock()


def certificate_for(unit) -> SigningCertificate | None:
    if unit is None:
        return None
    certificate = SigningCertificate.objects.filter(unit=unit, active=True).first()
    if certificate is None and settings.DEMO_MODE:
        certificate = pki.ensure_demo_certificate(unit)
    return certificate


def resolve_path(pkcs12_path: str) -> Path:
    path = Path(pkcs12_path)
    return path if path.is_absolute() else Path(settings.DATA_DIR) / path


def load_pkcs12(pkcs12_path: str, passphrase_env: str = ""):
    """The pyHanko signer in a PKCS#12 file, its passphrase read from the named variable."""
    from pyhanko.sign import signers

    path = resolve_path(pkcs12_path)
    passphrase = None
    if passphrase_env:
        value = os.environ.get(passphrase_env)
        if value is None:
            raise SigningUnavailable(
                _("The passphrase variable %(name)s of the certificate is not set.")
                % {"name": passphrase_env}
            )
        passphrase = value.encode()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningUnavailable(
            _("The certificate file %(path)s cannot be read.") % {"path": pkcs12_path}
        ) from error
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    except ValueError as error:
        raise SigningUnavailable(
            _("The certificate file %(path)s cannot be opened (wrong passphrase?).")
            % {"path": pkcs12_path}
        ) from error


def common_name(signer) -> str:
    subject = signer.signing_cert.subject.native
    return subject.get("common_name") or signer.signing_cert.subject.human_friendly


def signer_for(unit) -> UnitSigner | None:
    """The unit's signer, or None when it has no certificate (the form is then unsigned)."""
    certificate = certificate_for(unit)
    if certificate is None:
        return None
    path = resolve_path(certificate.pkcs12_path)
    try:
        key = (str(path), path.stat().st_mtime_ns, certificate.passphrase_env)
    except OSError as error:
        raise SigningUnavailable(
            _("The certificate file of %(unit)s cannot be read.") % {"unit": unit.name}
        ) from error
    with _signers_lock:
        cached = _signers.get(key)
    if cached is not None:
        return cached
    signer = load_pkcs12(certificate.pkcs12_path, certificate.passphrase_env)
    certificates = len(signer.signing_cert.dump()) + sum(
        len(c.dump()) for c in signer.cert_registry
    )
    loaded = UnitSigner(
        signer=signer, subject=common_name(signer), reserve=2 * (certificates + 4096)
    )
    with _signers_lock:
        _signers[key] = loaded
    return loaded


def sign_pdf(data: bytes, unit_signer: UnitSigner, *, reason: str, location: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=unit_signer.subject,
    )
    try:
        output = signers.sign_pdf(
            writer, metadata, signer=unit_signer.signer, bytes_reserved=unit_signer.reserve or None
        )
    except SigningError:  # the container outgrew the room: let pyHanko measure it
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        output = signers.sign_pdf(writer, metadata, signer=unit_signer.signer)
    return output.getvalue()


# --- Verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    valid: bool  # intact, cryptographically valid, trusted, nothing changed after signing
    signed: bool
    intact: bool = False
    trusted: bool = False
    modified_after_signing: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    problem: str = ""


def trust_roots() -> list:
    paths = [Path(p) for p in settings.PRINTING_TRUST_ROOTS]
    if pki.demo_ca_path().exists():
        paths.append(pki.demo_ca_path())
    roots = []
    for path in paths:
        data = path.read_bytes()
        if pem.detect(data):
            roots.extend(asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True))
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


def verify_pdf(data: bytes) -> Verification:
    """Is the (first) signature of this PDF valid, by whom, when, and was anything changed?"""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # a damaged file is an invalid one, whatever broke
        return Verification(valid=False, signed=False, problem=f"unreadable PDF: {error}")
    if not signatures:
        return Verification(valid=False, signed=False, problem="the PDF carries no signature")
    context = ValidationContext(
        trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception as error:
        return Verification(valid=False, signed=True, problem=f"cannot be validated: {error}")
    modified = status.coverage != SignatureCoverageLevel.ENTIRE_FILE
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    problems = []
    if not status.intact:
        problems.append("the signed bytes were changed")
    if not status.valid:
        problems.append("the signature does not match")
    if not status.trusted:
        problems.append("the signer's certificate is not trusted")
    if modified:
        problems.append("the document was changed after signing")
    return Verification(
        valid=not problems,
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        modified_after_signing=modified,
        signer=signer,
        signed_at=status.signer_reported_dt,
        problem="; ".join(problems),
    )
