"""Event state encrypted at rest (optional): eventsourcing's AES-GCM cipher, marked.

With ``PROPSVC_CIPHER_KEY`` set (16, 24 or 32 random bytes, base64; docs/operations.md
says how to make and keep one), every event state written is ``MARK`` + eventsourcing's
``AESCipher`` output (nonce, tag, ciphertext). The mark lets one store hold both: rows
written before the key was set stay readable as they are, and a row that is encrypted
is never mistaken for JSON (which starts with ``{``). The chain hashes the stored bytes,
so ``verify`` needs no key.
"""

from __future__ import annotations

import os
from functools import lru_cache

from eventsourcing.persistence import Cipher
from eventsourcing.utils import Environment

from propsvc.errors import InvalidInput
from propsvc.i18n import _

KEY_VARIABLE = "PROPSVC_CIPHER_KEY"
MARK = b"\x00aes1"


class MarkedCipher(Cipher):
    """eventsourcing's ``AESCipher`` behind a version mark; plain rows pass through."""

    def __init__(self, environment: Environment) -> None:
        try:
            from eventsourcing.cipher import AESCipher
        except ImportError as err:
            raise InvalidInput(_("{KEY_VARIABLE} is set but pycryptodome is not installed: pip "
                                 "install 'propsvc[cipher]'", KEY_VARIABLE=KEY_VARIABLE)) from err
        try:
            self._aes = AESCipher(environment)
        except (ValueError, TypeError) as err:
            raise InvalidInput(_("{KEY_VARIABLE} is not a valid AES key ({err}): use 16, 24 or "
                                 "32 random bytes in base64 (see docs/operations.md)",
                                 KEY_VARIABLE=KEY_VARIABLE, err=err)) from err

    def encrypt(self, plaintext: bytes) -> bytes:
        return MARK + self._aes.encrypt(plaintext)

    def decrypt(self, ciphertext: bytes) -> bytes:
        if not ciphertext.startswith(MARK):
            return ciphertext
        try:
            return self._aes.decrypt(ciphertext[len(MARK):])
        except ValueError as err:
            raise InvalidInput(_("cannot decrypt an event with {KEY_VARIABLE} ({err}): is it the "
                                 "key this store was written with?",
                                 KEY_VARIABLE=KEY_VARIABLE, err=err)) from err


@lru_cache(maxsize=4)
def _cipher_for(key: str) -> MarkedCipher:
    return MarkedCipher(Environment(env={"CIPHER_KEY": key}))


def current_cipher() -> MarkedCipher | None:
    """The cipher of this process's ``PROPSVC_CIPHER_KEY``, or None when it is unset."""
    key = os.environ.get(KEY_VARIABLE, "").strip()
    return _cipher_for(key) if key else None


def plain_state(state: bytes) -> bytes:
    """A stored state as JSON bytes: decrypted when it is marked as encrypted."""
    if not state.startswith(MARK):
        return state
    cipher = current_cipher()
    if cipher is None:
        raise InvalidInput(_("this store's events are encrypted: set {KEY_VARIABLE} to its key",
                             KEY_VARIABLE=KEY_VARIABLE))
    return cipher.decrypt(state)
