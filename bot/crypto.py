"""Encryption of tokens at rest with MultiFernet, so keys rotate without relinking."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TokenDecryptError(Exception):
    """A stored token could not be decrypted with any configured key."""


_UNDECRYPTABLE = "stored token does not decrypt with any configured key"


class TokenCipher:
    """Encrypts with the newest key; decrypts with any of them."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is required")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def encrypt(self, plaintext: str) -> str:
        """Encrypt a token for storage."""
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        """Decrypt a stored token."""
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError(
                "stored token does not decrypt with any configured key"
            ) from None

    def rotate(self, ciphertext: str) -> str:
        """Re-encrypt a stored token under the newest key."""
        try:
            return self._fernet.rotate(ciphertext.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError(
                "stored token does not decrypt with any configured key"
            ) from None


def new_key() -> str:
    """A fresh Fernet key for TOKEN_ENCRYPTION_KEY."""
    return Fernet.generate_key().decode()
