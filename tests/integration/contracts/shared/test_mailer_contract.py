"""The Mailer contract, for every adapter; SMTP against a real server in this process."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import pytest
import structlog
from aiosmtpd.controller import Controller

from adapters.outbound.mail import InMemoryMailer, LogMailer, SmtpMailer
from application.shared.errors import DependencyUnavailableError
from application.shared.ports import EmailMessage, Mailer

SENDER = "shop@hexashop.test"


class _Inbox:
    """An aiosmtpd handler that accepts every message and keeps it."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class _RefusingInbox(_Inbox):
    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        return "550 No such user here"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _smtp_server(handler: _Inbox) -> Iterator[int]:
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def _received(inbox: _Inbox) -> list[EmailMessage]:
    received = []
    for envelope in inbox.envelopes:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        received.append(
            EmailMessage(
                to=parsed["To"],
                subject=parsed["Subject"],
                text=parsed.get_content().replace("\r\n", "\n").removesuffix("\n"),
            )
        )
    return received


Delivered = Callable[[], list[EmailMessage]]


@pytest.fixture(scope="module")
def smtp_inbox() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    with _smtp_server(inbox) as port:
        yield inbox, port


@pytest.fixture(params=["memory", "smtp", "log"])
def mailer_and_delivered(request: pytest.FixtureRequest) -> Iterator[tuple[Mailer, Delivered]]:
    """A mailer and a way to read, as EmailMessages, what it handed to its transport."""
    if request.param == "memory":
        memory = InMemoryMailer()
        yield memory, lambda: list(memory.sent)
    elif request.param == "smtp":
        inbox, port = request.getfixturevalue("smtp_inbox")
        inbox.envelopes.clear()
        yield SmtpMailer(host="127.0.0.1", port=port, sender=SENDER), lambda: _received(inbox)
    else:
        with structlog.testing.capture_logs() as records:
            yield (
                LogMailer(),
                lambda: [
                    EmailMessage(to=record["to"], subject=record["subject"], text=record["text"])
                    for record in records
                    if record["event"] == "mail.sent"
                ],
            )


def _a_message(**overrides: str) -> EmailMessage:
    fields = {
        "to": f"{uuid4().hex}@example.com",
        "subject": "Verify your email address",
        "text": "Open https://shop.example/verify?token=abc123 to verify your address.",
    }
    return EmailMessage(**(fields | overrides))


async def test_delivers_recipient_subject_and_body_when_a_message_is_sent(
    mailer_and_delivered: tuple[Mailer, Delivered],
) -> None:
    mailer, delivered = mailer_and_delivered
    message = _a_message()

    await mailer.send(message)

    assert delivered() == [message]


async def test_delivers_the_text_unchanged_when_it_has_accents_and_long_lines(
    mailer_and_delivered: tuple[Mailer, Delivered],
) -> None:
    mailer, delivered = mailer_and_delivered
    link = "https://shop.example/reset-password?token=" + "x" * 120
    message = _a_message(subject="Réinitialisez votre mot de passe", text=f"Grüße!\n\n{link}")

    await mailer.send(message)

    assert delivered() == [message]


async def test_delivers_every_message_in_order_when_several_are_sent(
    mailer_and_delivered: tuple[Mailer, Delivered],
) -> None:
    mailer, delivered = mailer_and_delivered
    messages = [_a_message(subject=f"Message {number}") for number in range(3)]

    for message in messages:
        await mailer.send(message)

    assert delivered() == messages


async def test_smtp_names_the_sender_and_recipient_in_envelope_and_headers_when_sending(
    smtp_inbox: tuple[_Inbox, int],
) -> None:
    inbox, port = smtp_inbox
    inbox.envelopes.clear()
    message = _a_message()

    await SmtpMailer(host="127.0.0.1", port=port, sender=SENDER).send(message)

    [envelope] = inbox.envelopes
    headers = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert (envelope.mail_from, envelope.rcpt_tos) == (SENDER, [message.to])
    assert (headers["From"], headers["To"]) == (SENDER, message.to)
    assert headers["Date"] is not None
    assert headers["Message-ID"].endswith("@hexashop.test>")


async def test_smtp_raises_dependency_unavailable_when_nothing_listens_on_the_port() -> None:
    mailer = SmtpMailer(host="127.0.0.1", port=_free_port(), sender=SENDER, timeout=5)

    with pytest.raises(DependencyUnavailableError) as raised:
        await mailer.send(_a_message())

    assert raised.value.dependency == "smtp"


async def test_smtp_raises_dependency_unavailable_when_the_server_refuses_the_recipient() -> None:
    with _smtp_server(_RefusingInbox()) as port:
        mailer = SmtpMailer(host="127.0.0.1", port=port, sender=SENDER, timeout=5)

        with pytest.raises(DependencyUnavailableError):
            await mailer.send(_a_message())


def test_smtp_raises_value_error_when_both_tls_modes_are_asked_for() -> None:
    with pytest.raises(ValueError, match="exclude"):
        SmtpMailer(host="mail.test", port=465, sender=SENDER, use_tls=True, start_tls=True)


async def test_in_memory_latest_to_returns_the_last_message_when_an_address_got_several() -> None:
    mailer = InMemoryMailer()
    first = _a_message(subject="First")
    last = _a_message(to=first.to, subject="Last")
    for message in (first, last, _a_message(subject="To someone else")):
        await mailer.send(message)

    latest = mailer.latest_to(first.to)

    assert latest == last


def test_in_memory_latest_to_returns_none_when_the_address_got_nothing() -> None:
    mailer = InMemoryMailer()

    latest = mailer.latest_to("nobody@example.com")

    assert latest is None
