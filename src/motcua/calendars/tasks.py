from django_tasks import task

from motcua.audit.context import Channel, audit_context


@task()
def recompute_open_deadlines() -> int:
    from motcua.calendars.services import recompute_adjustable_deadlines

    with audit_context(channel=Channel.TASK):
        return recompute_adjustable_deadlines()
