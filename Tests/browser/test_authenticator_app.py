"""The customer's own authenticator app end to end: トークン発行 with 「お手持ちの認証アプリ」 in
Chromium, the QR code on トークン発行結果確認画面 read by a real decoder nobody here wrote
(zxing-cpp, from the browser's rendering of the SVG), the codes computed from the decoded
otpauth URI with pyotp, 利用開始, logout, and a login with the ワンタイムパスワード."""

import io
import time
from urllib.parse import parse_qs, unquote, urlparse

import pyotp
import zxingcpp
from PIL import Image

from conftest import DEMO_LOGIN_ID, FAILURE_DIR, Site
from test_otp import DEMO_CONFIRMATION, MOBILE, audit, bank, fill, mail_to  # noqa: F401 (bank is a fixture)


def decode_qr(driver, element):
    """The text of the QR code that `element` shows, read from its screenshot."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    png = element.screenshot_as_png
    # QR codes only: with every format on, zxing-cpp now and then also "finds" a Codabar in the
    # QR code's modules (seen: a one-module-wide strip read as "D55C"), a false second result.
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    if len(results) != 1:
        FAILURE_DIR.mkdir(parents=True, exist_ok=True)
        (FAILURE_DIR / "authenticator-qr.png").write_bytes(png)
    assert len(results) == 1, f"expected one QR code, zxing-cpp found {len(results)} (image: {FAILURE_DIR}/authenticator-qr.png)"
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


def fresh_code(totp, used=None):
    """The app's code with at least 10 seconds left in its step (and not `used`, a code the
    bank has taken already: a later step then)."""
    while True:
        left = totp.interval - time.time() % totp.interval
        code = totp.now()
        if left >= 10 and code != used:
            return code
        time.sleep(left + 0.5)


def test_authenticator_app_qr_activation_and_login(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()

    # トークン発行画面: 「お手持ちの認証アプリ」 hides the 利用開始パスワード (CSS only, no script).
    site.open("/otp/issue")
    assert site.h1() == "トークン発行画面"
    assert site.find("#token_kind_app").is_selected()
    assert site.label_text("token_kind_app") == "トークンアプリ（推奨）"
    assert site.label_text("token_kind_authenticator") == "お手持ちの認証アプリ"
    assert site.find("#activation_password").is_displayed()
    site.find("#token_kind_authenticator").click()
    assert not site.find("#activation_password").is_displayed()
    fill(site, "mobile_email", MOBILE)
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.screenshot("11b-token-issue-authenticator.png")
    site.click_and_wait("#execute")

    # トークン発行結果確認画面: the QR code and the secret, once.
    assert site.path == "/otp/issue/done"
    assert site.h1() == "トークン発行結果確認画面"
    qr = site.find("#authenticator-qr svg")
    assert qr.get_attribute("role") == "img"
    user_id = site.text("#authenticator-user-id")
    assert qr.get_attribute("aria-label") == f"認証アプリ登録用のQRコード（ユーザID {user_id}）"
    typed_secret = site.text("#authenticator-secret")
    assert all(len(group) == 4 for group in typed_secret.split(" "))
    assert "FreeOTP・Aegis・2FAS" in site.text("#period-note")
    uri = decode_qr(driver, qr)  # scrolls the QR code to the middle of the window
    site.screenshot("12b-token-issued-authenticator.png")

    # The decoded URI is the bank's token: TOTP, SHA1, 6 digits, 60 seconds, the typed secret.
    parsed = urlparse(uri)
    query = parse_qs(parsed.query)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    issuer, account = unquote(parsed.path.lstrip("/")).split(":")
    assert account == user_id and query["issuer"] == [issuer]
    assert query["algorithm"] == ["SHA1"] and query["digits"] == ["6"] and query["period"] == ["60"]
    assert query["secret"] == [typed_secret.replace(" ", "")]
    totp = pyotp.parse_uri(uri)
    assert totp.interval == 60 and totp.digits == 6

    # A reload shows neither the QR code nor the secret again.
    driver.refresh()
    assert site.path == "/otp/issue/done"
    assert site.find_all("#authenticator-qr") == [] and site.find_all("svg") == []
    assert typed_secret not in driver.page_source and query["secret"][0] not in driver.page_source
    assert site.find_all("#setup-gone")
    site.screenshot("12c-token-issued-authenticator-reload.png")

    # The issuance mail: its own text, no link, no secret.
    body = mail_to(smtp, MOBILE, "トークン発行のお知らせ（認証アプリ）").get_content()
    assert user_id in body and "http" not in body and query["secret"][0] not in body
    issued = audit(server, "otp_token_issued")[0]
    assert "kind=authenticator" in issued["detail"]

    # The OTP menu says what is left to do; 利用開始 with the authenticator's code.
    site.open("/otp")
    assert "お手持ちの認証アプリ用のトークンを発行済みです。" in site.text("#otp-state")
    site.open("/otp/activate")
    activation_code = fresh_code(totp)
    fill(site, "otp", activation_code)
    site.click_and_wait("#execute")
    assert site.h1() == "利用開始結果確認"
    assert "ワンタイムパスワードの利用開始登録が完了しました。" in site.text("#result-message")

    # Logout, then login: ワンタイムパスワード認証画面 with the next code → メニュー画面.
    site.click_and_wait("#logout")
    site.login()
    assert site.path == "/login/otp"
    fill(site, "otp", fresh_code(totp, used=activation_code))
    site.click_and_wait("#login-button")
    assert site.path == "/menu"
    logins = audit(server, "login")
    assert logins[0]["factors"]["presented"] == ["login_password", "otp"]
    shown = server.admin("otp", "show", "--login-id", DEMO_LOGIN_ID)
    assert shown["state"] == "otp_active"
    assert [(token["user_id"], token["kind"]) for token in shown["tokens"] if token["status"] == "active"] == \
        [(user_id, "authenticator")]
