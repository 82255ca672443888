"""Checks what the library seeded with the libraries MyElectricalData's backend uses.

bcrypt for the password hash, python-jose for the JWT, cryptography's Fernet for the cache,
json.dumps for the plaintext format. Reads a JSON request on stdin, prints a JSON report.
"""
import base64
import hashlib
import json
import sys

import bcrypt
from cryptography.fernet import Fernet
from jose import jwt

request = json.load(sys.stdin)
fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(request["clientSecret"].encode()).digest()))

entries = []
for entry in request["entries"]:
    plaintext = fernet.decrypt(entry["token"].encode())
    value = json.loads(plaintext.decode())
    entries.append({
        "key": entry["key"],
        "value": value,
        "sameBytesAsJsonDumps": json.dumps(value).encode() == plaintext,
    })

print(json.dumps({
    "passwordMatches": bcrypt.checkpw(request["password"].encode(), request["passwordHash"].encode()),
    "wrongPasswordMatches": bcrypt.checkpw(b"not the password", request["passwordHash"].encode()),
    "claims": jwt.decode(request["jwt"], request["secretKey"], algorithms=["HS256"]),
    "header": jwt.get_unverified_header(request["jwt"]),
    "entries": entries,
}))
