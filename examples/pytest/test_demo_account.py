"""A backend's tests, each with an account of its own (conftest.py)."""
from contextlib import closing

import psycopg2
from jose import jwt


def sql(demo_server, statement, *parameters):
    """Runs one statement on the environment's Postgres; the rows, if it returns any."""
    with closing(psycopg2.connect(demo_server.environment["stores"]["postgresUrl"])) as db:
        with db, db.cursor() as cursor:
            cursor.execute(statement, parameters)
            return cursor.fetchall() if cursor.description else None


def test_each_test_has_an_account_of_its_own(demo_server, demo_account):
    assert demo_account["email"] != demo_server.environment["account"]["email"]
    users = sql(demo_server, "SELECT email FROM users WHERE id = %s", demo_account["user"]["id"])
    assert users == [(demo_account["email"],)]


def test_the_jwt_is_signed_with_the_backends_secret_key(demo_server, demo_account):
    secret_key = demo_server.environment["env"]["SECRET_KEY"]
    claims = jwt.decode(demo_account["jwt"], secret_key, algorithms=["HS256"])
    assert claims["sub"] == demo_account["user"]["id"]


def test_reset_puts_the_account_back_as_seeded(demo_server, demo_account):
    user_id = demo_account["user"]["id"]
    sql(demo_server, "DELETE FROM pdls WHERE user_id = %s", user_id)  # what a test might do
    demo_server.reset_account(demo_account["email"])
    pdls = sql(demo_server, "SELECT usage_point_id FROM pdls WHERE user_id = %s ORDER BY 1", user_id)
    assert pdls == sorted((pdl["usagePointId"],) for pdl in demo_account["pdls"])
