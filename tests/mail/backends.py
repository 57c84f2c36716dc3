"""A mail server that can be switched off, for the outbox tests."""

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class SwitchableEmailBackend(EmailBackend):
    """Django's in-memory outbox while ``up``; a refused connection while down."""

    up = True
    refused = 0

    def send_messages(self, messages):
        if not type(self).up:
            type(self).refused += len(messages)
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


def mail_server(*, up: bool) -> None:
    SwitchableEmailBackend.up = up


def sent() -> list:
    return list(mail.outbox)
