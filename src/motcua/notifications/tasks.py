from django_tasks import task

from motcua.audit.context import Channel, audit_context


@task()
def deliver_outbox() -> dict:
    """Deliver what is due, then queue the next run (see notifications.scheduling)."""
    from motcua.notifications.delivery import deliver_due
    from motcua.notifications.scheduling import keep_moving

    with audit_context(channel=Channel.TASK):
        report = deliver_due()
        keep_moving(more_due_now=report.limit_reached)
    return report.as_dict()
