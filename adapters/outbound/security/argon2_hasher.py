from __future__ import annotations

import asyncio
import os
import secrets
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher as Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError

from application.identity.ports import PasswordHasher


class Argon2PasswordHasher(PasswordHasher):
    """argon2id, by default with OWASP's minimum (19 MiB, 2 passes, 1 lane).

    Hashing runs in a dedicated thread pool: argon2-cffi releases the GIL, so logins
    hash in parallel without starving the event loop or the default executor. An
    unreadable hash needs rehashing. ``verify_nothing`` checks against a throwaway hash
    made with the current parameters on first use. Call ``close`` at shutdown.
    """

    def __init__(
        self, *, time_cost: int = 2, memory_cost: int = 19_456, parallelism: int = 1
    ) -> None:
        self._hasher = Argon2Hasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            type=Type.ID,
        )
        self._executor = ThreadPoolExecutor(
            max_workers=_usable_cores(), thread_name_prefix="argon2"
        )
        self._decoy_hash: str | None = None

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._hasher.hash, _encode(password))

    async def verify(self, password_hash: str, password: str) -> bool:
        # argon2-cffi encodes the hash as ASCII and would raise on anything else.
        if not password_hash.isascii():
            return False
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._verify, password_hash, password)

    async def verify_nothing(self, password: str) -> None:
        if self._decoy_hash is None:
            self._decoy_hash = await self.hash(secrets.token_urlsafe(32))
        await self.verify(self._decoy_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        if not password_hash.isascii():
            return True
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, _encode(password))
        except (VerificationError, InvalidHashError):
            return False


def _encode(password: str) -> bytes:
    # JSON can carry lone surrogates, which plain UTF-8 refuses; valid text encodes as usual.
    return password.encode("utf-8", "surrogatepass")


def _usable_cores() -> int:
    """Cores this process may run on (fewer than the machine's when pinned): one hashing
    thread per core leaves the event loop its share of each, where more would starve it."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without affinity (macOS)
        return os.cpu_count() or 1
