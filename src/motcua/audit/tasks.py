from django_tasks import task

from motcua.audit.context import Channel, audit_context


@task()
def seal_audit_chain() -> int:
    """Link new audit records into the hash chain, seconds after they were written."""
    from motcua.audit.services import seal_pending

    with audit_context(channel=Channel.TASK):
        return seal_pending()
