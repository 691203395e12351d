"""The catalogue in the Django admin: procedures with their history of versions, each version
with its channels, components, results, agencies and internal process as inlines.

Every save goes through the services (audited, one transaction). A draft is edited in place;
the inline forms check the rules of `validation` so a bad row is shown beside the row, never as
a server error. A published version is shown read-only, with "make a new draft version" instead
of editing, and a draft has "publish", which validates and publishes from a date.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.adminsite import PolicyModelAdmin
from motcua.catalog import records, services
from motcua.catalog.exchange.values import Bad, FileTypes, JsonObject
from motcua.catalog.models import (
    AgencyAssignment,
    ChannelOffer,
    Component,
    Fee,
    Field,
    GroupMember,
    Procedure,
    ProcedureGroup,
    ProcedureVersion,
    ProcessStep,
    Result,
)
from motcua.catalog.validation import (
    channel_problems,
    process_problems,
    publication_problems,
)
from motcua.organizations.models import Role, UnitLevel
from motcua.policy import can

VIEW, MANAGE = "catalog.view_drafts", "catalog.manage"


def _editable(version) -> bool:
    return version is None or not version.is_published


# --- inline rows -------------------------------------------------------------------------------


def kept_rows(formset) -> list[tuple[forms.Form, dict]]:
    """(form, row) for each row the user keeps, the row with the model's field names only."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        row = {
            key: value
            for key, value in data.items()
            if key not in ("id", "DELETE", formset.fk.name)
        }
        rows.append((form, row))
    return rows


class RulesFormSet(BaseInlineFormSet):
    """An inline whose rows are checked together by a rule of `validation`."""

    rule = None

    def clean(self):
        super().clean()
        if any(self.errors) or self.rule is None:
            return
        kept = kept_rows(self)
        for problem in type(self).rule([row for _form, row in kept]):
            form = kept[problem.row][0] if problem.row is not None else None
            if form is not None and problem.field in form.fields:
                form.add_error(problem.field, problem.message)
            else:
                raise forms.ValidationError(problem.message, code=problem.code)


class StepFormSet(RulesFormSet):
    rule = staticmethod(process_problems)


class ChannelFormSet(RulesFormSet):
    rule = staticmethod(channel_problems)


class PolicyInline(admin.TabularInline):
    """Rows of a version: seen by staff, changed by the catalogue manager while a draft."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return can(request.user, VIEW)

    def has_change_permission(self, request, obj=None):
        return can(request.user, MANAGE) and _editable(obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class StepForm(forms.ModelForm):
    performer_role = forms.ChoiceField(
        label=_("performing role"),
        required=False,
        choices=[("", "—"), *Role.choices],
    )

    class Meta:
        model = ProcessStep
        fields = records.STEP_KEYS


class StepInline(PolicyInline):
    model = ProcessStep
    form = StepForm
    formset = StepFormSet
    fields = records.STEP_KEYS
    autocomplete_fields = ("performer_unit",)


class ChannelInline(PolicyInline):
    model = ChannelOffer
    formset = ChannelFormSet
    fields = records.CHANNEL_KEYS
    show_change_link = True  # the fees of a channel are edited on its own page


class ComponentForm(forms.ModelForm):
    class Meta:
        model = Component
        fields = records.COMPONENT_KEYS

    def clean_allowed_file_types(self):
        try:
            return FileTypes().clean(self.cleaned_data.get("allowed_file_types"), True)
        except Bad as bad:
            raise forms.ValidationError(bad.message, code=bad.code) from None


class ComponentInline(PolicyInline):
    model = Component
    form = ComponentForm
    fields = records.COMPONENT_KEYS


class ResultInline(PolicyInline):
    model = Result
    fields = records.RESULT_KEYS


class AgencyForm(forms.ModelForm):
    unit_level = forms.ChoiceField(
        label=_("any unit of level"), required=False, choices=[("", "—"), *UnitLevel.choices]
    )

    class Meta:
        model = AgencyAssignment
        fields = records.AGENCY_KEYS


class AgencyInline(PolicyInline):
    model = AgencyAssignment
    form = AgencyForm
    fields = records.AGENCY_KEYS
    autocomplete_fields = ("unit",)


class SavedWithInlines:
    """For a model admin whose form and inlines are saved together by one service call in
    `save_related` (so `save_model` writes nothing, and the inline formsets never save)."""

    def save_model(self, request, obj, form, change):
        pass

    def construct_change_message(self, request, form, formsets, add=False):
        # Django's version reads what the formsets saved; here the service saved it.
        return [{"added": {}}] if add else [{"changed": {"fields": form.changed_data}}]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms check the rules first; a refusal by the service (say, another user
        # published this draft a moment ago) is shown as a message, never as an error page.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# --- versions ----------------------------------------------------------------------------------


class VersionForm(forms.ModelForm):
    class Meta:
        model = ProcedureVersion
        fields = services.VERSION_FIELDS

    def clean_online_form_schema(self):
        schema = self.cleaned_data.get("online_form_schema")
        try:
            return JsonObject().clean(schema, True)
        except Bad as bad:
            raise forms.ValidationError(bad.message, code=bad.code) from None


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(SavedWithInlines, PolicyModelAdmin):
    view_action = VIEW
    change_action = MANAGE
    form = VersionForm
    change_form_template = "admin/catalog/procedureversion/change_form.html"
    list_display = ("procedure", "number", "name", "status", "valid_from", "valid_to")
    list_filter = ("status", "level", "field")
    search_fields = ("procedure__code", "name")
    list_select_related = ("procedure",)
    readonly_fields = ("procedure", "number", "status", "valid_from", "valid_to", "published_at")
    fieldsets = (
        (None, {"fields": readonly_fields}),
        (_("Procedure"), {"fields": services.VERSION_FIELDS}),
    )
    inlines = [ChannelInline, ComponentInline, ResultInline, AgencyInline, StepInline]

    def has_add_permission(self, request):
        return False  # a version is born with its procedure or as a new draft of another

    def has_change_permission(self, request, obj=None):
        # A published version is shown read-only: a dossier keeps the rules it was received
        # under, so the only way forward is a new version.
        return super().has_change_permission(request, obj) and _editable(obj)

    def save_related(self, request, form, formsets, change):
        version = ProcedureVersion.objects.get(pk=form.instance.pk)
        changes = {key: form.cleaned_data[key] for key in services.VERSION_FIELDS}
        for formset in formsets:
            key = formset.fk.remote_field.related_name
            changes[key] = [row for _form, row in kept_rows(formset)]
        if "channels" in changes:
            # The inline edits the channels; their fees stay as they are (edited per channel).
            fees = {o.channel: [_fee_row(f) for f in o.fees.all()] for o in version.channels.all()}
            for row in changes["channels"]:
                row["fees"] = fees.get(row["channel"], [])
        services.update_draft(actor=request.user, version=version, **changes)
        _warn_until_publishable(request, version)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_manage"] = can(request.user, MANAGE)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="catalog_procedureversion_publish",
            ),
            path(
                "<path:object_id>/new-draft/",
                self.admin_site.admin_view(self.new_draft_view),
                name="catalog_procedureversion_new_draft",
            ),
        ]
        return own + super().get_urls()

    def publish_view(self, request, object_id):
        version = get_object_or_404(
            ProcedureVersion.objects.select_related("procedure"), pk=object_id
        )
        if not can(request.user, MANAGE, version.procedure):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.publish(
                    actor=request.user, version=version, valid_from=form.cleaned_data["valid_from"]
                )
            except ValidationError as error:
                errors = (
                    error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                )
                for field, messages_ in errors.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                self.message_user(
                    request,
                    gettext("Version %(number)s of %(code)s is published.")
                    % {"number": version.number, "code": version.procedure.code},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(_change_url(version))
        content = records.version_record(records.versions_with_children().get(pk=version.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": version,
            "title": gettext("Publish version %(number)s of %(code)s")
            % {"number": version.number, "code": version.procedure.code},
            "form": form,
            "problems": []
            if version.is_published
            else publication_problems(steps=content["steps"], channels=content["channels"]),
        }
        return TemplateResponse(request, "admin/catalog/procedureversion/publish.html", context)

    def new_draft_view(self, request, object_id):
        version = get_object_or_404(
            ProcedureVersion.objects.select_related("procedure"), pk=object_id
        )
        if request.method != "POST":
            return HttpResponseRedirect(_change_url(version))
        try:
            draft = services.new_draft_from(actor=request.user, version=version)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(_change_url(version))
        self.message_user(
            request,
            gettext(
                "Version %(number)s is a new draft copied from "
                "version %(source)s: change it, then publish it."
            )
            % {"number": draft.number, "source": version.number},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(_change_url(draft))


class PublishForm(forms.Form):
    valid_from = forms.DateField(label=_("In force from"))


def _change_url(version) -> str:
    return reverse("admin:catalog_procedureversion_change", args=[version.pk])


def _fee_row(fee: Fee) -> dict:
    return {key: getattr(fee, key) for key in records.FEE_KEYS}


def _warn_until_publishable(request, version) -> None:
    """A draft may be incomplete; say what still stands between it and publication."""
    content = records.version_record(records.versions_with_children().get(pk=version.pk))
    for problem in publication_problems(steps=content["steps"], channels=content["channels"]):
        messages.warning(
            request, gettext("Not yet publishable: %(problem)s") % {"problem": problem.message}
        )


# --- the fees of a channel ---------------------------------------------------------------------


class FeeInline(PolicyInline):
    model = Fee
    fields = records.FEE_KEYS

    def has_change_permission(self, request, obj=None):
        return can(request.user, MANAGE) and (obj is None or _editable(obj.version))

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ChannelOffer)
class ChannelOfferAdmin(SavedWithInlines, PolicyModelAdmin):
    """A channel with its fees, reached from its version; saved as a change of the version."""

    view_action = VIEW
    change_action = MANAGE
    fields = records.CHANNEL_KEYS
    inlines = [FeeInline]

    def has_module_permission(self, request):
        return False  # reached from the version page, not from the index

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or _editable(obj.version)
        )

    def save_related(self, request, form, formsets, change):
        offer = ChannelOffer.objects.select_related("version").get(pk=form.instance.pk)
        channels = []
        for other in offer.version.channels.all():
            if other.pk == offer.pk:
                row = {key: form.cleaned_data[key] for key in records.CHANNEL_KEYS}
                row["fees"] = [row for _form, row in kept_rows(formsets[0])]
            else:
                row = {key: getattr(other, key) for key in records.CHANNEL_KEYS}
                row["fees"] = [_fee_row(fee) for fee in other.fees.all()]
            channels.append(row)
        services.update_draft(actor=request.user, version=offer.version, channels=channels)
        self._version = offer.version

    def response_change(self, request, obj):
        return HttpResponseRedirect(_change_url(getattr(self, "_version", obj.version)))


# --- procedures --------------------------------------------------------------------------------


class VersionHistoryInline(admin.TabularInline):
    """The versions of a procedure, oldest first, each a link to its page."""

    model = ProcedureVersion
    extra = 0
    fields = ("number", "status", "valid_from", "valid_to", "name", "published_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("history of versions")

    def has_view_permission(self, request, obj=None):
        return can(request.user, VIEW)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NewProcedureForm(forms.ModelForm):
    """A new procedure is born with its first draft version: its name, field and level."""

    name = forms.CharField(label=_("name"), max_length=500)
    field = forms.ModelChoiceField(label=_("field"), queryset=Field.objects.all())
    level = forms.ChoiceField(
        label=_("level"), choices=ProcedureVersion._meta.get_field("level").choices
    )

    class Meta:
        model = Procedure
        fields = ("code", "code_is_illustrative")


@admin.register(Procedure)
class ProcedureAdmin(PolicyModelAdmin):
    view_action = VIEW
    change_action = MANAGE
    list_display = ("code", "code_is_illustrative", "created_at")
    search_fields = ("code", "search_text")
    fields = ("code", "code_is_illustrative")
    inlines = [VersionHistoryInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewProcedureForm
            kwargs["fields"] = ("code", "code_is_illustrative", "name", "field", "level")
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("code", "code_is_illustrative", "name", "field", "level")
        return self.fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_via_service(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            version = services.create_procedure(
                actor=request.user,
                code=data["code"],
                code_is_illustrative=data["code_is_illustrative"],
                name=data["name"],
                field=data["field"],
                level=data["level"],
            )
            self._new_draft = version
            return version.procedure
        original = Procedure.objects.get(pk=obj.pk)
        return services.update_procedure(
            actor=request.user,
            procedure=original,
            code=data["code"],
            code_is_illustrative=data["code_is_illustrative"],
        )

    def save_related(self, request, form, formsets, change):
        pass  # the history is read-only

    def response_add(self, request, obj, post_url_continue=None):
        # Straight on to the draft: a procedure is its versions.
        return HttpResponseRedirect(_change_url(self._new_draft))


@admin.register(Field)
class FieldAdmin(PolicyModelAdmin):
    view_action = VIEW
    change_action = MANAGE
    list_display = ("code", "name")
    search_fields = ("code", "name")
    fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def save_via_service(self, request, obj, form, change):
        if not change:
            return services.create_field(actor=request.user, **form.cleaned_data)
        return services.update_field(
            actor=request.user, field=Field.objects.get(pk=obj.pk), name=form.cleaned_data["name"]
        )


# --- groups ------------------------------------------------------------------------------------


class MemberFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        orders = set()
        for form, row in kept_rows(self):
            if row.get("order") in orders:
                form.add_error(
                    "order",
                    gettext("Two procedures of the group have the order %(order)s.")
                    % {"order": row["order"]},
                )
            orders.add(row.get("order"))


class MemberInline(admin.TabularInline):
    model = GroupMember
    formset = MemberFormSet
    extra = 0
    fields = ("order", "procedure", "agency_description", "unit")
    autocomplete_fields = ("procedure", "unit")

    def has_view_permission(self, request, obj=None):
        return can(request.user, VIEW)

    def has_change_permission(self, request, obj=None):
        return can(request.user, MANAGE)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ProcedureGroup)
class ProcedureGroupAdmin(SavedWithInlines, PolicyModelAdmin):
    view_action = VIEW
    change_action = MANAGE
    list_display = ("code", "name")
    search_fields = ("code", "name")
    fields = services.GROUP_FIELDS
    inlines = [MemberInline]

    def save_related(self, request, form, formsets, change):
        fields = {key: form.cleaned_data[key] for key in services.GROUP_FIELDS}
        members = [row for _form, row in kept_rows(formsets[0])]
        if not change:
            group = services.create_group(actor=request.user, members=members, **fields)
            form.instance.pk = group.pk
        else:
            services.update_group(
                actor=request.user,
                group=ProcedureGroup.objects.get(pk=form.instance.pk),
                members=members,
                **fields,
            )
