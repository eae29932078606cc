"""Ed25519 signatures on change entries: who wrote an entry is provable, not claimed.

Each laptop has one key pair (made at enrolment, or at its first bundle export); the server
registers the public key with the device. The author device signs every entry it wrote
(`domain.merge.signing_bytes`) as the entry leaves the laptop; the server and every laptop
that imports a bundle verify it against the author device's registered key. Keys and
signatures travel as base64 of the raw 32- and 64-byte values.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from inspector_app.domain.merge import Change, signing_bytes

PUBLIC_KEY_CHARS = 44  # base64 of 32 bytes
SIGNATURE_CHARS = 88  # base64 of 64 bytes


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_text(cls, text: str) -> SigningKey:
        raw = base64.b64decode(text.strip(), validate=True)
        return cls(Ed25519PrivateKey.from_private_bytes(raw))

    def to_text(self) -> str:
        raw = self.private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return base64.b64encode(raw).decode("ascii")

    @property
    def public_text(self) -> str:
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def sign(self, change: Change) -> str:
        return base64.b64encode(self.private.sign(signing_bytes(change))).decode("ascii")


def public_key(text: str) -> Ed25519PublicKey:
    """Parse a base64 raw public key; ValueError when it is not one."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not a base64 Ed25519 public key") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(key: Ed25519PublicKey | str, change: Change, signature: str | None) -> bool:
    """True when `signature` is the key's signature of exactly this entry."""
    if not signature or len(signature) != SIGNATURE_CHARS:
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
        pub = public_key(key) if isinstance(key, str) else key
        pub.verify(raw, signing_bytes(change))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
