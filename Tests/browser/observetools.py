"""Helpers of the observability tests (test_metrics.py, test_health.py): the customer site
driven over plain HTTP as a browser would (forms, CSRF tokens, cookies, the site's Origin),
and the Prometheus text of /metrics read into numbers."""

import re
import urllib.parse
from html.parser import HTMLParser

import requests

DEMO_LOGIN_ID = "demo01"
DEMO_PASSWORD = "Sakura2026"
DEMO_CONFIRMATION = "Fuji3776x"


class Forms(HTMLParser):
    """Every form of a page: its action and the values its inputs, selects and radios carry."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}, "choices": {}})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            form = self.forms[-1]
            if attrs.get("type") == "radio":
                form["choices"].setdefault(attrs["name"], []).append(attrs.get("value", ""))
            else:
                form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self.forms[-1]["choices"].setdefault(self._select, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def form(self, action):
        found = [form for form in self.forms if form["action"] == action]
        assert found, f"no form posting to {action} among {[form['action'] for form in self.forms]}"
        return found[0]


class Customer:
    """A customer's browser without the browser: cookies, the site's Origin on every POST,
    redirects not followed (the tests look at them)."""

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update(headers or {})

    def get(self, path, **options):
        return self.session.get(self.base_url + path, allow_redirects=False, timeout=30, **options)

    def post(self, path, fields, **options):
        headers = {"Origin": self.base_url, **options.pop("headers", {})}
        return self.session.post(self.base_url + path, data=fields, headers=headers, allow_redirects=False, timeout=30,
                                 **options)

    def login(self, login_id=DEMO_LOGIN_ID, password=DEMO_PASSWORD, headers=None):
        page = self.get("/login")
        token = Forms(page.text).form("/login")["fields"]["_csrf"]
        return self.post("/login", {"_csrf": token, "login_id": login_id, "login_password": password},
                         headers=headers or {})

    def own_transfer(self, amount="1000", confirmation=DEMO_CONFIRMATION):
        """振替 from the first account to the customer's own other account: select, amount,
        確認画面, 実行. Returns the answer to 実行 (a redirect to /transfer/done… when paid)."""
        page = Forms(self.get("/transfer").text).form("/transfer/select")
        source = page["choices"]["source"][0]
        own = [value for value in page["choices"]["destination"] if value.startswith("own:") and value != f"own:{source}"]
        selected = self.post("/transfer/select", {"_csrf": page["fields"]["_csrf"], "source": source,
                                                  "destination": own[0], "action": "next"})
        assert selected.status_code in (302, 303), selected.status_code
        amount_page = Forms(self.get(local(selected.headers["Location"])).text)
        form = amount_page.form("/transfer/confirm")
        confirmed = self.post("/transfer/confirm", {**form["fields"], "amount": amount})
        assert confirmed.status_code in (302, 303), confirmed.status_code
        confirm_page = Forms(self.get(local(confirmed.headers["Location"])).text).form("/transfer/execute")
        return self.post("/transfer/execute", {**confirm_page["fields"], "confirmation_password": confirmation})


def local(location):
    """A redirect's target as a path and query of this site."""
    parts = urllib.parse.urlsplit(location)
    return parts.path + ("?" + parts.query if parts.query else "")


SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def samples(text):
    """[(name, {label: value}, number)] of a Prometheus text exposition."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        out.append((match.group(1), dict(LABEL.findall(match.group(3) or "")), float(match.group(4))))
    return out


def value(text, name, **labels):
    """The sum of the series of `name` whose labels include `labels`."""
    return sum(number for metric, found, number in samples(text)
               if metric == name and all(found.get(key) == wanted for key, wanted in labels.items()))


def scrape(metrics_url):
    response = requests.get(metrics_url + "/metrics", timeout=30)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.text
