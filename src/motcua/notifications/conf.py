"""Settings of the outbox, each read from Django settings first, then the environment.

They are looked up at call time (not import time) so `override_settings` in tests and a
settings module that sets them both work; settings.py need not know about this app.
"""

from django.conf import settings

from motcua.env import env_int, env_list, env_str

DEFAULT_ADAPTERS = [
    "motcua.notifications.adapters.log.LoggingAdapter",
    "motcua.notifications.adapters.email.EmailAdapter",
]
WEBHOOK_ADAPTER = "motcua.notifications.adapters.webhook.WebhookAdapter"

# Names of the settings whose change must rebuild the adapter registry.
ADAPTER_SETTINGS = frozenset(
    {"NOTIFICATION_ADAPTERS", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_TOPICS", "WEBHOOK_TIMEOUT"}
)


def _setting(name: str, from_env):
    value = getattr(settings, name, None)
    return from_env() if value is None else value


def adapter_paths() -> list:
    """Dotted paths (or classes) of the adapters; the webhook joins when WEBHOOK_URL is set."""
    default = DEFAULT_ADAPTERS + ([WEBHOOK_ADAPTER] if webhook_url() else [])
    return list(
        _setting("NOTIFICATION_ADAPTERS", lambda: env_list("NOTIFICATION_ADAPTERS", default))
    )


def max_attempts() -> int:
    return int(
        _setting("NOTIFICATION_MAX_ATTEMPTS", lambda: env_int("NOTIFICATION_MAX_ATTEMPTS", 10))
    )


def webhook_url() -> str:
    return _setting("WEBHOOK_URL", lambda: env_str("WEBHOOK_URL"))


def webhook_secret() -> str:
    return _setting("WEBHOOK_SECRET", lambda: env_str("WEBHOOK_SECRET"))


def webhook_topics() -> list[str]:
    return list(_setting("WEBHOOK_TOPICS", lambda: env_list("WEBHOOK_TOPICS", ["*"])))


def webhook_timeout() -> int:
    return int(_setting("WEBHOOK_TIMEOUT", lambda: env_int("WEBHOOK_TIMEOUT", 10)))
