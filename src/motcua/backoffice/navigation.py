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
    #: The other pages of the same area, so the menu still shows where the user is.
    pages: tuple[str, ...] = ()


ENTRIES = (
    Entry(
        "backoffice:counter",
        _("Counter reception"),
        RECEPTION,
        ("counter_done", "counter_complete", "correct"),
    ),
    Entry("backoffice:online_inbox", _("Online inbox"), RECEPTION, ("online_receipts",)),
    Entry("backoffice:my_queue", _("My work"), PROCESSING),
    Entry("backoffice:unit_queue", _("Unit queue"), PROCESSING + OVERSIGHT, ("work_handover",)),
    Entry("backoffice:late", _("At risk of lateness"), LEADING + OVERSIGHT, ("apology",)),
    Entry(
        "backoffice:handovers",
        _("Paper handovers"),
        RECEPTION,
        ("handover_batch", "paper_trail"),
    ),
    Entry("backoffice:returns", _("Returns desk"), RECEPTION, ("return_result",)),
    # Staff, units, calendars and the catalogue are kept in the administration pages.
    Entry("admin:index", _("Administration"), (Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)),
)


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    current: bool
    name: str  # the URL name inside the namespace: "counter", "my_queue" …


def menu_for(user, current_page: str = "") -> list[MenuItem]:
    """The entries `user` may open; `current_page` (a URL name in the namespace) marks the one
    whose area the user is in."""
    items = []
    for entry in ENTRIES:
        if not has_role_anywhere(user, *entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        name = entry.url_name.split(":")[1]
        items.append(MenuItem(url, str(entry.label), current_page in (name, *entry.pages), name))
    return items
