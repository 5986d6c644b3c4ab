"""Fingerprints of payment instruments: HMAC-SHA256 under a secret key."""

from __future__ import annotations

import hashlib
import hmac

from application.ordering.ports import InstrumentFingerprinter
from domain.ordering.instruments import PaymentInstrument

MIN_SECRET_BYTES = 32


class HmacInstrumentFingerprinter(InstrumentFingerprinter):
    """The hex HMAC-SHA256 of the instrument's normalized number (card number, IBAN, or
    wallet provider and account). Changing the secret changes every fingerprint, so
    duplicates of instruments stored before would no longer be found: keep it stable."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the fingerprint secret needs at least {MIN_SECRET_BYTES} bytes")
        self._secret = secret

    def fingerprint(self, instrument: PaymentInstrument) -> str:
        source = instrument.fingerprint_source.encode()
        return hmac.new(self._secret, source, hashlib.sha256).hexdigest()
