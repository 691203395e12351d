"""Template helpers of the staff workspace: timeliness badges and local dates."""

from django import template
from django.utils import timezone

from motcua.backoffice import timeliness
from motcua.backoffice.navigation import menu_for

register = template.Library()


@register.inclusion_tag("backoffice/partials/timeliness.html")
def dossier_timeliness(dossier, now=None):
    return {"t": timeliness.of_dossier(dossier, now=now)}


@register.inclusion_tag("backoffice/partials/timeliness.html")
def due_timeliness(due_at, unit=None, running=True, now=None):
    return {"t": timeliness.of_due(due_at, unit=unit, now=now, running=running)}


@register.filter
def local_datetime(value):
    """dd/mm/yyyy HH:MM in Vietnam's time, whatever the stored zone."""
    if not value:
        return ""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


@register.filter
def local_date(value):
    if not value:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


@register.simple_tag(takes_context=True)
def workspace_menu(context):
    request = context["request"]
    match = request.resolver_match
    return menu_for(request.user, match.url_name if match else "")
