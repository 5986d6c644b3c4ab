"""Ed25519 keys that sign access tokens."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.outbound.security.secret_files import load_or_create


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
    """Load the key at ``path``, first generating it (mode 0600) if there is none."""
    return load_signing_key(load_or_create(path, _new_pem).decode())


def _new_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
