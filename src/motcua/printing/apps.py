from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintingConfig(AppConfig):
    name = "motcua.printing"
    label = "printing"
    verbose_name = _("Printed forms")

    def ready(self) -> None:
        from motcua.printing import rules  # noqa: F401  (registers policy rules)
