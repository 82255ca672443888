"""A fresh MyElectricalData demo account for each test, from `med-demo serve` or `up --port`.

Run the tests under it, which tells them where its state file is (MED_DEMO_STATE_FILE):
    med-demo up --port 4510 --state-file .med-demo.json -- python3 -m pytest
"""
import json
import os
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest


class DemoServer:
    """The accounts API of a running med-demo, found through its state file (URL and token)."""

    def __init__(self, state_file):
        with open(state_file) as file:
            self.environment = json.load(file)
        self.url = self.environment["server"]["url"].rstrip("/")
        self.token = self.environment["server"]["token"]

    def request(self, method, path, body=None):
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request) as response:
                text = response.read()
        except urllib.error.HTTPError as error:
            problem = json.loads(error.read())["error"]
            raise RuntimeError(f"{method} {path}: {problem['code']}: {problem['message']}") from None
        return json.loads(text) if text else None

    def add_account(self, **options):
        """Seeds an account; options are addAccount()'s (none: the server picks a free index)."""
        return self.request("POST", "/accounts", options)

    def reset_account(self, email):
        return self.request("POST", f"/accounts/{quote(email)}/reset")

    def remove_account(self, email):
        self.request("DELETE", f"/accounts/{quote(email)}")


@pytest.fixture(scope="session")
def demo_server():
    return DemoServer(os.environ.get("MED_DEMO_STATE_FILE", ".med-demo.json"))


@pytest.fixture
def demo_account(demo_server):
    """An account of its own for each test, removed after it."""
    account = demo_server.add_account()
    yield account
    demo_server.remove_account(account["email"])
