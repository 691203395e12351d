from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = _("Procedure catalogue")

    def ready(self) -> None:
        from motcua.catalog import rules  # noqa: F401  (registers policy rules)
