from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "motcua.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from motcua.organizations import rules  # noqa: F401  (registers policy rules)
