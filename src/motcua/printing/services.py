"""Printing the forms, and the templates an administrator puts in place of the built-in ones.

Printing is a read: it changes nothing, so it writes no history. It never fails because of a
template: an override was checked when uploaded, and if it still fails with a real dossier the
built-in template prints the form (and the failure is logged). A unit without a certificate
gets its forms unsigned, saying so on the paper and in the result (ADR 0007), unless the
operator set PRINTING_REQUIRE_SIGNATURE.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.audit.services import record
from motcua.policy import authorize, check
from motcua.printing import contexts, rendering, selectors, signing, wording
from motcua.printing.contexts import FormNotAvailable, FormSource
from motcua.printing.models import FormKind, FormTemplate
from motcua.printing.samples import PAGES, sample_context

logger = logging.getLogger(__name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The names a form is asked for by: its glossary name or its number in Circular 01/2018.
FORM_NUMBERS = {
    "01": FormKind.RECEIPT,
    "02": FormKind.SUPPLEMENT_REQUEST,
    "03": FormKind.REFUSAL,
    "04": FormKind.APOLOGY,
    "05": FormKind.CONTROL_SHEET,
    "06": FormKind.TRACKING_BOOK,
}

MAX_TEMPLATE_CHARS = 200_000


def form_named(name: str) -> FormKind | None:
    if name in FORM_NUMBERS:
        return FORM_NUMBERS[name]
    return FormKind(name) if name in FormKind.values else None


class SignatureRequired(ValidationError):
    """PRINTING_REQUIRE_SIGNATURE is set and the issuing unit cannot sign."""


@dataclass(frozen=True)
class PrintedForm:
    form: str
    data: bytes
    filename: str
    content_type: str
    signed: bool
    signer: str = ""
    template: str = "built-in"


# --- Printing -------------------------------------------------------------------------------


def _signer(unit):
    try:
        unit_signer = signing.signer_for(unit)
    except signing.SigningUnavailable as error:
        logger.error("Forms of %s are printed unsigned: %s", unit, error)
        unit_signer = None
    if unit_signer is None and settings.PRINTING_REQUIRE_SIGNATURE:
        raise SignatureRequired(
            _("%(unit)s has no usable signing certificate: forms cannot be issued unsigned.")
            % {"unit": getattr(unit, "name", "—")}
        )
    return unit_signer


def _pdf(source: FormSource, context: dict) -> tuple[bytes, str]:
    override = selectors.override_for(
        source.form, unit=source.unit, field=source.field, procedure=source.procedure
    )
    if override is not None:
        try:
            template = rendering.compile_override(override.text)
            html = rendering.render_html(context, template=template)
            return rendering.html_to_pdf(html, page=source.page), f"override {override.pk}"
        except Exception:
            logger.exception(
                "Template override %s of %s failed at print time; the built-in one is used.",
                override.pk,
                source.form,
            )
    html = rendering.render_html(context, template_name=f"printing/{source.form}.html")
    return rendering.html_to_pdf(html, page=source.page), "built-in"


def _with_signature(source: FormSource, unit_signer) -> dict:
    return {
        **source.context,
        "signature": {
            "signed": unit_signer is not None,
            "signer": unit_signer.subject if unit_signer else "",
        },
    }


def render(source: FormSource, *, sign: bool = True) -> PrintedForm:
    """The PDF of a form: rendered with the template that applies, signed by its unit."""
    unit_signer = _signer(source.unit) if sign else None
    with translation.override("vi"):
        data, template = _pdf(source, _with_signature(source, unit_signer))
    if unit_signer is not None:
        try:
            data = signing.sign_pdf(
                data,
                unit_signer,
                reason=source.title.capitalize() if source.title else source.form,
                location=wording.place_name(source.unit.area) if source.unit else "",
            )
        except Exception:
            # Never a failed print because of a key: the form goes out unsigned, saying so.
            logger.exception(
                "Signing %s for %s failed; printed unsigned.", source.form, source.unit
            )
            if settings.PRINTING_REQUIRE_SIGNATURE:
                raise SignatureRequired(
                    _("The form could not be signed: forms cannot be issued unsigned.")
                ) from None
            unit_signer = None
            with translation.override("vi"):
                data, template = _pdf(source, _with_signature(source, None))
    return PrintedForm(
        form=source.form,
        data=data,
        filename=source.filename,
        content_type=PDF,
        signed=unit_signer is not None,
        signer=unit_signer.subject if unit_signer else "",
        template=template,
    )


def print_dossier_form(*, actor, dossier, form: str) -> PrintedForm:
    """One of the dossier's forms (by name or number); FormNotAvailable when it has none of
    that kind."""
    authorize(actor, "dossiers.view", dossier)
    kind = form_named(form)
    if kind is None:
        raise FormNotAvailable(form)
    with translation.override("vi"):
        source = contexts.for_dossier(dossier, kind)
    return render(source)


def print_tracking_book(*, actor, point, day: datetime.date, fmt: str = "pdf") -> PrintedForm:
    authorize(actor, "dossiers.view_tracking_book", point)
    with translation.override("vi"):
        source = contexts.tracking_book(point, day)
    if fmt == "xlsx":
        from motcua.printing.xlsx import tracking_book_workbook

        return PrintedForm(
            form=source.form,
            data=tracking_book_workbook(source.context),
            filename=source.filename.removesuffix(".pdf") + ".xlsx",
            content_type=XLSX,
            signed=False,
        )
    return render(source)


def print_handover_slip(*, actor, batch) -> PrintedForm:
    from motcua.printing.handover import handover_slip

    authorize(actor, "handovers.view", batch)
    with translation.override("vi"):
        source = handover_slip(batch)
    return render(source)


# --- Template overrides ---------------------------------------------------------------------


def _line(error) -> str:
    info = getattr(error, "template_debug", None)
    return str(info["line"]) if info else "?"


def _what(error) -> str:
    """The template engine's own words for a template's mistake; for anything else (a relative
    path the restricted engine cannot resolve, say) a plain sentence, never Python's text."""
    if isinstance(error, TemplateSyntaxError | TemplateDoesNotExist):
        return str(error)
    return str(_("it uses a tag or a path that printed forms may not use"))


def check_template(form: str, text: str) -> None:
    """Refuse a template that would fail at print time, saying what and where (line): it must
    compile with the restricted engine, fill with sample data, and lay out as a PDF."""
    if form not in FormKind.values:
        raise ValidationError({"form": _("Choose one of the forms.")})
    if not text.strip():
        raise ValidationError({"text": _("The template is empty.")})
    if len(text) > MAX_TEMPLATE_CHARS:
        raise ValidationError(
            {"text": _("The template is longer than %(n)s characters.") % {"n": MAX_TEMPLATE_CHARS}}
        )
    try:
        template = rendering.engine().from_string(text)
    except Exception as error:  # TemplateSyntaxError mostly; a bad relative path is not one
        raise ValidationError(
            {
                "text": _("The template does not compile (line %(line)s): %(error)s")
                % {"line": _line(error), "error": _what(error)}
            }
        ) from error
    try:
        with translation.override("vi"):
            html = rendering.render_html(sample_context(form), template=template)
    except Exception as error:
        raise ValidationError(
            {
                "text": _(
                    "The template fails when filled with sample data (line %(line)s): %(error)s"
                )
                % {"line": _line(error), "error": error}
            }
        ) from error
    try:
        pdf = rendering.html_to_pdf(html, page=PAGES[form])
    except Exception as error:
        raise ValidationError(
            {"text": _("The template does not give a PDF: %(error)s") % {"error": error}}
        ) from error
    if not pdf.startswith(b"%PDF"):
        raise ValidationError({"text": _("The template does not give a PDF.")})


@transaction.atomic
def upload_template(
    *,
    actor,
    form: str,
    text: str,
    unit=None,
    field=None,
    procedure=None,
    note: str = "",
    at=None,
) -> FormTemplate:
    """Put a template in place of the built-in one for a unit, field and/or procedure; it
    replaces the earlier upload for exactly the same scope (kept, inactive)."""
    if actor is not None:
        check(actor, "printing.manage_templates", unit)
    check_template(form, text)
    at = at or timezone.now()
    FormTemplate.objects.filter(
        form=form, unit=unit, field=field, procedure=procedure, active=True
    ).update(active=False)
    template = FormTemplate.objects.create(
        form=form,
        unit=unit,
        field=field,
        procedure=procedure,
        text=text,
        note=note,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=at,
        active=True,
    )
    record(
        actor=actor,
        action="printing.upload_template",
        obj=template,
        changes={
            "form": form,
            "unit": getattr(unit, "code", None),
            "field": getattr(field, "code", None),
            "procedure": getattr(procedure, "code", None),
        },
    )
    return template


@transaction.atomic
def withdraw_template(*, actor, template: FormTemplate) -> FormTemplate:
    if actor is not None:
        check(actor, "printing.manage_templates", template.unit)
    FormTemplate.objects.filter(pk=template.pk).update(active=False)
    template.active = False
    record(actor=actor, action="printing.withdraw_template", obj=template)
    return template


# --- Signing certificates -------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateFacts:
    subject: str
    not_after: datetime.datetime


def describe_certificate(*, pkcs12_path: str, passphrase_env: str = "") -> CertificateFacts:
    """Open the file (raises signing.SigningUnavailable, with the reason, when it cannot)."""
    signer = signing.load_pkcs12(pkcs12_path, passphrase_env)
    certificate = signer.signing_cert
    return CertificateFacts(
        subject=certificate.subject.human_friendly,
        not_after=certificate["tbs_certificate"]["validity"]["not_after"].native,
    )


@transaction.atomic
def register_certificate(
    *, actor, unit, pkcs12_path: str, passphrase_env: str = "", active=True, certificate=None
):
    """Say which certificate a unit signs with; the previous active one is deactivated."""
    from motcua.printing.models import SigningCertificate

    if actor is not None:
        check(actor, "printing.manage_certificates", unit)
    facts = describe_certificate(pkcs12_path=pkcs12_path, passphrase_env=passphrase_env)
    if active:
        SigningCertificate.objects.filter(unit=unit, active=True).exclude(
            pk=getattr(certificate, "pk", None)
        ).update(active=False)
    if certificate is None:
        certificate = SigningCertificate(unit=unit)
    certificate.unit = unit
    certificate.pkcs12_path = pkcs12_path
    certificate.passphrase_env = passphrase_env
    certificate.subject = facts.subject
    certificate.not_after = facts.not_after
    certificate.active = active
    certificate.save()
    record(
        actor=actor,
        action="printing.register_certificate",
        obj=certificate,
        changes={"unit": unit.code, "subject": facts.subject, "active": active},
    )
    return certificate
