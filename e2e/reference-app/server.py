"""Reference app: a small test double of MyElectricalData (backend and frontend) for the e2e suite.

It plays 1.5.0 by default, or 1.3.0, or 1.22.0 in server or client mode (release.py).

It reads the seeded Postgres rows and Redis entries with its own code and the Python libraries the
real app uses, so a passing e2e run shows the seed is accepted by an implementation that shares
nothing with the TypeScript library. See README.md.
"""

import json
import os
import re
import signal
import sys
import threading
import traceback
from base64 import b64decode
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import psycopg2
from psycopg2.extras import RealDictCursor
import redis

sys.dont_write_bytecode = True  # it runs from the repository: leave no __pycache__ behind
import auth  # noqa: E402
import pages  # noqa: E402
from cache import Cache  # noqa: E402
from client_mode import ClientMode, local_user  # noqa: E402
from rate_limit import RateLimiter, exceeded_message  # noqa: E402
from release import StartupError, check_alembic_head, check_secret_key, release_from_env  # noqa: E402

DEMO_EMAIL = "demo@myelectricaldata.fr"
HERE = os.path.dirname(os.path.abspath(__file__))
PARIS = ZoneInfo("Europe/Paris")
VISITOR_ROLE = {"id": None, "name": "visitor", "display_name": "Visiteur", "permissions": []}
PDL_COLUMNS = (
    "id, usage_point_id, name, created_at, display_order, subscribed_power, offpeak_hours, pricing_option, "
    "has_consumption, has_production, is_active, oldest_available_data_date, activation_date, "
    "linked_production_pdl_id, selected_offer_id"
)
ENEDIS_ROUTE = re.compile(
    r"^/api/enedis/(consumption/daily|production/daily|power|consumption/detail/batch|production/detail/batch)/([^/]+)$")
# make_cache_key sorts its kwargs, hence end before start.
RANGE_KEYS = {"production/daily": "{pdl}:production_daily:end:{end}:start:{start}",
              "power": "{pdl}:power:end:{end}:start:{start}"}
AUTH_COOKIE = "access_token={}; HttpOnly; Max-Age={}; Path=/; SameSite=lax"
CLEARED_COOKIE = 'access_token=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax'
TRUE_WORDS = ("1", "true", "t", "yes", "y", "on")
# The batch routes default to use_cache=true, every other Enedis route to false.
BATCH_KINDS = ("consumption/detail/batch", "production/detail/batch")


class HTTPError(Exception):
    """FastAPI-style failure: a status and a bare {"detail": ...} body."""

    def __init__(self, status, detail, headers=()):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, list(headers)


def unprocessable(location, message):
    return HTTPError(422, [{"type": "value_error", "loc": list(location), "msg": message}])


def iso(value):
    # pydantic writes UTC datetimes with a Z; the DB session runs in UTC.
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def envelope(data=None, error=None, success=True):
    return {"success": success, "data": data, "error": error,
            "timestamp": datetime.now(timezone.utc).replace(tzinfo=None).isoformat()}


def fail(code, message):
    return envelope(error={"code": code, "message": message, "field": None}, success=False)


def paris_today():
    # REFERENCE_TODAY stands in for the clock (as libfaketime would for the real app), so that a
    # test can check the requests of another day.
    override = os.environ.get("REFERENCE_TODAY")
    return date.fromisoformat(override) if override else datetime.now(PARIS).date()


def years_back(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February (the app itself would crash here)
        return day.replace(year=day.year - years, day=28)


def parse_cookies(header):
    cookies = {}
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            value = value.strip()
            cookies[name.strip()] = value[1:-1] if len(value) > 1 and value[0] == value[-1] == '"' else value
    return cookies


class Request:
    def __init__(self, method, target, headers, body):
        url = urlsplit(target)
        self.method, self.path, self.headers, self.body = method, url.path, headers, body
        self.query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.cookies = parse_cookies(headers.get("Cookie"))

    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError as exc:
            raise unprocessable(("body",), "JSON decode error") from exc

    def form(self):
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}


class App:
    def __init__(self, database_url, redis_url, secret_key, admin_emails=(), release=None,
                 require_email_verification=False):
        # The app's URL names the asyncpg driver; libpq wants a plain postgresql:// URL.
        self.dsn = database_url.replace("+asyncpg", "", 1)
        self.release = release or release_from_env({})
        self.client = ClientMode(envelope, fail) if self.release.mode == "client" else None
        self.redis = redis.Redis.from_url(redis_url, decode_responses=False)
        self.cache = Cache(self.redis)
        self.secret_key = secret_key
        self.admin_emails = set(admin_emails)
        self.rate_limiter = RateLimiter(self.redis)
        self.require_email_verification = require_email_verification
        self.routes = {
            ("POST", "/api/accounts/login"): (self.login, False),
            ("POST", "/api/accounts/logout"): (self.logout, False),
            ("POST", "/api/accounts/token"): (self.token, False),
            ("GET", "/api/accounts/verify-email"): (self.verify_email, False),
            ("GET", "/api/accounts/me"): (self.me, True),
            ("GET", "/api/accounts/usage-stats"): (self.usage_stats, True),
            ("GET", "/api/admin/users"): (self.admin_users, True),
            ("GET", "/api/pdl"): (self.pdl_list, True),
        }

    def start(self):
        """What the release checks before it serves: its migration head, and from 1.9 in server
        mode a Redis that answers."""
        if self.release.alembic_head:
            with closing(self.connect()) as conn, conn.cursor(cursor_factory=RealDictCursor) as cur:
                check_alembic_head(self.release, cur)
        if self.release.version == "1.22" and self.release.mode == "server":
            try:
                self.redis.ping()
            except redis.RedisError as exc:
                raise StartupError(f"1.22 in server mode needs Redis at start-up: {exc}") from exc

    def connect(self):
        # One short connection per request: nothing shared between threads, and a DB reset between
        # tests cannot leave a stale pooled connection behind.
        conn = psycopg2.connect(self.dsn, options="-c TimeZone=UTC")
        conn.autocommit = True
        return conn

    def handle(self, req):
        """Returns (status, headers, body bytes)."""
        if req.path == "/health":
            return 200, [("Content-Type", "text/plain; charset=utf-8")], b"ok"
        if req.path == "/favicon.ico":
            return 204, [], b""  # keeps the browser console free of 404s
        if req.method == "GET" and req.path == "/":
            return 302, [("Location", "/dashboard")], b""
        if req.method == "GET" and req.path in pages.PAGES:
            if self.client and req.path == "/login":  # client mode has no login page
                return 302, [("Location", "/dashboard")], b""
            html = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")]
            return 200, html, pages.page(req.path, self.release).encode()
        if req.method == "GET" and req.path == "/frontend-requests.js":
            with open(os.path.join(HERE, "frontend-requests.js"), "rb") as script:
                return 200, [("Content-Type", "text/javascript; charset=utf-8")], script.read()
        if not req.path.startswith("/api/"):
            return 404, [("Content-Type", "text/plain; charset=utf-8")], b"Not Found"
        headers = []
        try:
            body = self.api(req, headers)
            status = 200
        except HTTPError as err:
            status, body, headers = err.status, {"detail": err.detail}, err.headers
        # Starlette's JSONResponse: compact, UTF-8.
        payload = json.dumps(body, default=iso, ensure_ascii=False, separators=(",", ":")).encode()
        return status, [("Content-Type", "application/json"), *headers], payload

    def api(self, req, headers):
        if self.client:
            return self.client_api(req)
        enedis = ENEDIS_ROUTE.match(req.path)
        if enedis:
            if req.method != "GET":
                raise HTTPError(405, "Method Not Allowed")
            handler, needs_user, args = self.enedis, True, enedis.groups()
        elif (req.method, req.path) in self.routes:
            (handler, needs_user), args = self.routes[(req.method, req.path)], ()
        elif any(path == req.path for _, path in self.routes):
            raise HTTPError(405, "Method Not Allowed")
        else:
            raise HTTPError(404, "Not Found")
        with closing(self.connect()) as conn, conn.cursor(cursor_factory=RealDictCursor) as cur:
            if not needs_user:
                return handler(req, cur, headers, *args)
            return handler(req, cur, self.current_user(req, cur), *args)

    def client_api(self, req):
        with closing(self.connect()) as conn, conn.cursor(cursor_factory=RealDictCursor) as cur:
            if req.method == "GET" and req.path == "/api/pdl":
                return self.pdl_list(req, cur, local_user(cur))
            handled, body = self.client.route(req, cur)
            if not handled:
                raise HTTPError(404, "Not Found")  # no login, token, admin or Enedis server routes
            return body

    def current_user(self, req, cur):
        # Up to 1.4.0 the backend never reads the cookie: the frontend sends the JWT as Bearer.
        cookies = req.cookies if self.release.reads_cookie else {}
        token = auth.request_token(cookies, req.headers.get("Authorization"))
        if token is None:
            raise HTTPError(401, "Not authenticated", [("WWW-Authenticate", "Bearer")])
        user = auth.authenticate(cur, token, self.secret_key)
        if user is None:
            raise HTTPError(401, "Invalid authentication credentials", [("WWW-Authenticate", "Bearer")])
        # REQUIRE_EMAIL_VERIFICATION (default false): every authenticated route refuses an
        # unverified user; login itself does not check it.
        if self.require_email_verification and not user["email_verified"]:
            raise HTTPError(403, "Email not verified. Please check your email for verification link.")
        return user

    # --- accounts -------------------------------------------------------------------------------

    def login(self, req, cur, headers):
        body = req.json()
        if not isinstance(body, dict):
            raise unprocessable(("body",), "Input should be a valid dictionary")
        for field in ("email", "password"):
            if not isinstance(body.get(field), str):
                raise unprocessable(("body", field), "Field required")
        try:
            email = auth.normalize_email(body["email"])
        except ValueError as exc:
            raise unprocessable(("body", "email"), f"value is not a valid email address: {exc}") from exc
        cur.execute("SELECT * FROM users WHERE email = %s", (email,))
        user = cur.fetchone()
        if user is None or not auth.check_password(body["password"], user["hashed_password"]):
            return fail("INVALID_CREDENTIALS", "Invalid email or password")
        if not user["is_active"]:
            return fail("USER_INACTIVE", "User account is inactive")
        token = auth.create_access_token(user["id"], self.secret_key)
        if not self.release.reads_cookie:
            # Up to 1.4.0 the token is in the body, and the frontend keeps it in localStorage.
            return envelope({"access_token": token, "token_type": "bearer"})
        headers.append(("Set-Cookie", AUTH_COOKIE.format(token, auth.TOKEN_LIFETIME)))
        return envelope({"message": "Login successful"})

    def logout(self, req, cur, headers):
        headers.append(("Set-Cookie", CLEARED_COOKIE))
        return envelope({"message": "Logout successful"})

    def token(self, req, cur, headers):
        """OAuth2 client credentials; answers bare, outside the envelope, like the app."""
        form = req.form() if req.body else {}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = req.headers.get("Authorization", "")
        if (not client_id or not client_secret) and basic[:6].lower() == "basic ":
            try:
                client_id, _, client_secret = b64decode(basic[6:].strip()).decode("utf-8").partition(":")
            except ValueError:
                client_id = client_secret = None
        if not client_id or not client_secret:
            raise unprocessable(("body", "client_id"), "Field required")
        cur.execute("SELECT * FROM users WHERE client_id = %s", (client_id,))
        user = cur.fetchone()
        if user is None or not auth.secrets_equal(user["client_secret"], client_secret):
            raise HTTPError(401, "Invalid client credentials")
        if not user["is_active"]:
            raise HTTPError(403, "User account is inactive")
        return {"access_token": auth.create_access_token(user["id"], self.secret_key), "token_type": "bearer"}

    def me(self, req, cur, user):
        role = VISITOR_ROLE
        if user["role_id"]:
            cur.execute("SELECT id, name, display_name FROM roles WHERE id = %s", (user["role_id"],))
            row = cur.fetchone()
            if row:
                cur.execute(
                    "SELECT p.id, p.name, p.display_name, p.resource FROM permissions p "
                    "JOIN role_permissions rp ON rp.permission_id = p.id "
                    "WHERE rp.role_id = %s ORDER BY p.name",
                    (row["id"],),
                )
                role = {**row, "permissions": cur.fetchall()}
        fields = ("id", "email", "client_id", "is_active", "created_at", "is_admin", "debug_mode",
                  "admin_data_sharing", "admin_data_sharing_enabled_at")
        data = {f: user.get(f) for f in fields}  # up to 1.3.0 (head 006): no admin_data_sharing*
        data["is_admin"] = bool(user["is_admin"]) or user["email"] in self.admin_emails
        return envelope({**data, "role": role})

    def verify_email(self, req, cur, headers):
        """The link of the sign-up email: no authentication; consumes the token."""
        if "token" not in req.query:
            raise unprocessable(("query", "token"), "Field required")
        cur.execute("SELECT id, user_id, expires_at < now() AS expired FROM email_verification_tokens "
                    "WHERE token = %s", (req.query["token"],))
        row = cur.fetchone()
        if row is None:
            return fail("INVALID_TOKEN", "Invalid or expired verification token")
        cur.execute("DELETE FROM email_verification_tokens WHERE id = %s", (row["id"],))
        if row["expired"]:
            return fail("TOKEN_EXPIRED", "Verification token has expired")
        cur.execute("UPDATE users SET email_verified = true WHERE id = %s", (row["user_id"],))
        return envelope({"message": "Email verified successfully! You can now log in."})

    def usage_stats(self, req, cur, user):
        return envelope(self.rate_limiter.usage_stats(user["id"]))

    def admin_users(self, req, cur, user):
        """require_permission('users'): an ADMIN_EMAILS address, or a role with a permission on
        the `users` resource (the admin and moderator roles)."""
        if user["email"] not in self.admin_emails:
            cur.execute("SELECT 1 FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id "
                        "WHERE rp.role_id = %s AND p.resource = 'users'", (user["role_id"],))
            if cur.fetchone() is None:
                raise HTTPError(403, "Access denied: users permission required")
        cur.execute("SELECT u.id, u.email, u.is_active, u.email_verified, r.name AS role_name "
                    "FROM users u LEFT JOIN roles r ON r.id = u.role_id ORDER BY u.created_at DESC")
        users = [{"id": row["id"], "email": row["email"], "is_active": row["is_active"],
                  "email_verified": row["email_verified"],
                  "usage_stats": self.rate_limiter.usage_stats(row["id"]),
                  "role": {"name": row["role_name"] or "visitor"}} for row in cur.fetchall()]
        return envelope({"users": users, "total": len(users)})

    def pdl_list(self, req, cur, user):
        cur.execute(
            f"SELECT {PDL_COLUMNS} FROM pdls WHERE user_id = %s "
            "ORDER BY display_order ASC NULLS LAST, created_at DESC",
            (user["id"],),
        )
        rows = cur.fetchall()
        for row in rows:
            # PDLResponse types offpeak_hours as list[str] | dict | None; anything else is a 500 in the app.
            hours = row["offpeak_hours"]
            if not (hours is None or isinstance(hours, dict)
                    or (isinstance(hours, list) and all(isinstance(h, str) for h in hours))):
                raise ValueError(f"PDL {row['usage_point_id']}: offpeak_hours fails PDLResponse validation")
        return envelope(rows)

    # --- enedis (cache only) ----------------------------------------------------------------------

    def enedis(self, req, cur, user, kind, pdl):
        for name in ("start", "end"):
            if name not in req.query:
                raise unprocessable(("query", name), "Field required")
        default = "true" if kind in BATCH_KINDS else "false"
        use_cache = req.query.get("use_cache", default).lower() in TRUE_WORDS
        secret = user["client_secret"]
        # The PDL owner's secret is the cache key, so ownership comes before any cache read.
        # 1.22 serves only an active PDL (verify_pdl_ownership).
        active = " AND is_active" if self.release.checks_active_pdl else ""
        cur.execute(f"SELECT 1 FROM pdls WHERE user_id = %s AND usage_point_id = %s{active}", (user["id"], pdl))
        if cur.fetchone() is None:
            return fail("ACCESS_DENIED", "Access denied: PDL not found or no valid token")

        if kind == "consumption/daily":
            try:
                start, end = self.adjust_range(req.query["start"], req.query["end"])
            except ValueError:
                return fail("INVALID_DATE_FORMAT", "Invalid date format. Expected YYYY-MM-DD.")
            # Past 3 years only a whole-range entry can answer, and the app checks it before the token.
            oldest = years_back(paris_today(), 3)
            if start < oldest:
                data = self.cache.get(f"consumption:daily:{pdl}:{start}:{end}", secret)
                if data is None:
                    return fail("DATE_TOO_OLD", f"Start date is too old. Oldest allowed date: {oldest}")
                return envelope(data)

        if user["email"] != DEMO_EMAIL:
            cur.execute("SELECT 1 FROM tokens WHERE user_id IS NULL AND usage_point_id = '__global__' "
                        "AND expires_at > now()")
            if cur.fetchone() is None:
                # Without a valid global token the app asks Enedis for one, which fails offline;
                # the cache and the rate limit are never reached.
                if self.release.no_token_error == "ENEDIS_UNAVAILABLE":
                    return fail("ENEDIS_UNAVAILABLE", "L'API Enedis est temporairement indisponible.")
                return fail("ACCESS_DENIED", "Access denied: PDL not found or no valid token")

        route = f"/enedis/{kind}/{{usage_point_id}}"
        if kind in BATCH_KINDS:
            return self.detail_batch(req, user, pdl, secret, kind.split("/")[0], use_cache, route)
        # Every other route counts the request before it reads the cache, even a fully cached one.
        allowed, current, limit = self.rate_limiter.check_and_count(user, use_cache, route)
        if not allowed:
            return fail("RATE_LIMIT_EXCEEDED", exceeded_message(current, limit, use_cache))
        if not use_cache:
            return fail("ENEDIS_ERROR", "The reference app has no Enedis: call it with use_cache=true")
        if kind != "consumption/daily":
            key = RANGE_KEYS[kind].format(pdl=pdl, start=req.query["start"], end=req.query["end"])
            data = self.cache.get(key, secret)
            return envelope(data) if data is not None else fail("ENEDIS_ERROR", "not in cache")

        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        cached = self.cache.get_many([f"consumption:daily:{pdl}:{day}" for day in days], secret)
        readings = [reading for reading in cached if reading is not None]
        missing = len(days) - len(readings)
        reading_type = self.cache.get(f"consumption:reading_type:{pdl}", secret) or {
            "unit": "W", "measurement_kind": "power"}
        data = {"meter_reading": {"interval_reading": readings, "reading_type": reading_type}}
        if missing:
            # Here the real app would ask Enedis for the missing days (offline it then answers
            # the cached days alone, without an error); the double says so.
            return envelope(data, {"code": "PARTIAL_DATA", "message": f"{missing} days missing from cache",
                                   "field": None})
        return envelope(data)

    def detail_batch(self, req, user, pdl, secret, kind, use_cache, route):
        """The app's batch endpoint: per-day curves of at most the last 729 days (contract §4)."""
        try:
            start, end = self.adjust_range(req.query["start"], req.query["end"])
        except ValueError:
            return fail("INVALID_DATE_FORMAT", "Invalid date format. Expected YYYY-MM-DD.")
        start = max(start, years_back(paris_today(), 2))
        if (end - start).days + 1 > 729:
            start = end - timedelta(days=728)
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        readings, missing = [], []
        cached_days = self.cache.get_many([f"{kind}:detail:daily:{pdl}:{day}" for day in days], secret) \
            if use_cache else [None] * len(days)
        for day, cached in zip(days, cached_days):
            # A day counts as cached with 90 % of its expected half hours, as in the app.
            if cached and len(cached.get("readings", [])) >= int(0.9 * cached.get("expected_count", 48)):
                readings.extend(cached["readings"])
            else:
                missing.append(day)
        data = {"meter_reading": {"usage_point_id": pdl, "start": start.isoformat(), "end": end.isoformat(),
                                  "interval_reading": readings}}
        if not missing:
            return envelope(data)  # all from the cache: the batch route counts nothing
        allowed, current, limit = self.rate_limiter.check_and_count(user, use_cache, route)
        if not allowed:
            if readings:
                return envelope(data, {"code": "PARTIAL_DATA",
                                       "message": "Rate limit exceeded. Returning cached data only.", "field": None})
            return fail("RATE_LIMIT_EXCEEDED", exceeded_message(current, limit, use_cache))
        # The app asks Enedis for each missing day, and counts each failure (offline, every one).
        for day in missing:
            key = f"enedis:fail:{pdl}:{day}"
            if self.redis.incr(key) == 1:
                self.redis.expire(key, 86400)
        return envelope(data, {"code": "PARTIAL_DATA", "message": f"{len(missing)} days missing from cache",
                               "field": None})

    @staticmethod
    def adjust_range(start_text, end_text):
        start = datetime.strptime(start_text, "%Y-%m-%d").date()
        end = datetime.strptime(end_text, "%Y-%m-%d").date()
        end = min(end, paris_today() - timedelta(days=1))  # Enedis has nothing after yesterday, Paris time
        if start >= end:
            start = end - timedelta(days=1)
        return start, end


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MyElectricalDataReference"

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_POST(self):
        self.dispatch("POST")

    def dispatch(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            req = Request("GET" if method == "HEAD" else method, self.path, self.headers, body)
            status, headers, payload = self.server.app.handle(req)
        except Exception:
            traceback.print_exc()
            status, payload = 500, b"Internal Server Error"
            headers = [("Content-Type", "text/plain; charset=utf-8")]
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if method != "HEAD":
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the browser navigated away mid-response: not an error

    def log_message(self, format, *args):
        pass  # Playwright shows server output; per-request lines would drown the useful ones


def main():
    secret_key = os.environ.get("SECRET_KEY", "")
    debug = os.environ.get("DEBUG", "").strip().lower() in ("1", "true", "yes", "on")
    try:
        release = release_from_env(os.environ)
        # 1.5 only warns about a weak key, so that suites may choose.
        warning = check_secret_key(release, secret_key, debug)
        if warning:
            print(warning, file=sys.stderr)
        host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))
        app = App(
            os.environ["DATABASE_URL"],
            os.environ.get("REDIS_URL", "redis://localhost:6379/0"),
            secret_key or os.urandom(32).hex(),  # 1.22 client mode: a random key per start
            [e.strip() for e in os.environ.get("ADMIN_EMAILS", "").split(",") if e.strip()],
            release,
            os.environ.get("REQUIRE_EMAIL_VERIFICATION", "").strip().lower() in TRUE_WORDS,
        )
        app.start()
    except StartupError as exc:
        sys.exit(f"reference app ({os.environ.get('REFERENCE_RELEASE', '1.5')}) refuses to start: {exc}")
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.app = app
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # serve_forever runs in a thread because shutdown() blocks until the serving loop returns.
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"reference app {release.name} listening on http://{host}:{server.server_address[1]}", flush=True)
    stop.wait()
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
