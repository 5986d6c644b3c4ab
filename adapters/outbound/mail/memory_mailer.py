from __future__ import annotations

from application.shared.ports import EmailMessage, Mailer


class InMemoryMailer(Mailer):
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)

    def latest_to(self, address: str) -> EmailMessage | None:
        """The last message sent to ``address``, or None if it got none."""
        return next((message for message in reversed(self.sent) if message.to == address), None)
