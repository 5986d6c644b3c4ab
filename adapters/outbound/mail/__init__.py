"""Outgoing email: SMTP in production, the log in development, a list in tests."""

from adapters.outbound.mail.log_mailer import LogMailer
from adapters.outbound.mail.memory_mailer import InMemoryMailer
from adapters.outbound.mail.smtp_mailer import SmtpMailer

__all__ = ["InMemoryMailer", "LogMailer", "SmtpMailer"]
