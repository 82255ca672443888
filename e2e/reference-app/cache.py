"""Read side of the app's encrypted Redis cache (contract §3).

Fernet is re-implemented from hazmat primitives on purpose: the library under
test writes the tokens with Node crypto, the real app reads them with
`cryptography.fernet`, and this double must be a third, independent reader.
"""

import base64
import binascii
import hashlib
import json
import struct
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

VERSION = 0x80
MAX_CLOCK_SKEW = 60  # seconds, as cryptography.fernet
HEADER = 1 + 8 + 16  # version, timestamp, IV
MAC_LEN = 32


class InvalidToken(Exception):
    pass


def derive_keys(client_secret: str) -> tuple[bytes, bytes]:
    """The app's key is Fernet(b64(sha256(client_secret))): first half signs, second half encrypts."""
    key = hashlib.sha256(client_secret.encode("utf-8")).digest()
    return key[:16], key[16:]


def fernet_decrypt(token: bytes, client_secret: str, now: float | None = None) -> bytes:
    try:
        # Same lenient decoder the reference implementation uses.
        data = base64.urlsafe_b64decode(token)
    except (TypeError, ValueError, binascii.Error) as exc:
        raise InvalidToken("not base64url") from exc
    if len(data) < HEADER + MAC_LEN or data[0] != VERSION:
        raise InvalidToken("bad version or length")
    (timestamp,) = struct.unpack(">Q", data[1:9])
    # The app decrypts with no TTL, so only a token from the future is refused.
    if timestamp > (time.time() if now is None else now) + MAX_CLOCK_SKEW:
        raise InvalidToken("timestamp in the future")

    signing_key, encryption_key = derive_keys(client_secret)
    mac = crypto_hmac.HMAC(signing_key, hashes.SHA256())
    mac.update(data[:-MAC_LEN])
    try:
        mac.verify(data[-MAC_LEN:])  # constant-time comparison
    except InvalidSignature as exc:
        raise InvalidToken("bad HMAC") from exc

    iv, ciphertext = data[9:25], data[HEADER:-MAC_LEN]
    try:
        decryptor = Cipher(algorithms.AES(encryption_key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(ciphertext) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise InvalidToken("bad ciphertext or padding") from exc


class Cache:
    def __init__(self, redis_client):
        self.redis = redis_client  # decode_responses=False: values are bytes, as in the app

    def get(self, key: str, client_secret: str):
        """Decrypted JSON value, or None. Like the app, anything unreadable is just a miss."""
        return self.decode(self.redis.get(key), client_secret)

    @staticmethod
    def decode(raw, client_secret: str):
        if raw is None:
            return None
        try:
            return json.loads(fernet_decrypt(raw, client_secret))
        except (InvalidToken, ValueError):
            return None

    def get_many(self, keys, client_secret: str):
        """`get` for many keys in one round trip, in order."""
        values = self.redis.mget(keys) if keys else []
        return [self.decode(raw, client_secret) for raw in values]
