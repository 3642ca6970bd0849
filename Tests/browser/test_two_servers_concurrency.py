"""Two `kyoei serve` processes on one database (PostgreSQL in production; the SQLite file works
the same way), hit at once with right and wrong credentials (issue 13 §1).

What must hold across processes: right passwords and codes sent together are never refused
as wrong or locked; parallel guessing still checks at most the limit; one valid code posted by
several sessions is accepted once and the others are told it was used; eight 実行 of one
確認画面 pay once. The figures are printed (pytest -s shows them; the closing note quotes them).
"""

import concurrent.futures
import html
import http.client
import json
import re
import os
import subprocess
import time
import urllib.parse

import pyotp
import pytest

from mailtools import KyoeiServer, fresh_database_url

LOGIN_PASSWORD = "Sakura2026"
CONFIRMATION_PASSWORD = "Fuji3776x"
LIMIT = 5


class Client:
    """A browser without a browser: cookies, the form's CSRF token, no redirects followed."""

    def __init__(self, url):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.url})
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "Max-Age=0" in value or cookie_value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        connection.close()
        return response.status, response.getheader("Location") or "", text

    def on(self, url):
        """The same browser (same cookies) talking to another server."""
        other = Client(url)
        other.cookies = self.cookies
        return other

    @staticmethod
    def csrf(page):
        match = re.search(r'name="_csrf" value="([^"]+)"', page)
        assert match, "no CSRF token on the page"
        return html.unescape(match.group(1))

    def post_form(self, path, fields, page_path=None):
        _, _, page = self.request("GET", page_path or path)
        return self.request("POST", path, dict(fields, _csrf=self.csrf(page)))

    def login(self, login_id, password):
        return self.post_form("/login", {"login_id": login_id, "login_password": password})


@pytest.fixture
def two_servers(kyoei_bin, database_url, tmp_path):
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True,
                   capture_output=True, cwd=tmp_path)
    servers = [KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_LOCKOUT_LIMIT=LIMIT).start() for _ in range(2)]
    yield servers
    for server in servers:
        server.stop()


def credentials(server, login_id):
    shown = server.admin("customer", "show", "--login-id", login_id)
    return {row["credential"]: row for row in shown["credentials"]}


def audit(server, login_id):
    return server.admin("audit", "--login-id", login_id, "--limit", "1000")


def in_parallel(count, call):
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def test_right_passwords_from_both_servers_are_never_locked(two_servers):
    a, b = two_servers
    outcomes = in_parallel(12, lambda n: Client((a, b)[n % 2].url).login("demo01", LOGIN_PASSWORD))
    to_menu = [o for o in outcomes if o[0] == 303 and o[1].endswith("/menu")]
    print(f"\n12 parallel right logins over 2 processes: {len(to_menu)} to the menu, "
          f"{len(outcomes) - len(to_menu)} refused")
    assert len(to_menu) == 12, [(status, location) for status, location, _ in outcomes]
    row = credentials(a, "demo01")["login_password"]
    assert row["failures"] == 0 and not row.get("lockedAt")


def test_parallel_wrong_passwords_check_at_most_the_limit(two_servers):
    a, b = two_servers
    outcomes = in_parallel(20, lambda n: Client((a, b)[n % 2].url).login("demo02", f"Wrong-{n}-pass"))
    assert all(status in (401, 403) for status, _, _ in outcomes), [o[0] for o in outcomes]
    row = credentials(a, "demo02")["login_password"]
    wrong_rows = [e for e in audit(a, "demo02") if e["event"] == "login" and e["result"] == "failure"]
    print(f"\n20 parallel wrong logins over 2 processes: {len(wrong_rows)} checked, "
          f"{sum(1 for o in outcomes if o[0] == 403)} answered locked, failures={row['failures']}")
    assert len(wrong_rows) == LIMIT
    assert row["failures"] == LIMIT and row.get("lockedAt")
    # The right password after the lock is refused, and the lock was mailed.
    status, _, _ = Client(b.url).login("demo02", "Momiji2026")
    assert status == 403


def test_one_code_from_eight_sessions_over_both_servers_is_accepted_once(two_servers):
    a, b = two_servers
    client = Client(a.url)
    assert client.login("demo02", "Momiji2026")[1].endswith("/menu")
    status, location, page = client.post_form("/otp/issue", {
        "mobile_email": "demo02.mobile@example.jp", "activation_password": "2468",
        "confirmation_password": "Kaede3776x"})
    assert status == 303, page[-600:]
    shown = a.admin("otp", "show", "--login-id", "demo02")
    user_id = next(token.get("userID") or token.get("user_id") for token in shown["tokens"] if token["status"] == "issued")
    provision = http.client.HTTPConnection("127.0.0.1", b.port, timeout=30)
    provision.request("POST", "/api/v1/token/provision", body=json.dumps(
        {"service_id": "KYOEI-IB", "user_id": user_id, "activation_password": "2468"}),
        headers={"Content-Type": "application/json"})
    answer = provision.getresponse()
    secret = json.loads(answer.read())["secret"]
    totp = pyotp.TOTP(secret, interval=60)
    status, location, page = client.post_form("/otp/activate", {"otp": totp.now()})
    assert location.endswith("/otp/activate/done"), page[-600:]

    # Eight logins waiting for their code, four on each server; then one code from all at once.
    waiting = []
    for n in range(8):
        session = Client((a, b)[n % 2].url)
        assert session.login("demo02", "Momiji2026")[1].endswith("/login/otp")
        _, _, page = session.request("GET", "/login/otp")
        waiting.append((session, session.csrf(page)))
    # The next step's code: accepted now (±1 step for drift) and later than the step 利用開始 used.
    code = totp.at(time.time() + 60)
    outcomes = in_parallel(8, lambda n: waiting[n][0].request("POST", "/login/otp", {"otp": code, "_csrf": waiting[n][1]}))
    accepted = [o for o in outcomes if o[0] == 303 and o[1].endswith("/menu")]
    already = [o for o in outcomes if "すでに使用されています" in o[2]]
    print(f"\none code from 8 sessions over 2 processes: {len(accepted)} accepted, {len(already)} told 'already used', "
          f"{8 - len(accepted) - len(already)} other")
    assert len(accepted) == 1 and len(already) == 7, [(o[0], o[1]) for o in outcomes]
    row = credentials(a, "demo02")["otp"]
    assert row["failures"] == 0 and not row.get("lockedAt")


def test_eight_executions_of_one_confirmation_over_both_servers_pay_once(two_servers):
    a, b = two_servers
    client = Client(a.url)
    assert client.login("demo01", LOGIN_PASSWORD)[1].endswith("/menu")
    _, _, page = client.request("GET", "/transfer")
    source = re.search(r'<select id="source" name="source"[^>]*>\s*<option value="([^"]+)"', page).group(1)
    destinations = re.findall(r'name="destination" id="[^"]*" value="([^"]+)"', page)
    own = next(value for value in destinations if value.startswith("own:") and value != f"own:{source}")
    status, location, _ = client.request("POST", "/transfer/select", {
        "source": source, "destination": own, "action": "next", "_csrf": client.csrf(page)})
    assert status == 303, location
    path = urllib.parse.urlsplit(location)
    _, _, page = client.request("GET", path.path + ("?" + path.query if path.query else ""))
    fields = dict(re.findall(r'<input type="hidden" name="(source|to)" value="([^"]*)"', page))
    status, location, page = client.request("POST", "/transfer/confirm", dict(fields, amount="1000", _csrf=client.csrf(page)))
    if status == 303:
        target = urllib.parse.urlsplit(location)
        _, _, page = client.request("GET", target.path + "?" + target.query)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    csrf = client.csrf(page)
    clients = [client, client.on(b.url)]
    outcomes = in_parallel(8, lambda n: clients[n % 2].request("POST", "/transfer/execute", {
        "nonce": nonce, "confirmation_password": CONFIRMATION_PASSWORD, "mail_password": "", "_csrf": csrf}))
    done = {location for status, location, _ in outcomes if status == 303 and "/transfer/done" in location}
    print(f"\n8 parallel 実行 of one 確認画面 over 2 processes: {sum(1 for o in outcomes if o[0] == 303)} answered with "
          f"{len(done)} transfer(s), {sum(1 for o in outcomes if o[0] != 303)} refused")
    assert len(done) == 1 and all(o[0] == 303 for o in outcomes), [(o[0], o[1]) for o in outcomes]
    row = credentials(a, "demo01")["confirmation_password"]
    assert row["failures"] == 0 and not row.get("lockedAt")
    events = audit(a, "demo01")
    assert not [e for e in events if e["event"] in ("confirmation_password", "credential_locked")]
    assert len([e for e in events if e["event"] == "transfer" and e["result"] == "success"]) == 1
