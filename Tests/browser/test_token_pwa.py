"""The token web app on the customer's phone, end to end: トークン発行 on the PC in Chromium, the
issuance mail from a real SMTP server (aiosmtpd), its link opened in a second Chromium emulating a
phone (phonetools.Phone) on the app's own origin, 通信の許諾 → 初期設定 → the code, and the bank
taking the phone's codes for 利用開始 and the login. Also: the codes against pyotp, the service
worker with no network at all, what the app keeps and refuses to give away, the bank's CORS, and
a re-issued token. Screens of the phone go to KYOEI_SCREENSHOTS as phone_token_*.png."""

import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pyotp
import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DEMO_LOGIN_ID, FAILURE_DIR, Site
from phonetools import PROVISION_PATH, Phone, activate_on_pc, issue_app_token, origin_of, page_script
from test_otp import ACTIVATION, DEMO_CONFIRMATION, audit, bank, fill  # noqa: F401 (bank is a fixture)

OFFLINE_TEXT = "オフラインのため、トークンが有効かどうかは確認していません。"


@pytest.fixture
def phones(request, screenshots_dir):
    """Makes phones (each a browser of its own); quits them, keeping what they showed on failure."""
    made = []

    def make():
        made.append(Phone(screenshots_dir))
        return made[-1]
    yield make
    report = getattr(request.node, "rep_call", None)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
    for number, phone in enumerate(made, 1):
        phone.quit(f"{stem}-phone{number}" if report is not None and report.failed else None, FAILURE_DIR)


def set_up_phone(site, smtp, phone):
    """Login, トークン発行, the mail's link on the phone, はい, 送信: the phone shows codes.
    Returns the mail's values and the bank's provisioning answer (secret included)."""
    if site.path != "/menu":
        site.login()
    issued = issue_app_token(site, smtp)
    phone.open(issued["url"])
    phone.consent()
    phone.set_up(ACTIVATION)
    phone.wait_code()
    return issued, phone.provision_answer()


def bank_audit_has_provision(server):
    return any(row["event"] == "otp_token_provision" for row in server.admin("audit", "--limit", "500"))


def test_phone_token_notice_flow(driver, bank, phones, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    phone = phones()

    # PC: メニュー画面 → ワンタイムパスワード申請 → トークン発行 (トークンアプリ, the default).
    site.login()
    site.click_and_wait("#menu-otp")
    site.click_and_wait("#otp-issue")
    assert site.find("#token_kind_app").is_selected()
    issued = issue_app_token(site, smtp)
    assert issued["url"] == f"{server.token_app_url}/?service_id=KYOEI-IB&user_id={issued['user_id']}"

    # The phone opens the mail's link: 通信の許諾画面 → はい → 初期設定画面 with the link's values.
    phone.open(issued["url"])
    phone.wait_screen("screen-consent")
    assert phone.text("#consent-title") == "通信の許諾画面"
    assert urllib.parse.urlparse(server.url).netloc in phone.text("#consent-purpose")
    phone.consent()
    assert phone.text("#setup-title") == "初期設定画面"
    assert [phone.text(f'label[for="{field}"]') for field in ("service_id", "user_id", "activation_password")] == \
        ["サービスID", "ユーザID", "利用開始パスワード"]
    assert phone.find("#service_id").get_attribute("value") == issued["service_id"]
    assert phone.find("#user_id").get_attribute("value") == issued["user_id"]
    assert phone.browser.execute_script("return document.activeElement.id;") == "activation_password"
    phone.find("#activation_password").send_keys(ACTIVATION)
    phone.screenshot("phone_token_setup.png")
    phone.find("#setup-submit").click()

    # The code screen: 6 digits, the seconds left, the masked user ID; the link's user ID leaves the address.
    phone.wait_code()
    assert phone.wait_text("#setup-done", "初期設定が完了しました")
    assert phone.text("#token-user-id") == "******" + issued["user_id"][-4:]
    assert phone.text("#token-service-id") == issued["service_id"]
    assert 1 <= phone.seconds_left() <= 60
    assert phone.find("#code").get_attribute("aria-live") == "polite"
    assert phone.browser.current_url == server.token_app_url + "/"
    phone.screenshot("phone_token_code.png")
    phone.set_width(320)
    phone.screenshot("phone_token_code_320.png")
    phone.set_width(390)

    # PC: 利用開始 with the phone's code.
    site.open("/otp")
    site.click_and_wait("#otp-activate")
    activation_code = phone.fresh_code()
    fill(site, "otp", activation_code)
    site.click_and_wait("#execute")
    assert site.h1() == "利用開始結果確認"
    assert "ワンタイムパスワードの利用開始登録が完了しました。" in site.text("#result-message")

    # Logout, login: ワンタイムパスワード認証画面 with the phone's next code → メニュー画面.
    site.click_and_wait("#logout")
    site.login()
    assert site.path == "/login/otp" and site.h1() == "ワンタイムパスワード認証画面"
    fill(site, "otp", phone.next_code(activation_code))
    site.click_and_wait("#login-button")
    assert site.path == "/menu", site.error_text()
    login = audit(server, "login")[0]
    assert login["factors"]["presented"] == ["login_password", "otp"]


def test_phone_consent_no_sends_nothing(driver, bank, phones, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    phone = phones()
    site.login()
    issued = issue_app_token(site, smtp)
    phone.open(issued["url"])
    phone.wait_screen("screen-consent")
    phone.screenshot("phone_token_consent.png")

    # いいえ: the app says it contacted nothing, and it did not.
    phone.find("#consent-no").click()
    declined = phone.wait_text("#consent-declined", "銀行には接続していません。")
    assert "初期設定を中止しました" in declined
    assert phone.screen() == "screen-consent"
    phone.screenshot("phone_token_consent_declined.png")
    app_origin = origin_of(server.token_app_url)
    elsewhere = [url for _, url in phone.requests() if origin_of(url) != app_origin]
    assert elsewhere == [], f"いいえ must contact no one, the phone asked {elsewhere}"
    assert not bank_audit_has_provision(server)
    assert server.admin("otp", "show", "--login-id", DEMO_LOGIN_ID)["state"] == "otp_issued"

    # Still on the screen, はい then works: the bank gets the three values and nothing else.
    phone.consent()
    phone.set_up(ACTIVATION)
    phone.wait_code()
    posts = [event["params"]["request"] for event in phone.network() if event["method"] == "Network.requestWillBeSent"
             and event["params"]["request"]["method"] == "POST"]
    assert [post["url"] for post in posts] == [server.url + PROVISION_PATH]
    assert json.loads(posts[0]["postData"]) == {
        "service_id": issued["service_id"], "user_id": issued["user_id"], "activation_password": ACTIVATION}
    assert bank_audit_has_provision(server)


def test_phone_codes_match_pyotp_and_countdown_ends_at_the_step(driver, bank, phones):
    server, smtp = bank
    phone = phones()
    _, answer = set_up_phone(Site(driver, server.url, None), smtp, phone)
    assert (answer["algorithm"], answer["digits"], answer["period"]) == ("SHA1", 6, 60)
    totp = pyotp.TOTP(answer["secret"], digits=6, interval=60)
    hotp = pyotp.HOTP(answer["secret"], digits=6)

    # Now: pyotp's code, and the seconds left to the 60-second step (a tick may lag by one).
    code = phone.fresh_code()
    assert code == totp.at(time.time())
    left, now_ms, bar = phone.browser.execute_script(
        "const bar = document.querySelector('#countdown');"
        "return [document.querySelector('#seconds-left').textContent, Date.now(), [bar.value, bar.max, bar.getAttribute('aria-valuenow')]];")
    expected = 60 - (now_ms // 1000) % 60
    assert (expected - int(left)) % 60 in (0, 1), f"{left} s left shown, {expected} expected"
    assert bar == [int(left), 60, left]

    # Several steps, the page's clock moved (the stored non-extractable key signs each counter),
    # one of them past 2^32 steps (the counter's high word).
    for when in (1111111109, 1234567890, 1795651230, 2000000000, 20000000000, (2 ** 32 + 5) * 60 + 20):
        phone.set_clock(when)
        want = hotp.at(when // 60)
        WebDriverWait(phone.browser, 5).until(lambda _: phone.code() == want,
                                              f"at {when} the phone must show pyotp's {want}")
        assert (60 - when % 60) - phone.seconds_left() in (0, 1, 2)

    # The countdown ends at the step boundary: 3, 2, 1 with the old code, then 60 with the new one.
    # (Read half a second after each whole second: the app redraws just after it.)
    step = 1795651200 // 60
    old, new = hotp.at(step), hotp.at(step + 1)
    phone.set_clock(step * 60 + 55.5)
    WebDriverWait(phone.browser, 5).until(lambda _: phone.code() == old and phone.seconds_left() <= 4,
                                          f"the phone must show {old} before the step ends")
    seen = []
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        seen.append(tuple(phone.browser.execute_script(
            "return [Number(document.querySelector('#seconds-left').textContent),"
            " document.querySelector('#code').textContent, Date.now()];")))
        time.sleep(0.05)
    settled = [(left, shown, ms) for left, shown, ms in seen if ms % 1000 >= 500]

    def display_at(second):
        return (60 - second % 60, old if second < (step + 1) * 60 else new)

    for left, shown, ms in settled:
        second = ms // 1000
        # What the second shows, or (a timer late under load) what the second before showed:
        # never a mix, such as the new step's 60 with the old code.
        assert (left, shown) in (display_at(second), display_at(second - 1)), \
            f"at {ms} ms the phone shows {shown} with {left} s left; {display_at(second)} expected"
    assert sum((left, shown) == display_at(ms // 1000) for left, shown, ms in settled) >= len(settled) - 2, \
        "the countdown must keep to the clock, not lag behind it"
    assert {left for left, _, _ in settled} >= {2, 1, 60}
    phone.set_clock(None)

    # The app's own RFC 6238 function (token.js) on RFC 6238's SHA-1 vectors (8 digits, 30 s), and pyotp.
    key = "12345678901234567890"
    reference = pyotp.HOTP(base64.b32encode(key.encode()).decode(), digits=8)
    times = [59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000]
    codes = phone.script("""
        const { totp } = await import('/token.js');
        const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(args[0]),
            { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
        return Promise.all(args[1].map((t) => totp(key, Math.floor(t / 30), 8)));""", key, times)
    assert codes == ["94287082", "07081804", "14050471", "89005924", "69279037", "65353130"]
    assert codes == [reference.at(t // 30) for t in times]


def test_phone_shows_codes_offline_from_the_service_worker(driver, bank, phones, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    phone = phones()
    set_up_phone(site, smtp, phone)
    phone.wait_service_worker()
    # Installable: Chromium finds nothing missing (manifest, icons, service worker, secure context).
    assert phone.browser.execute_cdp_cmd("Page.getInstallabilityErrors", {})["installabilityErrors"] == []

    # Online, a restart asks the bank about the token (no secret, no code sent): live.
    phone.reload()
    phone.wait_code()
    assert phone.wait_text("#token-status", "このトークンは銀行で有効です。")
    online = phone.script("return [document.querySelector('#code').textContent, Math.floor(Date.now() / 60000)];")

    # No network at all: the bank and the app's own server stopped, the phone's network cut.
    server.stop()
    phone.offline(True)
    try:
        phone.reload()
        offline_code = phone.wait_code()
        assert phone.wait_text("#token-status", OFFLINE_TEXT)
        assert phone.browser.execute_script("return navigator.onLine;") is False
        documents = [event["params"]["response"] for event in phone.network()
                     if event["method"] == "Network.responseReceived" and event["params"]["type"] == "Document"]
        assert documents[-1]["fromServiceWorker"], "the page must come from the service worker"
        reach = phone.script("try { await fetch(args[0] + '/healthz'); return 'reached'; } "
                             "catch (error) { return 'failed'; }", server.url)
        assert reach == "failed", "the phone must really be offline"
        phone.screenshot("phone_token_offline.png")
        if phone.script("return Math.floor(Date.now() / 60000);") == online[1]:
            assert offline_code == online[0], "offline, the same step must give the same code"

        # The bank comes back; the phone, still offline, gives the code the PC types for 利用開始.
        server.start()
        assert server.url == site.base_url, "the bank came back on other ports"
        activate_on_pc(site, phone.fresh_code())
    finally:
        phone.offline(False)


def test_phone_token_keeps_its_key_to_itself(driver, bank, phones, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    issued = issue_app_token(site, smtp)
    request = {"service_id": issued["service_id"], "user_id": issued["user_id"], "activation_password": ACTIVATION}

    # The customer site's own scripts cannot provision: its CSP (connect-src none) stops the call, and
    # with the CSP bypassed (as by a hole in it) the bank answers 403 (same origin, so readable).
    site.open("/menu")
    fetch = "const r = await fetch(args[0], {method: 'POST', headers: {'Content-Type': 'application/json'}," \
            " body: JSON.stringify(args[1])}).catch((e) => null); return r && [r.status, await r.text()];"
    assert page_script(driver, fetch, server.url + PROVISION_PATH, request) is None, "the bank's CSP must stop it"
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    site.open("/menu")
    status, body = page_script(driver, fetch, server.url + PROVISION_PATH, request)
    assert status == 403 and json.loads(body)["error"] == "origin_not_allowed"
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
    # Nor any other origin: a data: page (origin null), the token app under another host name.
    driver.get("data:text/html,<p>elsewhere</p>")
    assert page_script(driver, fetch, server.url + PROVISION_PATH, request) is None, "CORS must refuse a null origin"
    other = server.token_app_url.replace("127.0.0.1", "localhost")
    driver.get(other + "/config.json")
    assert page_script(driver, fetch, server.url + PROVISION_PATH, request) is None, f"CORS must refuse {other}"
    for origin in (server.url, other, "null"):
        preflight = urllib.request.Request(server.url + PROVISION_PATH, method="OPTIONS", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        try:
            answer = urllib.request.urlopen(preflight, timeout=10)
        except urllib.error.HTTPError as error:
            answer = error
        assert answer.status == 403 and answer.headers.get("Access-Control-Allow-Origin") is None, origin
    assert not bank_audit_has_provision(server), "a refused origin must change nothing"

    # The app's origin: a strict CSP that lets scripts talk to the bank alone, and no cookie.
    with urllib.request.urlopen(server.token_app_url + "/", timeout=10) as page:
        policy = page.headers["Content-Security-Policy"]
        assert page.headers.get("Set-Cookie") is None
    assert "script-src 'self'" in policy and f"connect-src 'self' {server.url}/api/v1/token/;" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy

    # The phone, on the app's origin, still provisions the untouched token.
    phone = phones()
    phone.open(issued["url"])
    phone.consent()
    phone.set_up(ACTIVATION)
    phone.wait_code()
    secret = phone.provision_answer()["secret"]

    # Two non-extractable HMAC keys; exportKey rejects both.
    keys = phone.idb_record("""Promise.all([record.otpKey, record.statusKey].map(async (key) => ({
        type: key.constructor.name, extractable: key.extractable, usages: key.usages,
        algorithm: key.algorithm.name + '/' + key.algorithm.hash.name,
        exported: await crypto.subtle.exportKey('raw', key).then(() => 'exported', (e) => e.name) })))""")
    assert keys == [
        {"type": "CryptoKey", "extractable": False, "usages": ["sign"], "algorithm": "HMAC/SHA-1", "exported": "InvalidAccessError"},
        {"type": "CryptoKey", "extractable": False, "usages": ["sign"], "algorithm": "HMAC/SHA-256", "exported": "InvalidAccessError"}]
    fields = phone.idb_record("Object.fromEntries(Object.entries(record).filter(([, v]) => !(v instanceof CryptoKey)))")
    assert set(fields) == {"serviceID", "userID", "issuer", "digits", "period", "algorithm", "setUpAt"}

    # The language switch is the only thing in localStorage; no cookie; the secret nowhere to be read.
    phone.find("#lang-en").click()
    phone.wait_text("#code-title", "One-time password")
    phone.screenshot("phone_token_code_en.png")
    phone.find("#lang-ja").click()
    stores = phone.script("""
        const cached = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) cached.push([request.url, await (await cache.match(request)).text()]);
        }
        return { local: Object.fromEntries(Object.entries(localStorage)), session: sessionStorage.length,
                 cookie: document.cookie, cached: Object.fromEntries(cached) };""")
    assert stores["local"] == {"kyoei-token-lang": "ja"} and stores["session"] == 0 and stores["cookie"] == ""
    assert phone.browser.get_cookies() == []
    assert {origin_of(url) for url in stores["cached"]} == {origin_of(server.token_app_url)}, \
        "the service worker caches the app's own files, never the bank's answers"
    kept = "\n".join([phone.browser.page_source, json.dumps(fields), json.dumps(stores["local"])])
    assert secret not in kept and all(secret not in body for body in stores["cached"].values())
    assert not re.search(r"\b[A-Z2-7]{32}\b", kept), "nothing like a Base32 secret may be in the page or the storage"

    # Set-up is once: a second phone with the same mail and password gets the bank's refusal.
    second = phones()
    second.open(issued["url"])
    second.consent()
    second.set_up(ACTIVATION)
    error = second.wait_text("#setup-error", "このトークンはご利用いただけません")
    assert "トークンの初期設定は一度だけです。" in error
    assert second.screen() == "screen-setup"
    assert second.idb_record("record === undefined") in (True, None)
    second.screenshot("phone_token_setup_error.png")


def test_phone_token_reissued_is_ended_and_set_up_again(driver, bank, phones, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    phone = phones()
    first, _ = set_up_phone(site, smtp, phone)
    activate_on_pc(site, phone.fresh_code())

    # 利用解除, then a new トークン発行.
    site.open("/otp")
    site.click_and_wait("#otp-deactivate")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.h1() == "利用解除結果確認"
    second = issue_app_token(site, smtp)
    assert second["user_id"] != first["user_id"]

    # The phone, started online again, says its token has ended.
    phone.reload()
    phone.wait_code()
    assert phone.wait_text("#token-status", "このトークンは銀行で無効になっています")
    assert "ended" in phone.find("#screen-code").get_attribute("class")
    phone.screenshot("phone_token_ended.png")

    # 「トークンの再設定」 asks first: いいえ keeps the token, はい（削除） deletes it.
    phone.find("#reset-token").click()
    assert phone.shown("#reset-question") and "削除" in phone.text("#reset-question-text")
    phone.screenshot("phone_token_reset_question.png")
    phone.find("#reset-cancel").click()
    assert not phone.shown("#reset-question") and phone.idb_record("record.userID") == first["user_id"]
    phone.find("#reset-token").click()
    phone.find("#reset-confirm").click()
    phone.wait_screen("screen-consent")
    assert "トークンを削除しました" in phone.wait_text("#flash", "トークンを削除しました")
    assert phone.idb_record("record === undefined") is True

    # Set-up with the new mail's IDs; 利用開始 on the PC with the new token's code.
    phone.consent()
    phone.set_up(ACTIVATION, user_id=second["user_id"], service_id=second["service_id"])
    phone.wait_code()
    assert phone.text("#token-user-id") == "******" + second["user_id"][-4:]
    activate_on_pc(site, phone.fresh_code())

    # A later 再設定 in this same page offers none of the deleted token's values again.
    phone.find("#reset-token").click()
    phone.find("#reset-confirm").click()
    phone.consent()
    assert phone.find("#user_id").get_attribute("value") == "", "the deleted token's user ID must not be offered"
    assert phone.find("#service_id").get_attribute("value") == second["service_id"]
