"""An email backend that queues instead of sending (see models.py).

Every message becomes one ``OutgoingEmail`` row in the caller's transaction and one
delivery task, so an email exists exactly when the change it announces was
committed, and the web request never waits for a mail server.
"""

import base64
from email import message_from_bytes
from email.mime.base import MIMEBase

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.text import Truncator

from yokoten.tasks import enqueue_after_commit


def to_data(message: EmailMessage) -> dict:
    """A message as JSON: everything ``from_data`` needs to build it again."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            attachments.append({"mime": base64.b64encode(attachment.as_bytes()).decode()})
            continue
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append(
            {
                "filename": filename,
                "content": base64.b64encode(content).decode(),
                "mimetype": mimetype,
            }
        )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {name: str(value) for name, value in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in data["attachments"]:
        if "mime" in attachment:
            message.attach(_mime_part(base64.b64decode(attachment["mime"])))
        else:
            message.attach(
                attachment["filename"],
                base64.b64decode(attachment["content"]),
                attachment["mimetype"],
            )
    return message


def _mime_part(raw: bytes) -> MIMEBase:
    """A MIME attachment (Django attaches only ``MIMEBase`` parts as they are) from its bytes."""
    parsed = message_from_bytes(raw)
    part = MIMEBase(parsed.get_content_maintype(), parsed.get_content_subtype())
    for name in ("Content-Type", "MIME-Version"):
        del part[name]
    for name, value in parsed.items():
        part[name] = value
    part.set_payload(parsed.get_payload())
    return part


class OutboxBackend(BaseEmailBackend):
    """``EMAIL_BACKEND``: writes each message to the outbox and queues its delivery."""

    def send_messages(self, email_messages) -> int:
        from .models import OutgoingEmail
        from .tasks import deliver_email

        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            email = OutgoingEmail.objects.create(
                recipients=Truncator(", ".join(message.recipients())).chars(500),
                subject=Truncator(" ".join(str(message.subject).split())).chars(300),
                message=to_data(message),
            )
            enqueue_after_commit(deliver_email, email.pk)
            queued += 1
        return queued
