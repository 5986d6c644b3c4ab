"""Development secrets kept in files of the data dir, created once and never replaced."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path


def load_or_create(path: Path, make: Callable[[], bytes]) -> bytes:
    """The bytes at ``path``, first writing ``make()`` there (mode 0600) if there are none.

    Processes started together may race to create the file: it appears atomically and
    whoever loses the race reads the winner's secret.
    """
    if not path.exists():
        _create(path, make())
    return path.read_bytes()


def load_or_create_secret(path: Path) -> bytes:
    """32 random bytes, kept at ``path``."""
    return load_or_create(path, lambda: secrets.token_bytes(32))


def _create(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file with mode 0600 before any secret is written to it.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        # link, unlike rename, refuses to replace a file another process just created.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
