"""The demo PKI: a local certificate authority and one certificate per unit, made on first use
when the instance runs in demo mode (MOTCUA_DEMO_MODE=1). Production units sign with the
certificates their CA issued (SigningCertificate rows pointing at PKCS#12 files).

Files live under DATA_DIR/pki/: demo-ca.pem (the root to trust), demo-ca.key and
units/<unit uuid>.p12 (keys: mode 0600, readable by the service account only).
"""

import datetime
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import IntegrityError, transaction

from motcua.printing import wording
from motcua.printing.models import SigningCertificate

CA_NAME = "motcua Demo CA"


def pki_dir() -> Path:
    return Path(settings.DATA_DIR) / "pki"


def demo_ca_path() -> Path:
    return pki_dir() / "demo-ca.pem"


def _write_secret(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


@contextmanager
def _locked():
    directory = pki_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(directory / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _name(common_name: str, organisation: str) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


#: X.509's upper bound for a common name (RFC 5280, ub-common-name), which the cryptography
#: library counts in UTF-8 bytes: a Vietnamese letter with two marks takes three.
MAX_COMMON_NAME = 64


def _fits(text: str) -> bool:
    return 0 < len(text.encode()) <= MAX_COMMON_NAME


def fit_name(text: str) -> str:
    """`text` cut at a word boundary (with "…") to fit in a certificate's name."""
    if _fits(text):
        return text
    words, kept = text.split(), ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if not _fits(candidate + "…"):
            break
        kept = candidate
    return (kept or text[:20]) + "…"


def common_name_for(unit) -> str:
    """The unit's name, else its short name, else the name cut to fit."""
    for candidate in (unit.name, unit.short_name):
        if candidate and _fits(candidate):
            return candidate
    return fit_name(unit.name)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _load_or_make_ca(organisation: str):
    key_path, cert_path = pki_dir() / "demo-ca.key", demo_ca_path()
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(CA_NAME, fit_name(organisation) if organisation else "")
    start = _now() - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_secret(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _unit_certificate(unit, ca_key, ca_cert, organisation: str):
    key = ec.generate_private_key(ec.SECP256R1())
    start = _now() - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name_for(unit), fit_name(organisation) if organisation else ""))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def ensure_demo_certificate(unit) -> SigningCertificate:
    """The unit's active certificate, made (with the demo CA, on first use) when it has none.
    Safe when several processes ask at once: a file lock serialises the making, and the
    database allows one active certificate per unit."""
    existing = SigningCertificate.objects.filter(unit=unit, active=True).first()
    if existing is not None:
        return existing
    organisation = wording.province_name(unit.area)
    with _locked():
        existing = SigningCertificate.objects.filter(unit=unit, active=True).first()
        if existing is not None:
            return existing
        ca_key, ca_cert = _load_or_make_ca(organisation)
        key, cert = _unit_certificate(unit, ca_key, ca_cert, organisation)
        relative = Path("pki") / "units" / f"{unit.uuid}.p12"
        _write_secret(
            Path(settings.DATA_DIR) / relative,
            pkcs12.serialize_key_and_certificates(
                name=unit.code.encode(),
                key=key,
                cert=cert,
                cas=[ca_cert],
                encryption_algorithm=serialization.NoEncryption(),
            ),
        )
        try:
            with transaction.atomic():
                return SigningCertificate.objects.create(
                    unit=unit,
                    pkcs12_path=str(relative),
                    passphrase_env="",
                    subject=cert.subject.rfc4514_string(),
                    not_after=cert.not_valid_after_utc,
                    is_demo=True,
                )
        except IntegrityError:
            return SigningCertificate.objects.get(unit=unit, active=True)
