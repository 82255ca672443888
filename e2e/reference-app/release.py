"""Which MyElectricalData release the double plays, and what that release checks when it starts.

REFERENCE_RELEASE picks the release: 1.3 (JWT in localStorage, sent as Bearer; no cookie), 1.5
(the default: the access_token cookie) or 1.22. Like the real 1.22 app, the mode comes from
SERVER_MODE alone: 'true' (pydantic's true words) is the multi-user server; anything else, or
nothing, is client mode, the app's own default since 1.9.0.
"""

from dataclasses import dataclass

TRUE_WORDS = ("1", "true", "t", "yes", "y", "on")
WEAK_KEY_WORDS = ("dev-", "changeme", "secret", "password", "test", "example")


@dataclass(frozen=True)
class Release:
    version: str
    mode: str  # 'server' or 'client'
    alembic_head: str | None  # None: the double does not check it (1.5, as before)
    reads_cookie: bool  # 1.4.1+: the access_token cookie comes before the Bearer header
    checks_active_pdl: bool  # 1.22: a data route serves only a PDL with is_active
    no_token_error: str  # what a data route answers without a valid global Enedis token

    @property
    def name(self):
        return self.version if self.version != "1.22" else f"1.22-{self.mode}"


class StartupError(Exception):
    """What the real app would die of at start-up."""


def release_from_env(environ):
    version = environ.get("REFERENCE_RELEASE", "1.5")
    if version == "1.5":
        return Release("1.5", "server", None, True, False, "ACCESS_DENIED")
    if version == "1.3":
        return Release("1.3", "server", "006", False, False, "ACCESS_DENIED")
    if version == "1.22":
        server = environ.get("SERVER_MODE", "").strip().lower() in TRUE_WORDS
        return Release("1.22", "server" if server else "client", "b2c3d4e5f6g7", True, True,
                       "ENEDIS_UNAVAILABLE")
    raise StartupError(f"REFERENCE_RELEASE={version!r}: the double plays 1.3, 1.5 or 1.22")


def check_secret_key(release, secret_key, debug):
    """Returns a warning, or raises what the release's settings would refuse."""
    weak = any(word in secret_key.lower() for word in WEAK_KEY_WORDS)
    if release.version == "1.22":
        # Client mode starts with a random key; both modes refuse weak ones unless DEBUG.
        if not secret_key and release.mode == "server" and not debug:
            raise StartupError("SECRET_KEY is required in server mode (unless DEBUG=true)")
        if weak and not debug:
            raise StartupError("SECRET_KEY looks weak; 1.22 refuses it unless DEBUG=true")
        return None
    if not secret_key:
        raise StartupError("SECRET_KEY is required (the real app refuses to start without it)")
    if weak and release.version == "1.5":
        return "warning: the real app would refuse this SECRET_KEY unless DEBUG=true"
    return None


def check_alembic_head(release, cur):
    """The app's entrypoint runs `alembic upgrade head`: a database at another head would need
    migrations (or fail on a revision the tag does not know), so the double refuses it."""
    cur.execute("SELECT to_regclass('alembic_version') IS NOT NULL AS present")
    found = None
    if cur.fetchone()["present"]:
        cur.execute("SELECT version_num FROM alembic_version")
        found = [row["version_num"] for row in cur.fetchall()]
    if found != [release.alembic_head]:
        raise StartupError(f"{release.name} needs the database at alembic head {release.alembic_head}, "
                           f"found {found}: the real app would have to migrate it")
