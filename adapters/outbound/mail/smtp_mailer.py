from __future__ import annotations

import email.message
import email.utils

import aiosmtplib

from application.shared.errors import DependencyUnavailableError
from application.shared.ports import EmailMessage, Mailer


class SmtpMailer(Mailer):
    """Opens one SMTP connection per message; mail is rare enough not to need a pool.

    ``use_tls`` speaks TLS from the first byte (port 465), ``start_tls`` upgrades a
    plain connection (port 587); with neither, the message travels in clear text.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        use_tls: bool = False,
        start_tls: bool = False,
        timeout: float = 10.0,
    ) -> None:
        if use_tls and start_tls:
            raise ValueError("use_tls and start_tls exclude each other")
        self._host = host
        self._port = port
        self._sender = sender
        self._username = username
        self._password = password
        self._use_tls = use_tls
        self._start_tls = start_tls
        self._timeout = timeout
        # make_msgid would otherwise ask DNS for our host name, blocking the event loop.
        self._message_id_domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or None

    async def send(self, message: EmailMessage) -> None:
        try:
            await aiosmtplib.send(
                self._to_mime(message),
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                use_tls=self._use_tls,
                start_tls=self._start_tls,
                timeout=self._timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            raise DependencyUnavailableError("smtp") from error

    def _to_mime(self, message: EmailMessage) -> email.message.EmailMessage:
        mime = email.message.EmailMessage()
        mime["From"] = self._sender
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime["Date"] = email.utils.formatdate(localtime=False)
        mime["Message-ID"] = email.utils.make_msgid(domain=self._message_id_domain)
        mime.set_content(message.text)
        return mime
