"""Helpers for the operations tests (issue 19: backups, key rotation, graceful shutdown): a
cookie-keeping HTTP client without a browser, the 振替 flow over it, and a transfer load that
records what the bank acknowledged and when."""

import html
import http.client
import re
import subprocess
import threading
import time
import urllib.parse

LOGIN_PASSWORD = "Sakura2026"
CONFIRMATION_PASSWORD = "Fuji3776x"


class Client:
    """One browser's cookies; a new connection per request, no redirects followed."""

    def __init__(self, url):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}

    def request(self, method, path, form=None, timeout=60):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.url})
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "Max-Age=0" in value or cookie_value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        return response.status, response.getheader("Location") or "", text

    def get(self, location):
        target = urllib.parse.urlsplit(location)
        return self.request("GET", target.path + ("?" + target.query if target.query else ""))

    @staticmethod
    def csrf(page):
        match = re.search(r'name="_csrf" value="([^"]+)"', page)
        assert match, "no CSRF token on the page: " + page[-400:]
        return html.unescape(match.group(1))

    def post_form(self, path, fields, page_path=None):
        _, _, page = self.request("GET", page_path or path)
        return self.request("POST", path, dict(fields, _csrf=self.csrf(page)))

    def login(self, login_id="demo01", password=LOGIN_PASSWORD):
        status, location, page = self.post_form("/login", {"login_id": login_id, "login_password": password})
        assert status == 303, (status, page[-400:])
        return location


class Furikae:
    """振替 between the customer's own accounts over the real pages: 選択 → 入力 → 確認 → 実行."""

    def __init__(self, client):
        self.client = client
        _, _, page = client.request("GET", "/transfer")
        self.accounts = re.findall(r'<option value="([^"]+)"', page.split('id="source"', 1)[1].split("</select>", 1)[0])
        assert len(self.accounts) >= 2, "the demo customer has two accounts of their own"
        destinations = re.findall(r'name="destination" id="[^"]*" value="([^"]+)"', page)
        # The template lists own accounts, then the customer's payees, then the bank's.
        self.payees = [value for value in destinations if not value.startswith("own:")]

    def confirm(self, source, destination, amount):
        """Up to the 確認画面 (`destination` an account id of the customer's, or a radio value;
        to a payee, the bank mails the メール通知パスワード on the way); returns (nonce, csrf)
        of its 実行 form."""
        client = self.client
        _, _, page = client.request("GET", "/transfer")
        value = destination if ":" in destination else f"own:{destination}"
        status, location, page = client.request("POST", "/transfer/select", {
            "source": source, "destination": value, "action": "next", "_csrf": client.csrf(page)})
        assert status == 303, (status, page[-400:])
        _, _, page = client.get(location)
        fields = dict(re.findall(r'<input type="hidden" name="(source|to)" value="([^"]*)"', page))
        status, location, page = client.request("POST", "/transfer/confirm", dict(fields, amount=str(amount), _csrf=client.csrf(page)))
        if status == 303:
            _, _, page = client.get(location)
        nonce = re.search(r'name="nonce" value="([^"]+)"', page)
        assert nonce, page[-600:]
        return nonce.group(1), client.csrf(page)

    def execute(self, nonce, csrf, mail_password=""):
        """実行; returns the reception number once the bank acknowledged it (its 303 to 完了)."""
        status, location, page = self.client.request("POST", "/transfer/execute", {
            "nonce": nonce, "confirmation_password": CONFIRMATION_PASSWORD, "mail_password": mail_password, "_csrf": csrf})
        assert status == 303 and "/transfer/done" in location, (status, location, page[-600:])
        _, _, done = self.client.get(location)
        number = re.search(r'id="reception-number">([^<]+)<', done)
        assert number, done[-600:]
        return number.group(1).strip()

    def once(self, n, amount=1):
        """One 振替 of `amount` yen, alternating direction so the balances never run out."""
        a, b = self.accounts[0], self.accounts[1]
        source, destination = (a, b) if n % 2 == 0 else (b, a)
        return self.execute(*self.confirm(source, destination, amount))


class TransferLoad:
    """`clients` sessions doing 振替 back to back until stopped. `acknowledged` holds
    (monotonic time the bank's answer arrived, reception number); `errors` what went wrong."""

    def __init__(self, url, clients=4, login_id="demo01", password=LOGIN_PASSWORD):
        self.url = url
        self.acknowledged = []
        self.errors = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.sessions = []
        for _ in range(clients):
            client = Client(url)
            client.login(login_id, password)
            self.sessions.append(Furikae(client))
        self.threads = [threading.Thread(target=self._run, args=(session,), daemon=True) for session in self.sessions]

    def _run(self, session):
        n = 0
        while not self.stopping.is_set():
            try:
                number = session.once(n)
                with self.lock:
                    self.acknowledged.append((time.monotonic(), number))
            except Exception as error:  # recorded; the test decides what is allowed
                with self.lock:
                    self.errors.append((time.monotonic(), repr(error)))
                if self.stopping.is_set():
                    return
                time.sleep(0.05)
            n += 1

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def wait_for(self, count, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.acknowledged) >= count:
                    return
            time.sleep(0.05)
        raise AssertionError(f"only {len(self.acknowledged)} transfers in {seconds}s; errors: {self.errors[:3]}")

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def acknowledged_before(self, moment):
        with self.lock:
            return {number for at, number in self.acknowledged if at < moment}


def run_kyoei(binary, env, *args, check=True, timeout=120):
    result = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, f"kyoei {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result
