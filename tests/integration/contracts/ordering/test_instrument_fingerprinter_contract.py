"""The InstrumentFingerprinter contract, for every adapter: one instrument, one fingerprint."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.outbound.security.fingerprints import HmacInstrumentFingerprinter
from application.ordering.ports import InstrumentFingerprinter
from domain.ordering.instruments import PaymentInstrument
from tests.builders.ordering import (
    BRITISH_IBAN,
    GERMAN_IBAN,
    MASTERCARD,
    SUCCEEDING_CARD,
    a_bank_account,
    a_card,
    a_wallet,
)

KEY = b"k" * 32
OTHER_KEY = b"o" * 32

FINGERPRINTERS: list[Callable[[bytes], InstrumentFingerprinter]] = [HmacInstrumentFingerprinter]


@pytest.fixture(params=FINGERPRINTERS, ids=["hmac"])
def make(request: pytest.FixtureRequest) -> Callable[[bytes], InstrumentFingerprinter]:
    factory: Callable[[bytes], InstrumentFingerprinter] = request.param
    return factory


def test_the_fingerprint_is_the_same_when_only_expiry_holder_or_spacing_differ(
    make: Callable[[bytes], InstrumentFingerprinter],
) -> None:
    fingerprinter = make(KEY)

    first = fingerprinter.fingerprint(a_card("4242 4242 4242 4242", exp_year=2030))
    second = fingerprinter.fingerprint(a_card("4242-4242-4242-4242", exp_year=2031, holder="B"))

    assert first == second
    assert 0 < len(first) <= 64


def test_fingerprints_differ_when_the_instruments_differ(
    make: Callable[[bytes], InstrumentFingerprinter],
) -> None:
    fingerprinter = make(KEY)
    instruments: list[PaymentInstrument] = [
        a_card(SUCCEEDING_CARD),
        a_card(MASTERCARD),
        a_bank_account(GERMAN_IBAN),
        a_bank_account(BRITISH_IBAN),
        a_wallet("paypal", "ada@example.com"),
        a_wallet("paypal", "bob@example.com"),
    ]

    fingerprints = {fingerprinter.fingerprint(instrument) for instrument in instruments}

    assert len(fingerprints) == len(instruments)


def test_the_fingerprint_hides_the_number_and_changes_when_the_key_changes(
    make: Callable[[bytes], InstrumentFingerprinter],
) -> None:
    card = a_card(SUCCEEDING_CARD)

    fingerprint = make(KEY).fingerprint(card)

    assert "4242" not in fingerprint
    assert fingerprint != make(OTHER_KEY).fingerprint(card)
    assert fingerprint == make(KEY).fingerprint(card)


def test_the_hmac_fingerprinter_raises_when_the_secret_is_short() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        HmacInstrumentFingerprinter(b"short")
