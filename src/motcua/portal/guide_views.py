"""The public guide to procedures: browse by field and level, search, read one procedure, and
the list of service points. No login: the catalogue is public, drafts never shown.

The search box updates the results through htmx (only the results are re-rendered), and the
same URL renders the whole page without JavaScript.
"""

from decimal import Decimal

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from motcua.catalog import selectors
from motcua.catalog.models import AgencyRole, Level, OnlineLevel, TimeUnit
from motcua.organizations.models import ServicePointKind
from motcua.organizations.selectors import active_service_points

PAGE_SIZE = 20


class GuideSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Find a procedure"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "A few words of its name or its code, with or without accents, e.g. khai sinh."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    field = forms.ChoiceField(label=gettext_lazy("Field"), required=False)
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        choices=[("", gettext_lazy("All levels")), *Level.choices],
    )

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            ("", _("All fields")),
            *((f.code, f"{f.name} ({f.procedure_count})") for f in fields),
        ]


def _query_string(data: dict, **changes) -> str:
    """The query string of the current search with `changes` (None removes a key)."""
    params = QueryDict(mutable=True)
    for key, value in {**data, **changes}.items():
        if value:
            params[key] = value
    return params.urlencode()


def _listing_context(page, criteria: dict, fields: list) -> dict:
    """Links of the result pages and of the browse panel; each keeps the other criteria."""
    paginator = page.paginator
    return {
        "page_links": [
            (number, _query_string(criteria, page=str(number)) if isinstance(number, int) else "")
            for number in paginator.get_elided_page_range(page.number, on_each_side=2)
        ]
        if paginator.num_pages > 1
        else [],
        "base_query": _query_string(criteria),
        "fields": [(f, _query_string(criteria, field=f.code)) for f in fields],
        "levels": [
            (value, label, count, _query_string(criteria, level=value))
            for value, label, count in selectors.level_counts()
        ],
        "all_fields_query": _query_string(criteria, field=None),
        "all_levels_query": _query_string(criteria, level=None),
    }


@require_safe
@vary_on_headers("HX-Request")
def guide_index(request):
    fields = selectors.fields_with_counts()
    form = GuideSearchForm(request.GET or None, fields=fields)
    criteria = {"q": "", "field": "", "level": ""}
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        criteria = {key: form.cleaned_data.get(key) or "" for key in criteria}
    # A hand-edited address with a bad filter: say what is wrong and list nothing.
    versions = (
        selectors.search_procedures(
            criteria["q"], field=criteria["field"] or None, level=criteria["level"] or None
        )
        if valid
        else selectors.versions_in_force().none()
    )
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "criteria": criteria,
        "searching": any(criteria.values()),
        **_listing_context(page, criteria, fields),
    }
    status = 200 if valid else 400
    # htmx swaps only the results; a history restore (back button, cache miss) needs the page.
    if not request.htmx or request.htmx.history_restore_request:
        return render(request, "portal/guide/index.html", context, status=status)
    response = render(request, "portal/guide/_results.html", context, status=status)
    # The address bar shows the search as a link would have it, without empty parameters.
    query = _query_string(criteria, page=str(page.number) if page.number > 1 else None)
    return push_url(response, f"{request.path}?{query}" if query else request.path)


# --- one procedure --------------------------------------------------------------------------


def money(amount: int) -> str:
    """An amount in đồng with the language's grouping: "8.000 đ" (vi), "8,000 đ" (en)."""
    grouped = f"{amount:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    return _("%(amount)s đ") % {"amount": grouped}


def _number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return number_format(value.normalize())


def time_limit_text(offer) -> str:
    """ "3 ngày làm việc", "4 giờ làm việc", or "Giải quyết ngay" for on the spot."""
    if offer.time_unit == TimeUnit.ON_THE_SPOT or not offer.time_limit:
        return _("Dealt with on the spot")
    count = _number(offer.time_limit)
    # Plural forms need a whole number; a fraction of a day reads as plural in English.
    plural_key = 1 if offer.time_limit == 1 else 2
    if offer.time_unit == TimeUnit.WORKING_HOURS:
        text = ngettext("%(count)s working hour", "%(count)s working hours", plural_key)
    else:
        text = ngettext("%(count)s working day", "%(count)s working days", plural_key)
    return text % {"count": count}


def _channel_rows(version) -> list[dict]:
    rows = []
    for offer in version.channels.all():
        fees = [
            {
                "name": fee.name,
                "amount": money(fee.amount_vnd) if fee.amount_vnd else _("Free of charge"),
                "description": fee.description,
            }
            for fee in offer.fees.all()
        ]
        rows.append(
            {
                "channel": offer.channel,
                "label": offer.get_channel_display(),
                "time": time_limit_text(offer),
                "description": offer.description,
                "fees": fees,
            }
        )
    return rows


def _component_cases(version) -> list[tuple[str, list]]:
    """Components grouped by case (trường hợp), in the catalogue's order."""
    cases: dict[str, list] = {}
    for component in version.components.all():
        cases.setdefault(component.case, []).append(component)
    return list(cases.items())


def _submission_agencies(version) -> list:
    """Who receives a procedure that is not boundary-free: its implementing agencies, else its
    competent ones."""
    agencies = list(version.agencies.all())
    for role in (AgencyRole.IMPLEMENTING, AgencyRole.COMPETENT):
        chosen = [agency for agency in agencies if agency.role == role]
        if chosen:
            return chosen
    return []


@require_safe
def guide_procedure(request, code: str):
    version = selectors.procedure_detail(code)
    if version is None:
        return render(request, "portal/guide/not_found.html", {"code": code[:50]}, status=404)
    channels = _channel_rows(version)
    context = {
        "version": version,
        "procedure": version.procedure,
        "channels": channels,
        "cases": _component_cases(version),
        "results": list(version.results.all()),
        "agencies": list(version.agencies.all()),
        "submission_agencies": _submission_agencies(version),
        "online": version.online_level != OnlineLevel.NONE,
        "online_full": version.online_level == OnlineLevel.FULL,
        # The summary shows the counter's time and fees, else the first channel's.
        "counter": next(
            (row for row in channels if row["channel"] == "counter"),
            channels[0] if channels else None,
        ),
    }
    return render(request, "portal/guide/procedure.html", context)


@require_safe
def guide_service_points(request):
    """Every open service point, grouped by kind in the order of `ServicePointKind`."""
    points = active_service_points().order_by("name", "code")
    groups = []
    for kind, label in ServicePointKind.choices:
        members = [point for point in points if point.kind == kind]
        if members:
            groups.append((label, members))
    return render(request, "portal/guide/service_points.html", {"groups": groups})
