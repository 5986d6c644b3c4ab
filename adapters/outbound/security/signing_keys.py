"""Ed25519 keys that sign access tokens."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def load_signing_key(pem: str) -> Ed25519PrivateKey:
    """Read an unencrypted PEM; raises ValueError unless it is an Ed25519 private key."""
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except TypeError as error:  # cryptography's way of saying the key is encrypted
        raise ValueError("the signing key must not be encrypted") from error
    except ValueError as error:  # cryptography's message names neither the key nor PEM
        raise ValueError("the signing key is not a PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the signing key must be an Ed25519 private key")
    return key


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """Load the key at ``path``, first generating it (mode 0600) if there is none.

    For development: services started together may race to create the key, so the
    file appears atomically and whoever loses the race loads the winner's key.
    """
    if not path.exists():
        _create_key_file(path)
    return load_signing_key(path.read_text())


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    # mkstemp creates the file with mode 0600 before any secret is written to it.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(pem)
        # link, unlike rename, refuses to replace a key another process just created.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
