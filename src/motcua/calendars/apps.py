from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "motcua.calendars"
    label = "calendars"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from motcua.calendars import rules  # noqa: F401  (registers policy rules)
