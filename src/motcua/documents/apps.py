from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = _("Stored files and data warehouse")

    def ready(self) -> None:
        from motcua.documents import receivers, rules  # noqa: F401  (rules, dossier hooks)
