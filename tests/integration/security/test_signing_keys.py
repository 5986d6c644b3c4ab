from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.outbound.security.signing_keys import load_or_create_signing_key, load_signing_key


def _pem(key: Ed25519PrivateKey | ec.EllipticCurvePrivateKey, password: bytes | None = None) -> str:
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=encryption,
    ).decode()


def _public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )


def test_returns_the_same_key_when_loading_its_pem() -> None:
    key = Ed25519PrivateKey.generate()

    loaded = load_signing_key(_pem(key))

    assert _public_raw(loaded) == _public_raw(key)


def test_raises_value_error_when_the_pem_holds_another_kind_of_key() -> None:
    pem = _pem(ec.generate_private_key(ec.SECP256R1()))

    with pytest.raises(ValueError, match="Ed25519"):
        load_signing_key(pem)


def test_raises_value_error_when_the_pem_is_encrypted() -> None:
    pem = _pem(Ed25519PrivateKey.generate(), password=b"secret")

    with pytest.raises(ValueError, match="encrypted"):
        load_signing_key(pem)


def test_raises_value_error_when_the_text_is_not_a_pem() -> None:
    with pytest.raises(ValueError, match="not a PEM"):
        load_signing_key("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")


def test_creates_an_owner_only_key_file_when_none_exists(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "signing.pem"

    key = load_or_create_signing_key(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _public_raw(load_signing_key(path.read_text())) == _public_raw(key)


def test_leaves_only_the_key_file_when_it_creates_one(tmp_path: Path) -> None:
    load_or_create_signing_key(tmp_path / "signing.pem")

    assert [path.name for path in tmp_path.iterdir()] == ["signing.pem"]


def test_returns_the_same_key_when_called_twice(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    first = load_or_create_signing_key(path)

    second = load_or_create_signing_key(path)

    assert _public_raw(second) == _public_raw(first)


def test_loads_the_existing_key_when_the_file_exists(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "signing.pem"
    path.write_text(_pem(key))

    loaded = load_or_create_signing_key(path)

    assert _public_raw(loaded) == _public_raw(key)
