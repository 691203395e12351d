from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications and outbox")

    def ready(self) -> None:
        from motcua.notifications import checks, rules  # noqa: F401  (registers rules, checks)
        from motcua.notifications.adapters import registry

        registry.connect_setting_changes()
