"""System checks: a misconfigured outbox is refused at start-up, not discovered at 3 a.m."""

from django.core import checks

from motcua.notifications import conf


@checks.register()
def check_outbox_configuration(app_configs=None, **kwargs):
    from motcua.notifications.adapters import registry

    problems = []
    if conf.webhook_url() and not conf.webhook_secret():
        problems.append(
            checks.Error(
                "WEBHOOK_URL is set but WEBHOOK_SECRET is empty: receivers could not trust it.",
                id="notifications.E001",
            )
        )
    try:
        registry.reset()
        registry.adapters()
    except Exception as error:  # an import or configuration error, reported, not raised
        problems.append(
            checks.Error(
                f"NOTIFICATION_ADAPTERS cannot be loaded: {error}", id="notifications.E002"
            )
        )
    if conf.max_attempts() < 1:
        problems.append(
            checks.Error("NOTIFICATION_MAX_ATTEMPTS must be at least 1.", id="notifications.E003")
        )
    return problems
