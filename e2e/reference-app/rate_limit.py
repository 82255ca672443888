"""The app's daily request limits (services/rate_limiter.py, the same from 1.0.0 to 1.22.0).

Two counters per user and UTC day, `rate_limit:{user}:{cached|no_cache}:{day}`, plain decimal
strings written with SETEX until the next UTC midnight. A request reads the global counter of its
kind: at the limit it is refused and nothing is written; below it, the global counter and the
served route's counter (`rate_limit:{user}:{route}:{kind}:{day}`) each go up by one. Only the
global one is checked. Admins (the users.is_admin column) have a limit of 999999.
"""

import os
from datetime import datetime, timedelta, timezone

ADMIN_LIMIT = 999999


def daily_limits(environ=os.environ):
    """USER_DAILY_LIMIT_WITH_CACHE and USER_DAILY_LIMIT_NO_CACHE, with the app's defaults."""
    return {"cached": int(environ.get("USER_DAILY_LIMIT_WITH_CACHE", "1000")),
            "no_cache": int(environ.get("USER_DAILY_LIMIT_NO_CACHE", "50"))}


def _day_and_ttl():
    now = datetime.now(timezone.utc)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), timezone.utc)
    return now.date().isoformat(), max(1, int((midnight - now).total_seconds()))


class RateLimiter:
    def __init__(self, redis_client, limits=None):
        self.redis = redis_client
        self.limits = limits or daily_limits()

    def limit_for(self, user, use_cache):
        return ADMIN_LIMIT if user["is_admin"] else self.limits["cached" if use_cache else "no_cache"]

    def check_and_count(self, user, use_cache, route):
        """(allowed, current, limit): refused at the limit, else both counters go up by one."""
        kind = "cached" if use_cache else "no_cache"
        day, ttl = _day_and_ttl()
        limit = self.limit_for(user, use_cache)
        key = f"rate_limit:{user['id']}:{kind}:{day}"
        current = int(self.redis.get(key) or 0)
        if current >= limit:
            return False, current, limit
        self.redis.setex(key, ttl, str(current + 1))
        route_key = f"rate_limit:{user['id']}:{route}:{kind}:{day}"
        self.redis.setex(route_key, ttl, str(int(self.redis.get(route_key) or 0) + 1))
        return True, current + 1, limit

    def usage_stats(self, user_id):
        """GET /accounts/usage-stats: today's global counters and the configured limits."""
        day, _ = _day_and_ttl()
        counts = [self.redis.get(f"rate_limit:{user_id}:{kind}:{day}") for kind in ("cached", "no_cache")]
        return {"cached_requests": int(counts[0] or 0), "no_cache_requests": int(counts[1] or 0),
                "cached_limit": self.limits["cached"], "no_cache_limit": self.limits["no_cache"], "date": day}


def exceeded_message(current, limit, use_cache):
    advice = "Try again tomorrow." if use_cache else "Use cache to increase limit."
    return f"Daily rate limit exceeded ({current}/{limit}). {advice}"
