"""Shared fixtures for the browser and CLI tests.

scripts/test starts `kyoei serve --demo` and passes, through the environment:
  KYOEI_BASE_URL       the server's URL, e.g. http://127.0.0.1:40123
  KYOEI_TOKEN_APP_URL  the phone token app's origin of that server, e.g. http://127.0.0.1:40124
  KYOEI_DATABASE_URL   the same database the server uses (for `kyoei admin …`)
  KYOEI_BIN            the kyoei executable (default: .build/debug/kyoei)
  KYOEI_SCREENSHOTS    folder for the screen PNGs (unset: no screenshots are kept)
Nothing here skips: a missing setting, browser or driver is an error.
"""

import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO_ROOT = Path(__file__).resolve().parents[2]
FAILURE_DIR = REPO_ROOT / "Tests" / "browser" / "out"

DEMO_LOGIN_ID = "demo01"
DEMO_PASSWORD = "Sakura2026"
DEMO_NAME = "共栄 太郎様"

# Never let Selenium Manager try to download a driver.
os.environ["SE_OFFLINE"] = "true"


def _required_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(f"{name} is not set: run the tests through scripts/test", pytrace=False)
    return value


@pytest.fixture(scope="session")
def base_url():
    return _required_env("KYOEI_BASE_URL").rstrip("/")


@pytest.fixture(scope="session")
def database_url():
    return _required_env("KYOEI_DATABASE_URL")


@pytest.fixture(scope="session")
def kyoei_bin():
    path = Path(os.environ.get("KYOEI_BIN") or REPO_ROOT / ".build" / "debug" / "kyoei")
    if not os.access(path, os.X_OK):
        pytest.fail(f"kyoei executable not found at {path} (set KYOEI_BIN)", pytrace=False)
    return str(path)


@pytest.fixture(scope="session")
def screenshots_dir():
    value = os.environ.get("KYOEI_SCREENSHOTS", "").strip()
    if not value:
        return None
    path = Path(value)
    path.mkdir(parents=True, exist_ok=True)
    return path


# --------------------------------------------------------------------------------------
# The kyoei CLI
# --------------------------------------------------------------------------------------
class Kyoei:
    """Runs `kyoei …` against the test server's database."""

    def __init__(self, binary, database_url):
        self.binary = binary
        self.env = dict(os.environ, KYOEI_DATABASE_URL=database_url, KYOEI_STAFF="browser-test")

    def run(self, *args, stdin=""):
        return subprocess.run([self.binary, *args], input=stdin, capture_output=True,
                              text=True, env=self.env, timeout=60)

    def json(self, *args, stdin="", expect_ok=True):
        """Runs with --json; returns (exit code, parsed stdout)."""
        result = self.run(*args, "--json", stdin=stdin)
        try:
            data = json.loads(result.stdout)
        except json.JSONDecodeError as error:
            raise AssertionError(f"kyoei {' '.join(args)} --json did not print JSON ({error}):\n"
                                 f"stdout: {result.stdout!r}\nstderr: {result.stderr!r}")
        if expect_ok:
            assert result.returncode == 0, f"kyoei {' '.join(args)} exited {result.returncode}: {result.stdout}{result.stderr}"
        return result.returncode, data


@pytest.fixture(scope="session")
def kyoei(kyoei_bin, database_url):
    return Kyoei(kyoei_bin, database_url)


@pytest.fixture
def fresh_db(kyoei_bin, database_url, tmp_path):
    """A new, migrated database on the test server's engine, for a test that must not share
    the server's (its own `kyoei serve`, rows changed behind the bank's back)."""
    from mailtools import fresh_database_url
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "migrate"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True, capture_output=True)
    return url


# --------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------
def _chrome_options():
    options = Options()
    options.binary_location = os.environ.get("KYOEI_CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=ja", "--disable-gpu",
                     "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "ja-JP,ja"})
    return options


def phone_driver(width=390):
    """Chromium as a phone of `width` CSS pixels (mobile emulation: a touch screen at 3x and a
    phone's user agent)."""
    options = Options()
    options.binary_location = os.environ.get("KYOEI_CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=ja", "--disable-gpu"):
        options.add_argument(argument)
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": width, "height": 844, "pixelRatio": 3.0, "touch": True},
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"})
    browser = webdriver.Chrome(service=Service(os.environ.get("KYOEI_CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    browser.set_page_load_timeout(30)
    return browser


@pytest.fixture
def phone():
    """Makes phones (`phone(width=390)`), each a browser of its own, and quits them after the test.
    A test done with one may quit it sooner (`browser.quit()`): fewer Chromiums at once under the
    suite's load (a renderer once died with five open)."""
    browsers = []

    def make(width=390):
        browsers.append(phone_driver(width))
        return browsers[-1]
    yield make
    for browser in browsers:
        try:
            browser.quit()
        except Exception:
            pass  # quit already by the test


@pytest.fixture
def driver(request):
    service = Service(os.environ.get("KYOEI_CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(service=service, options=_chrome_options())
    browser.set_window_size(1280, 900)
    browser.set_page_load_timeout(30)
    yield browser
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        FAILURE_DIR.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            browser.save_screenshot(str(FAILURE_DIR / f"{stem}.png"))
            (FAILURE_DIR / f"{stem}.html").write_text(browser.page_source, encoding="utf-8")
        except Exception:  # the browser may be the thing that failed
            pass
    browser.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


class Site:
    """The customer site as a person uses it: fill fields by label, press buttons."""

    def __init__(self, browser, base_url, screenshots_dir):
        self.browser = browser
        self.base_url = base_url
        self.screenshots_dir = screenshots_dir

    def open(self, path):
        self.browser.get(self.base_url + path)

    @property
    def path(self):
        return urlparse(self.browser.current_url).path

    @property
    def query(self):
        return urlparse(self.browser.current_url).query

    def find(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.browser.find_elements(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.find(css).text.strip()

    def h1(self):
        return self.text("main h1")

    def label_text(self, field_id):
        return self.find(f'label[for="{field_id}"]').text.strip()

    def wait_for_path(self, path, timeout=10):
        WebDriverWait(self.browser, timeout).until(
            lambda browser: urlparse(browser.current_url).path == path,
            f"expected to arrive at {path}")

    def click_and_wait(self, css, timeout=10):
        """Clicks an element that submits or navigates, and waits until a new page has loaded."""
        self.browser.execute_script("window.__kyoeiOldPage = true;")
        self.find(css).click()

        def new_page_loaded(browser):
            try:
                return browser.execute_script(
                    "return window.__kyoeiOldPage === undefined && document.readyState === 'complete';")
            except WebDriverException:  # the old document went away mid-call: try again
                return False

        WebDriverWait(self.browser, timeout).until(new_page_loaded, f"clicking {css} loaded no page")

    def login(self, login_id=DEMO_LOGIN_ID, password=DEMO_PASSWORD):
        if self.path != "/login":
            self.open("/login")
        field = self.find("#login_id")
        field.clear()
        field.send_keys(login_id)
        field = self.find("#login_password")
        field.clear()
        field.send_keys(password)
        self.click_and_wait("#login-button")

    def session_cookie(self):
        return [cookie for cookie in self.browser.get_cookies() if cookie["name"] == "kyoei_session"]

    def error_text(self):
        boxes = self.find_all("div.errors")
        return " ".join(box.text for box in boxes).strip()

    def screenshot(self, name):
        if self.screenshots_dir is not None:
            assert self.browser.save_screenshot(str(self.screenshots_dir / name)), f"could not save {name}"


@pytest.fixture
def site(driver, base_url, screenshots_dir):
    return Site(driver, base_url, screenshots_dir)


def parse_yen(text):
    """'1,234円' -> 1234, '-5,000円' -> -5000, '' -> 0. Anything else fails the test."""
    text = text.strip()
    if text == "":
        return 0
    match = re.fullmatch(r"(-?)(\d{1,3}(?:,\d{3})*)円", text)
    assert match, f"not a yen amount like 1,234円: {text!r}"
    value = int(match.group(2).replace(",", ""))
    return -value if match.group(1) else value
