from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.adminsite import PolicyModelAdmin
from motcua.printing import services, signing
from motcua.printing.models import FormTemplate, SigningCertificate


class FormTemplateForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("template file"),
        required=False,
        help_text=_("An .html file (UTF-8); it takes the place of the text below."),
    )

    class Meta:
        model = FormTemplate
        fields = ("form", "unit", "field", "procedure", "upload", "text", "note")
        widgets = {"text": forms.Textarea(attrs={"rows": 30, "cols": 110, "spellcheck": "false"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            try:
                data["text"] = upload.read(services.MAX_TEMPLATE_CHARS * 4 + 1).decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("upload", _("The file is not UTF-8 text."))
        if self.errors:
            return data
        try:
            services.check_template(data.get("form"), data.get("text") or "")
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(FormTemplate)
class FormTemplateAdmin(PolicyModelAdmin):
    """Templates in place of the built-in forms; checked on upload (compile, fill with sample
    data, lay out as PDF), never edited in place: a change is a new upload."""

    view_action = "printing.view"
    change_action = "printing.manage_templates"
    form = FormTemplateForm
    list_display = ("form", "unit", "field", "procedure", "uploaded_at", "uploaded_by", "active")
    list_filter = ("form", "active")
    raw_id_fields = ("unit", "field", "procedure")
    actions = ["withdraw_selected"]

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return False  # uploaded templates are history; upload a new one
        return super().has_change_permission(request, obj)

    def save_via_service(self, request, obj, form, change):
        data = form.cleaned_data
        return services.upload_template(
            actor=request.user,
            form=data["form"],
            text=data["text"],
            unit=data.get("unit"),
            field=data.get("field"),
            procedure=data.get("procedure"),
            note=data.get("note") or "",
        )

    @admin.action(description=_("Withdraw the selected templates (the built-in ones apply)"))
    def withdraw_selected(self, request, queryset):
        for template in queryset.filter(active=True):
            services.withdraw_template(actor=request.user, template=template)


class SigningCertificateForm(forms.ModelForm):
    class Meta:
        model = SigningCertificate
        fields = ("unit", "pkcs12_path", "passphrase_env", "active")

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("active"):
            return data
        try:
            services.describe_certificate(
                pkcs12_path=data["pkcs12_path"], passphrase_env=data.get("passphrase_env", "")
            )
        except signing.SigningUnavailable as error:
            raise ValidationError(str(error)) from error
        return data


@admin.register(SigningCertificate)
class SigningCertificateAdmin(PolicyModelAdmin):
    view_action = "printing.view"
    change_action = "printing.manage_certificates"
    form = SigningCertificateForm
    list_display = ("unit", "subject", "not_after", "is_demo", "active")
    list_filter = ("active", "is_demo")
    raw_id_fields = ("unit",)

    def save_via_service(self, request, obj, form, change):
        return services.register_certificate(
            actor=request.user,
            unit=form.cleaned_data["unit"],
            pkcs12_path=form.cleaned_data["pkcs12_path"],
            passphrase_env=form.cleaned_data.get("passphrase_env", ""),
            active=form.cleaned_data.get("active", True),
            certificate=obj if change else None,
        )
