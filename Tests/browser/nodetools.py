"""Helpers of the multi-process tests (test_scheduler_nodes.py, test_nodes_nginx.py): several
`kyoei serve` on one PostgreSQL started at once, a browser without a browser that can pick its
source address and node, 予約振込 booked through the real screens, and the database read as an
operator with psql reads it."""

import html
import http.client
import re
import subprocess
import urllib.parse

import pytest

from clitools import sql
from mailtools import KyoeiServer, wait_until

DEMO_PASSWORD = "Sakura2026"
DEMO_CONFIRMATION = "Fuji3776x"


def postgres_only(database_url):
    """These tests are about several processes on one PostgreSQL (the production setup); on the
    SQLite run of the suite they do not apply (one SQLite file is one machine's)."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        pytest.skip("several `kyoei serve` on one database: PostgreSQL only (the PostgreSQL run of scripts/test runs it)")


class Node(KyoeiServer):
    """`kyoei serve` that can be launched without waiting, so several start at the same moment."""

    def launch(self):
        self.log_path = self.folder / "server.log"
        self.process = subprocess.Popen([self.binary, "serve"], cwd=self.folder, env=self.env,
                                        stdout=open(self.log_path, "a"), stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, seconds=90):
        wait_until(lambda: self._healthy() or self.process.poll() is not None, seconds, "kyoei serve")
        assert self.process.poll() is None, f"kyoei serve exited {self.process.returncode}:\n{self.log()}"
        return self

    def log(self):
        return (self.folder / "server.log").read_text(errors="replace")


def start_together(nodes):
    """Launches every node at once, then waits for all of them."""
    for node in nodes:
        node.launch()
    for node in nodes:
        node.wait_ready()
    return nodes


class Client:
    """Cookies, the form's CSRF token, no redirects followed; optionally from a given source
    address (127.0.0.x: every loopback address is this machine) and with extra headers."""

    def __init__(self, url, origin=None, source="127.0.0.1", headers=None):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.origin = origin or url
        self.source = source
        self.headers = dict(headers or {})
        self.cookies = {}
        self.last_headers = {}

    def request(self, method, path, form=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=(self.source, 0))
        sent = dict(self.headers, **(headers or {}))
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.last_headers = {k.lower(): v for k, v in response.getheaders()}
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

    def get_following(self, location):
        """GET a redirect's target (path and query of the Location)."""
        target = urllib.parse.urlsplit(location)
        return self.request("GET", target.path + ("?" + target.query if target.query else ""))

    def sibling(self, headers=None):
        """The same browser (same cookie jar) sending other headers (another node behind the proxy)."""
        other = Client(self.url, self.origin, self.source, dict(self.headers, **(headers or {})))
        other.cookies = self.cookies
        return other

    @staticmethod
    def csrf(page):
        match = re.search(r'name="_csrf" value="([^"]+)"', page)
        assert match, "no CSRF token on the page:\n" + page[-800:]
        return html.unescape(match.group(1))

    def post_form(self, path, fields, page_path=None):
        _, _, page = self.request("GET", page_path or path)
        return self.request("POST", path, dict(fields, _csrf=self.csrf(page)))

    def login(self, login_id="demo01", password=DEMO_PASSWORD):
        return self.post_form("/login", {"login_id": login_id, "login_password": password})


def confirmation_page(client, amount, scheduled_for=None):
    """振込・振替 → own savings account → 金額 (and 振込指定日) → the 確認画面's page."""
    _, _, page = client.request("GET", "/transfer")
    source = re.search(r'<select id="source" name="source"[^>]*>\s*<option value="([^"]+)"', page).group(1)
    destinations = re.findall(r'name="destination" id="[^"]*" value="([^"]+)"', page)
    own = next(value for value in destinations if value.startswith("own:") and value != f"own:{source}")
    status, location, body = client.request("POST", "/transfer/select", {
        "source": source, "destination": own, "action": "next", "_csrf": client.csrf(page)})
    assert status == 303, (status, body[-600:])
    _, _, page = client.get_following(location)
    fields = dict(re.findall(r'<input type="hidden" name="(source|to)" value="([^"]*)"', page))
    form = dict(fields, amount=str(amount), _csrf=client.csrf(page))
    if scheduled_for:
        form.update(when="later", scheduled_for=scheduled_for)
    status, location, page = client.request("POST", "/transfer/confirm", form)
    if status == 303:
        _, _, page = client.get_following(location)
    assert 'name="nonce"' in page, page[-800:]
    return page


def execute_form(page):
    """The 実行 form of a 確認画面: its nonce, CSRF token and the 確認用パスワード."""
    form = {"nonce": re.search(r'name="nonce" value="([^"]+)"', page).group(1),
            "confirmation_password": DEMO_CONFIRMATION, "mail_password": "", "_csrf": Client.csrf(page)}
    if 'name="holder_confirmed"' in page:
        form["holder_confirmed"] = "1"
    return form


def book(client, amount, day):
    """One 予約振込 for `day` as the customer books it; returns the 受付番号."""
    page = confirmation_page(client, amount, day)
    status, location, body = client.request("POST", "/transfer/execute", execute_form(page))
    assert status == 303 and "/transfer/done" in location, (status, location, body[-600:])
    _, _, done = client.get_following(location)
    return re.search(r'id="reception-number"[^>]*>\s*([^<\s]+)', done).group(1)

