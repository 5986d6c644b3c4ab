"""The floor app, verifying passwords at hexashop's argon2id parameters.

floor_app.py hashes with argon2-cffi's defaults (m=65536 KiB, t=3, p=4) and, on the first
successful login, re-hashes a stored hash made with other parameters. Seeded with hexashop's
parameters as its README asks, it would switch to its own, dearer ones after one login and the
login ratio would compare two different costs. This shim gives it a hasher built from the seeded
hash's own parameters (FLOOR_BENCH_HASH) before it serves; nothing else changes.
"""

from __future__ import annotations

import os

import floor_app
from argon2 import PasswordHasher, extract_parameters

floor_app.HASHER = PasswordHasher.from_parameters(
    extract_parameters(os.environ["FLOOR_BENCH_HASH"])
)
floor_app.DUMMY_HASH = floor_app.HASHER.hash("dummy-password-for-timing")
app = floor_app.app
