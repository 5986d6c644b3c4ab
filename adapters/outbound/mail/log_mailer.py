from __future__ import annotations

import structlog

from application.shared.ports import EmailMessage, Mailer


class LogMailer(Mailer):
    """Development stand-in for SMTP: writes each message to the ``hexashop.mail`` logger.

    The body is logged in full, including its verification and reset links, which
    grant access to accounts: never use this adapter where the logs are shared.
    """

    def __init__(self) -> None:
        self._logger = structlog.get_logger(logger_name="hexashop.mail")

    async def send(self, message: EmailMessage) -> None:
        self._logger.info("mail.sent", to=message.to, subject=message.subject, text=message.text)
