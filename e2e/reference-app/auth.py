"""Passwords, JWTs and request authentication, as MyElectricalData 1.5.0 does them (contract §2)."""

import hmac
import time

import bcrypt
from jose import JWTError, jwt

ALGORITHM = "HS256"
TOKEN_LIFETIME = 43200 * 60  # ACCESS_TOKEN_EXPIRE_MINUTES default: 30 days, also the cookie Max-Age
# email-validator refuses these special-use domains, so the real login answers 422 for them.
SPECIAL_USE_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def normalize_email(email) -> str:
    """What pydantic's EmailStr hands to the login query: the domain lower-cased, the local part kept."""
    if not isinstance(email, str) or email.count("@") != 1:
        raise ValueError("An email address must have an @-sign.")
    local, domain = email.strip().split("@")
    domain = domain.lower()
    if not local or any(c.isspace() for c in local):
        raise ValueError("The email address is not valid.")
    if "." not in domain or domain.endswith(".") or domain.rsplit(".", 1)[1].isdigit():
        raise ValueError("The part after the @-sign is not valid. It should have a period.")
    if any(domain == d or domain.endswith("." + d) for d in SPECIAL_USE_DOMAINS):
        raise ValueError("The part after the @-sign is a special-use or reserved name.")
    return f"{local}@{domain}"


def check_password(password: str, hashed: str) -> bool:
    """bcrypt.checkpw like the app. Debian ships bcrypt 3.2, which silently truncates at 72 bytes;
    the app's bcrypt 5 raises instead (an HTTP 500), so do the same to surface over-long seeds."""
    secret = password.encode("utf-8")
    if len(secret) > 72:
        raise ValueError("password cannot be longer than 72 bytes")
    # A malformed hash raises ValueError here too, which is also a 500 in the app.
    return bcrypt.checkpw(secret, hashed.encode("utf-8"))


def create_access_token(user_id: str, secret_key: str) -> str:
    claims = {"sub": user_id, "exp": int(time.time()) + TOKEN_LIFETIME}  # exactly the app's claims
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def decode_access_token(token: str, secret_key: str) -> str | None:
    try:
        payload = jwt.decode(token, secret_key, algorithms=[ALGORITHM])
    except JWTError:
        return None
    sub = payload.get("sub")
    return sub if isinstance(sub, str) else None


def secrets_equal(a: str, b: str) -> bool:
    """secrets.compare_digest, on bytes: with str it raises on non-ASCII input from a header."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def request_token(cookies: dict, authorization: str | None) -> str | None:
    """The cookie wins over the Authorization header, as in get_current_user."""
    if cookies.get("access_token"):
        return cookies["access_token"]
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
    return None


def authenticate(cur, token: str, secret_key: str):
    """The active user behind a JWT or, failing that, behind an API key (a client_secret)."""
    user_id = decode_access_token(token, secret_key)
    if user_id is not None:
        cur.execute("SELECT * FROM users WHERE id = %s AND is_active", (user_id,))
        user = cur.fetchone()
        if user:
            return user
    # The app scans every active user rather than looking the secret up, so do that too.
    cur.execute("SELECT * FROM users WHERE is_active")
    for user in cur.fetchall():
        if secrets_equal(user["client_secret"], token):
            return user
    return None
