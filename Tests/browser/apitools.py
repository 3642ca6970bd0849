"""Helpers of the JSON API tests (/api/v1): a bank of its own (a fresh database on the test
server's engine, the demo customers, `kyoei serve` with the API settings the test chooses) and a
client that speaks the API over real HTTP the way a bank's app would: JSON bodies, a bearer
token, problem+json refusals read field by field."""

import json
import os
import re
import subprocess
import uuid

import pytest
import requests

from mailtools import KyoeiServer, fresh_database_url

API = "/api/v1"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PROBLEM_JSON = "application/problem+json"

DEMO01 = {"login_id": "demo01", "password": "Sakura2026", "confirmation": "Fuji3776x"}
DEMO02 = {"login_id": "demo02", "password": "Momiji2026", "confirmation": "Kaede3776x"}


class ApiClient:
    """One client of /api/v1: a base URL and, once logged in, a bearer token. Never follows
    redirects, never sends cookies (the API takes none)."""

    def __init__(self, base_url, token=None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.http = requests.Session()
        self.http.trust_env = False  # no proxy from the environment between the test and the server

    def call(self, method, path, body=None, *, token="current", headers=None, data=None):
        """`body` is sent as JSON; `data` as raw bytes (malformed or oversize bodies)."""
        fields = {"Accept": "application/json"}
        token = self.token if token == "current" else token
        if token:
            fields["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
        if data is not None:
            fields["Content-Type"] = "application/json"
        fields.update(headers or {})
        response = self.http.request(method, self.base_url + API + path, data=data, headers=fields,
                                     allow_redirects=False, timeout=60)
        self.http.cookies.clear()
        return response

    def get(self, path, **options):
        return self.call("GET", path, **options)

    def post(self, path, body=None, **options):
        return self.call("POST", path, body, **options)

    def delete(self, path, body=None, **options):
        return self.call("DELETE", path, body, **options)

    # -- sessions ---------------------------------------------------------------------------
    def start_session(self, login_id, password):
        """POST /sessions; the response (201 with a token, or the OTP step)."""
        return self.post("/sessions", {"loginId": login_id, "password": password}, token=None)

    def login(self, customer):
        """A full session for a customer without an extra factor; keeps and returns its token."""
        response = self.start_session(customer["login_id"], customer["password"])
        answer = ok(response, 201)
        assert answer["step"] == "active", answer
        self.token = answer["token"]
        return self.token

    def transfer(self, quote_id, confirmation, key=None, mail_password=None):
        body = {"quoteId": quote_id, "confirmationPassword": confirmation}
        if mail_password is not None:
            body["mailPassword"] = mail_password
        return self.post("/transfers", body, headers={"Idempotency-Key": key or str(uuid.uuid4())})


def ok(response, status=200):
    """The JSON body of a successful answer of `status`; fails with what came instead."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:800]}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    return response.json()


def problem(response, status, field=None, language="ja"):
    """An RFC 9457 refusal: the status, application/problem+json, a stable `type`, the message in
    Japanese and in English, and (with `field`) an error naming that field. Returns the body."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:800]}"
    assert response.headers.get("Content-Type", "").startswith(PROBLEM_JSON), response.headers
    body = response.json()
    assert body["status"] == status, body
    assert isinstance(body.get("type"), str) and body["type"], body
    messages = body["messages"]
    assert JAPANESE.search(messages["ja"]), f"no Japanese message: {body}"
    assert messages["en"] and not JAPANESE.search(messages["en"]), f"no English message: {body}"
    assert body["detail"].startswith(messages[language]), body  # Japanese unless Accept-Language asks for English
    if field is not None:
        assert field in [error["field"] for error in body.get("errors", [])], f"no error naming {field}: {body}"
    return body


def assert_no_cors(response):
    """CORS is closed: no header that would let another origin's script read the answer."""
    allowed = {name.lower() for name in response.headers if name.lower().startswith("access-control-allow-")}
    assert not allowed, f"unexpected CORS headers on {response.request.method} {response.url}: {allowed}"


class ApiBank:
    """A bank of its own for a test: a fresh database on the engine under test, `kyoei demo`,
    and `kyoei serve` with the settings given (e.g. a low KYOEI_API_ANON_RATE_LIMIT)."""

    def __init__(self, kyoei_bin, database_url, tmp_path, **settings):
        self.database_url = fresh_database_url(database_url, tmp_path)
        subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=self.database_url),
                       check=True, capture_output=True, cwd=tmp_path)
        self.server = KyoeiServer(kyoei_bin, tmp_path, self.database_url, **settings).start()
        self.url = self.server.url

    def client(self, token=None):
        return ApiClient(self.url, token)

    def admin(self, *args):
        return self.server.admin(*args)

    def verify_ledger(self):
        report = self.admin("verify-ledger")
        assert report["consistent"] is True, report
        return report

    def stop(self):
        self.server.stop()


@pytest.fixture
def api_bank_factory(kyoei_bin, database_url, tmp_path):
    """api_bank_factory(**settings) -> a started ApiBank; all are stopped after the test."""
    banks = []

    def start(**settings):
        folder = tmp_path / f"bank{len(banks)}"
        folder.mkdir()
        bank = ApiBank(kyoei_bin, database_url, folder, **settings)
        banks.append(bank)
        return bank

    yield start
    for bank in banks:
        bank.stop()
