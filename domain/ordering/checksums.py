"""The check digits of payment instruments: Luhn (cards) and ISO 7064 mod 97-10 (IBANs)."""

from __future__ import annotations

import string


def luhn_valid(digits: str) -> bool:
    """True when a string of decimal digits ends in its Luhn check digit."""
    if not digits or not digits.isdecimal() or not digits.isascii():
        return False
    return _luhn_sum(digits) % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload`` + digit pass the Luhn check."""
    if not payload.isdecimal() or not payload.isascii():
        raise ValueError("the payload must be decimal digits")
    return str((10 - _luhn_sum(payload + "0") % 10) % 10)


def _luhn_sum(digits: str) -> int:
    total = 0
    # From the right, every second digit is doubled, and a two-digit result adds its digits.
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total


def iban_remainder(iban: str) -> int:
    """ISO 13616's check: the IBAN with its first four characters moved to the end, letters
    as numbers (A = 10 … Z = 35), modulo 97. A valid IBAN leaves 1."""
    rearranged = iban[4:] + iban[:4]
    remainder = 0
    for char in rearranged:
        if char.isdigit() and char.isascii():
            value = int(char)
            remainder = (remainder * 10 + value) % 97
        elif char in string.ascii_uppercase:
            value = ord(char) - ord("A") + 10
            remainder = (remainder * 100 + value) % 97
        else:
            raise ValueError("an IBAN holds only digits and upper-case letters A-Z")
    return remainder
