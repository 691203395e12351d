"""The workspace's menu: the pages a staff member's current roles open, in working order.

An entry whose page is not installed is left out (reverse fails), so the menu never links to
a missing page. Which data each page then shows is for its selectors to decide.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from motcua.organizations.models import Role
from motcua.organizations.roles import has_role_anywhere

RECEPTION = (Role.RECEPTION_OFFICER,)
PROCESSING = (Role.SPECIALIST, Role.UNIT_LEADER)
LEADING = (Role.UNIT_LEADER,)
OVERSIGHT = (Role.SUPERVISOR, Role.SYSTEM_ADMIN)


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str
    roles: tuple[str, ...]


ENTRIES = (
    Entry("backoffice:counter", _("Counter reception"), RECEPTION),
    Entry("backoffice:online_inbox", _("Online inbox"), RECEPTION),
    Entry("backoffice:my_queue", _("My work"), PROCESSING),
    Entry("backoffice:unit_queue", _("Unit queue"), PROCESSING + OVERSIGHT),
    Entry("backoffice:late", _("At risk of lateness"), LEADING + OVERSIGHT),
    Entry("backoffice:handovers", _("Paper handovers"), RECEPTION),
    Entry("backoffice:returns", _("Returns desk"), RECEPTION),
)


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    url_name: str


def menu_for(user) -> list[MenuItem]:
    items = []
    for entry in ENTRIES:
        if not has_role_anywhere(user, *entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(MenuItem(url, str(entry.label), entry.url_name))
    return items
