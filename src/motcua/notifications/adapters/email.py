"""E-mail to the address an event names, through Django's mail API (SMTP, file, locmem …).

Events that name no address are none of this adapter's business and count as delivered: most
events (a step finished inside an agency) concern no citizen's mailbox.
"""

from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMessage
from django.core.validators import validate_email

from motcua.notifications.adapters.base import OutgoingEvent, PermanentError


class EmailAdapter:
    key = "email"
    topics = ("*",)

    def deliver(self, event: OutgoingEvent) -> None:
        address = str(event.payload.get("email") or "").strip()
        if not address:
            return
        try:
            validate_email(address)
        except ValidationError as error:
            raise PermanentError(f"not an e-mail address: {address!r}") from error
        subject = str(event.payload.get("subject") or "").strip()
        body = str(event.payload.get("body") or "")
        if not subject or not body:
            # The publisher's mistake: sending an empty letter to a citizen helps nobody.
            raise PermanentError("an e-mail event needs a 'subject' and a 'body'")
        message = EmailMessage(
            subject=subject,
            body=body,
            to=[address],
            # A stable Message-ID per event lets mail systems drop the copy a retry may send
            # after a lost answer from the SMTP server.
            headers={
                "Message-ID": f"<{event.id}@motcua.outbox>",
                "X-Motcua-Event-Id": str(event.id),
            },
        )
        try:
            message.send(fail_silently=False)
        except BadHeaderError as error:
            raise PermanentError(str(error)) from error
