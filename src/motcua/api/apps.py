from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "motcua.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from motcua.api import schema  # noqa: F401  (registers the OpenAPI auth extension)
