"""Invite and reset codes: short enough to type from a letter, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O or 1/I/L: people read these codes aloud and type them on phones.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_GROUPS, _GROUP_LENGTH = 3, 4
INVITE_PREFIX = "HW"
RESET_PREFIX = "HR"


def generate_code(prefix: str = INVITE_PREFIX) -> str:
    """Return a new random code such as ``HW-ABCD-EFGH-JKMN`` (about 59 bits)."""
    groups = (
        "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS)
    )
    return f"{prefix}-" + "-".join(groups)


def normalise_code(code: str, prefix: str = INVITE_PREFIX) -> str:
    """Return the canonical form of a typed code: upper case, no spaces, dashes or prefix.

    The prefix is dropped only from a code of full length, so a code typed without
    it whose first group happens to start with the prefix's letters still matches.
    """
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) == len(prefix) + _GROUPS * _GROUP_LENGTH and cleaned.startswith(prefix):
        cleaned = cleaned[len(prefix) :]
    return cleaned


def hash_code(code: str, prefix: str = INVITE_PREFIX) -> str:
    """Return the stored hash of a code, insensitive to case, spaces and dashes."""
    return hashlib.sha256(normalise_code(code, prefix).encode()).hexdigest()
