"""MyElectricalData 1.22 in client mode: one local user, no login, the data in Postgres tables.

What the double answers here is what the real routers `enedis_client`, `pdl` and `accounts_client`
answer, read off release 1.22.0 and rewritten: a data route reads `consumption_data` /
`production_data` (end date exclusive), `contract_data` and `address_data`. Where the real app
would call the gateway (a day missing from the range, no contract row, max power), the double has
no gateway: it says so in the answer, so that a test sees every gateway call.
"""

import re
import secrets
from datetime import datetime, timedelta

LOCAL_USER_EMAIL = "local@localhost"
LOCAL_USER_ID = "local-client-user"
ROUTE = re.compile(
    r"^/api/enedis/(contract|address|consumption/daily|production/daily|consumption/detail/batch|"
    r"production/detail/batch|consumption/max_power|power)/([^/]+)$")
NO_GATEWAY = "The reference app has no gateway (MED_CLIENT_SECRET is required)"


def local_user(cur):
    """The user every request is, looked up by email and created when absent, as the app does."""
    cur.execute("SELECT * FROM users WHERE email = %s", (LOCAL_USER_EMAIL,))
    user = cur.fetchone()
    if user is None:
        cur.execute(
            "INSERT INTO users (id, email, hashed_password, client_id, client_secret, is_active, is_admin, "
            "email_verified) VALUES (%s, %s, '', %s, %s, true, true, true) RETURNING *",
            (LOCAL_USER_ID, LOCAL_USER_EMAIL, "cli_" + secrets.token_urlsafe(32), secrets.token_urlsafe(64)))
        user = cur.fetchone()
    return user


def missing_days(present, start, end):
    """The days of [start, end) without a row: the real app would ask the gateway for them."""
    return [start + timedelta(days=n) for n in range((end - start).days)
            if start + timedelta(days=n) not in present]


class ClientMode:
    def __init__(self, envelope, fail):
        self.envelope, self.fail = envelope, fail

    def route(self, req, cur):
        """(handled, body) for the routes only client mode has; `/api/pdl` is the server's own."""
        user = local_user(cur)
        if req.method == "GET" and req.path == "/api/accounts/me":
            return True, self.envelope({f: user[f] for f in ("id", "email", "client_id", "is_active",
                                                              "is_admin", "created_at")})
        if req.method == "POST" and req.path == "/api/accounts/auto-login":
            return True, self.envelope({"message": "Auto-login successful"})
        match = ROUTE.match(req.path)
        if req.method != "GET" or not match:
            return False, None
        kind, pdl = match.groups()
        cur.execute("SELECT 1 FROM pdls WHERE user_id = %s AND usage_point_id = %s AND is_active",
                    (user["id"], pdl))
        if cur.fetchone() is None:
            return True, self.fail("ACCESS_DENIED", "Access denied: PDL not found or does not belong to you.")
        if kind in ("contract", "address"):
            return True, self.details(cur, kind, pdl)
        if kind in ("consumption/max_power", "power"):
            return True, self.fail("GATEWAY_ERROR", NO_GATEWAY)  # no local table: always the gateway
        try:
            start, end = (datetime.strptime(req.query[name], "%Y-%m-%d").date() for name in ("start", "end"))
        except (KeyError, ValueError) as exc:
            return True, self.fail("INVALID_DATE", str(exc))
        if req.query.get("use_cache", "true").lower() not in ("true", "1", "yes", "on", "t", "y"):
            return True, self.fail("GATEWAY_ERROR", NO_GATEWAY)
        return True, self.energy(cur, kind, pdl, start, end, req.query)

    def details(self, cur, kind, pdl):
        if kind == "contract":
            cur.execute("SELECT * FROM contract_data WHERE usage_point_id = %s", (pdl,))
            row = cur.fetchone()
            if row is None:
                return self.fail("GATEWAY_ERROR", NO_GATEWAY)
            contracts = {"subscribed_power": str(row["subscribed_power"]) if row["subscribed_power"] else None,
                         "offpeak_hours": row["offpeak_hours"], "last_activation_date": None,
                         "distribution_tariff": row["pricing_option"]}
            point = {"usage_point": {"usage_point_id": pdl}, "contracts": contracts}
        else:
            cur.execute("SELECT * FROM address_data WHERE usage_point_id = %s", (pdl,))
            row = cur.fetchone()
            if row is None:
                return self.fail("GATEWAY_ERROR", NO_GATEWAY)
            geo = ({"latitude": str(row["latitude"]), "longitude": str(row["longitude"])}
                   if row["latitude"] and row["longitude"] else None)
            point = {"usage_point": {"usage_point_id": pdl}, "usage_point_addresses": {
                **{f: row[f] for f in ("street", "postal_code", "city", "country", "insee_code")},
                "geo_points": geo}}
        updated = row["updated_at"]
        return self.envelope({"customer": {"usage_points": [point]}, "_cached": True,
                              "_cached_at": updated.isoformat() if updated else None})

    def energy(self, cur, kind, pdl, start, end, query):
        table = "consumption_data" if kind.startswith("consumption") else "production_data"
        detailed = kind.endswith("/detail/batch")
        cur.execute(
            f"SELECT date, interval_start, value FROM {table} WHERE usage_point_id = %s AND granularity = %s "
            "AND date >= %s AND date < %s ORDER BY date, interval_start",
            (pdl, "detailed" if detailed else "daily", start, end))
        rows = cur.fetchall()
        if detailed:
            readings = [{"date": f"{r['date']} {r['interval_start']}:00", "value": r["value"]} for r in rows]
            reading_type = {"unit": "W", "measurement_kind": "power"}
        else:
            readings = [{"date": r["date"].isoformat(), "value": r["value"]} for r in rows]
            reading_type = {"unit": "Wh", "measurement_kind": "energy"}
        missing = missing_days({r["date"] for r in rows}, start, end)
        data = {"meter_reading": {"usage_point_id": pdl, "start": query["start"], "end": query["end"],
                                  "reading_type": reading_type, "interval_reading": readings},
                "_from_local_cache": not missing}
        if missing:
            # The real app would call the gateway here, and answer success with what it has.
            return self.envelope(data, {"code": "GATEWAY_CALL", "field": None, "message": (
                f"{len(missing)} days missing from {table} ({missing[0]}..{missing[-1]}): "
                "the app would call the gateway")})
        return self.envelope(data)

