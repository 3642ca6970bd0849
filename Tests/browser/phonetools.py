"""The customer's phone for the token web app tests: headless Chromium with mobile emulation (a
390x844 touch screen at 3x, a phone's user agent) and the DevTools protocol (the network log, the
network cut, the page's clock), plus the PC-side steps the phone tests share (トークン発行 with
the token app, the issuance mail, 利用開始)."""

import json
import os
import re
from urllib.parse import urlparse

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import _chrome_options
from mailtools import decoded_subject, wait_until
from test_otp import ACTIVATION, DEMO_CONFIRMATION, MOBILE, fill

PHONE_WIDTH, PHONE_HEIGHT = 390, 844
PHONE_UA = ("Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/156.0.0.0 Mobile Safari/537.36")
PROVISION_PATH = "/api/v1/token/provision"


def _phone_options():
    options = _chrome_options()
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT, "pixelRatio": 3.0, "touch": True},
        "userAgent": PHONE_UA})
    # Every Network.* event of the page, read back with get_log: what the phone sent, and to whom.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return options


def page_script(browser, body, *args):
    """Runs `body` in the page as an async function (await allowed, the arguments in `args`)
    and returns its value; a throw fails the test with the page's words."""
    value = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"(async (args) => {{ {body} }})([...arguments].slice(0, -1))"
        ".then(done, (error) => done({scriptError: String(error)}));", *args)
    assert not (isinstance(value, dict) and "scriptError" in value), value
    return value


class Phone:
    """One phone: its own browser profile (its own IndexedDB, service worker and caches)."""

    def __init__(self, screenshots_dir):
        service = Service(os.environ.get("KYOEI_CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.browser = webdriver.Chrome(service=service, options=_phone_options())
        self.browser.set_page_load_timeout(30)
        self.screenshots_dir = screenshots_dir
        self.events = []

    # ---- screens
    def open(self, url):
        self.browser.get(url)
        self.wait_started()

    def reload(self):
        self.browser.refresh()
        self.wait_started()

    def wait_started(self):
        WebDriverWait(self.browser, 15).until(lambda _: self.screen() or self.shown("#load-error"),
                                              "the token app showed no screen")

    def screen(self):
        """The id of the screen shown ('' while loading)."""
        return self.browser.execute_script(
            "return [...document.querySelectorAll('.screen')].filter((s) => !s.hidden).map((s) => s.id).join(' ');")

    def wait_screen(self, screen_id, timeout=15):
        WebDriverWait(self.browser, timeout).until(lambda _: self.screen() == screen_id,
                                                   f"expected the screen #{screen_id}")

    def find(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def shown(self, css):
        elements = self.browser.find_elements(By.CSS_SELECTOR, css)
        return bool(elements) and elements[0].is_displayed()

    def text(self, css):
        return self.find(css).text.strip()

    def wait_text(self, css, part, timeout=15):
        WebDriverWait(self.browser, timeout).until(lambda _: self.shown(css) and part in self.text(css),
                                                   f"expected {part!r} in {css}")
        return self.text(css)

    def consent(self):
        self.wait_screen("screen-consent")
        self.find("#consent-yes").click()
        self.wait_screen("screen-setup")

    def set_up(self, activation_password, user_id=None, service_id=None):
        """Types into 初期設定画面 (the link's values stay unless given) and sends."""
        for field, value in (("service_id", service_id), ("user_id", user_id), ("activation_password", activation_password)):
            if value is not None:
                self.find(f"#{field}").clear()
                self.find(f"#{field}").send_keys(value)
        self.find("#setup-submit").click()

    # ---- the code screen
    def code(self):
        return self.browser.execute_script("return document.querySelector('#code').textContent;")

    def seconds_left(self):
        return int(self.browser.execute_script("return document.querySelector('#seconds-left').textContent;"))

    def wait_code(self, timeout=15):
        return WebDriverWait(self.browser, timeout).until(
            lambda _: self.screen() == "screen-code" and re.fullmatch(r"\d{6}", self.code()) and self.code(),
            "expected a 6-digit code on the code screen")

    def fresh_code(self):
        """The code shown, with at least 10 seconds left so it is still valid when the PC sends it."""
        code = self.wait_code()
        if self.seconds_left() < 10:
            code = self.next_code(code)
        return code

    def next_code(self, used, timeout=75):
        """Waits for the phone to show the code of a later 60-second step than `used`."""
        return WebDriverWait(self.browser, timeout).until(
            lambda _: (code := self.code()) != used and re.fullmatch(r"\d{6}", code) and code,
            "the phone's code did not change at the step boundary")

    def set_clock(self, unix_seconds):
        """The page's Date.now() from now on runs from `unix_seconds` (None: the real clock again)."""
        self.browser.execute_script("""
            window.__realNow = window.__realNow || Date.now.bind(Date);
            const real = window.__realNow, start = real(), target = arguments[0];
            Date.now = target === null ? real : () => target * 1000 + (real() - start);""", unix_seconds)

    # ---- the browser's insides
    def script(self, body, *args):
        return page_script(self.browser, body, *args)

    def idb_record(self, expression):
        """`expression` over `record`, the app's IndexedDB record kyoei-token/tokens/current
        (null when the app has no database yet)."""
        return self.script("""
            // Opening a database that is not there would create it empty, under the app's feet.
            if (!(await indexedDB.databases()).some((d) => d.name === 'kyoei-token')) return null;
            const db = await new Promise((ok, no) => { const r = indexedDB.open('kyoei-token');
                r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
            const record = await new Promise((ok, no) => { const r = db.transaction('tokens').objectStore('tokens').get('current');
                r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
            db.close();
            return """ + expression + ";")

    def wait_service_worker(self):
        WebDriverWait(self.browser, 20).until(
            lambda browser: browser.execute_script("return !!navigator.serviceWorker.controller;"),
            "the service worker never took control of the page")

    def offline(self, cut):
        self.browser.execute_cdp_cmd("Network.enable", {})
        self.browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": cut, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})

    def network(self):
        """Every DevTools Network event of the page so far (the log is drained into self.events)."""
        for entry in self.browser.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"].startswith("Network."):
                self.events.append(message)
        return self.events

    def requests(self):
        """(method, url) of every request the page made, preflights included."""
        return [(event["params"]["request"]["method"], event["params"]["request"]["url"])
                for event in self.network() if event["method"] == "Network.requestWillBeSent"]

    def provision_answer(self):
        """The bank's JSON answer to the app's provisioning POST, read from DevTools as a person
        with the phone's developer tools could: the only way the test learns the secret."""
        def finished_post():
            events = self.network()
            done = {e["params"]["requestId"] for e in events if e["method"] == "Network.loadingFinished"}
            for event in events:
                request = event["params"].get("request", {})
                if event["method"] == "Network.requestWillBeSent" and request["method"] == "POST" \
                        and request["url"].endswith(PROVISION_PATH) and event["params"]["requestId"] in done:
                    return event["params"]["requestId"]
            return None
        request_id = wait_until(finished_post, 20, "the provisioning POST")
        body = self.browser.execute_cdp_cmd("Network.getResponseBody", {"requestId": request_id})
        return json.loads(body["body"])

    def assert_fits(self):
        """Nothing wider than the phone's screen: no sideways scrolling, no button cut off."""
        width, scroll = self.browser.execute_script(
            "return [document.documentElement.clientWidth, document.documentElement.scrollWidth];")
        assert scroll <= width, f"the page is {scroll} px wide on a {width} px screen"

    def set_width(self, width):
        """Another phone's width (320: the smallest still sold), same height and pixel ratio."""
        self.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": PHONE_HEIGHT, "deviceScaleFactor": 3, "mobile": True})

    def screenshot(self, name):
        """Saves what the phone's screen shows, after checking that it fits the screen's width."""
        self.assert_fits()
        if self.screenshots_dir is not None:
            assert self.browser.save_screenshot(str(self.screenshots_dir / name)), f"could not save {name}"

    def quit(self, failure_stem=None, failure_dir=None):
        if failure_stem is not None:
            failure_dir.mkdir(parents=True, exist_ok=True)
            try:
                self.browser.save_screenshot(str(failure_dir / f"{failure_stem}.png"))
                (failure_dir / f"{failure_stem}.html").write_text(self.browser.page_source, encoding="utf-8")
            except WebDriverException:
                pass
        self.browser.quit()


# ---- The PC side
def issue_app_token(site, smtp, activation_password=ACTIVATION):
    """トークン発行 with 「トークンアプリ（推奨）」 on the PC session; returns the issuance mail's
    download URL, service ID and user ID (waiting for a mail newer than those already there)."""
    before = len(issuance_mails(smtp))
    if site.path != "/otp/issue":
        site.open("/otp/issue")
    assert site.h1() == "トークン発行画面"
    site.find("#token_kind_app").click()
    assert site.find("#token_kind_app").is_selected()
    fill(site, "mobile_email", MOBILE)
    fill(site, "activation_password", activation_password)
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.h1() == "トークン発行結果確認画面", site.error_text()
    body = wait_until(lambda: len(issuance_mails(smtp)) > before and issuance_mails(smtp)[-1], 30,
                      "the issuance mail")
    service_id = re.search(r"サービスID: (\S+)", body).group(1)
    user_id = re.search(r"ユーザID: (\d{10})", body).group(1)
    url = re.search(r"トークンアプリ: (\S+)", body).group(1)
    assert activation_password not in body
    return {"url": url, "service_id": service_id, "user_id": user_id}


def issuance_mails(smtp):
    return [message.get_content() for message in smtp.messages()
            if message["X-Test-Rcpt-To"] == MOBILE and "トークン発行のお知らせ" in (subject := decoded_subject(message))
            and "認証アプリ" not in subject]


def activate_on_pc(site, code):
    """ワンタイムパスワード利用開始 with `code`; asserts the bank took it."""
    site.open("/otp/activate")
    if site.path == "/login":
        site.login()
        site.open("/otp/activate")
    fill(site, "otp", code)
    site.click_and_wait("#execute")
    assert site.h1() == "利用開始結果確認", site.error_text()
    assert "ワンタイムパスワードの利用開始登録が完了しました。" in site.text("#result-message")


def origin_of(url):
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"
