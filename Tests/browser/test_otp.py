"""ワンタイムパスワード end to end: Chromium on the screens, the real `kyoei-token` binary
providing the codes, the issuance and notice mails read from a real SMTP server (aiosmtpd)."""

import json
import os
import re
import stat
import subprocess
import time
from pathlib import Path

import pytest

from conftest import DEMO_LOGIN_ID, DEMO_PASSWORD, REPO_ROOT, Site
from mailtools import KyoeiServer, SmtpServer, decoded_subject, fresh_database_url, wait_until

DEMO_CONFIRMATION = "Fuji3776x"
DEMO_PC_MAIL = "demo01@example.jp"
MOBILE = "demo01-phone@example.jp"
ACTIVATION = "2468"


@pytest.fixture(scope="session")
def token_bin():
    path = Path(os.environ.get("KYOEI_TOKEN_BIN") or REPO_ROOT / ".build" / "debug" / "kyoei-token")
    if not os.access(path, os.X_OK):
        pytest.fail(f"kyoei-token executable not found at {path} (set KYOEI_TOKEN_BIN)", pytrace=False)
    return str(path)


@pytest.fixture
def bank(kyoei_bin, database_url, tmp_path):
    """A bank of its own (fresh database, demo customer) that mails through a real SMTP server."""
    url = fresh_database_url(database_url, tmp_path)
    env = dict(os.environ, KYOEI_DATABASE_URL=url)
    subprocess.run([kyoei_bin, "demo"], env=env, check=True, capture_output=True, cwd=tmp_path)
    smtp = SmtpServer(tmp_path).start()
    server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}").start()
    yield server, smtp
    server.stop()
    smtp.stop()


class TokenApp:
    """The token app as its owner runs it, with its own folder for the token file."""

    def __init__(self, binary, folder, server_url):
        self.binary = binary
        self.folder = folder
        self.server_url = server_url

    def run(self, *args, answers=""):
        return subprocess.run([self.binary, *args, "--server", self.server_url, "--dir", str(self.folder)],
                              input=answers, capture_output=True, text=True, timeout=60)

    def code(self):
        result = self.run("code", "--json")
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)

    def fresh_code(self):
        """A code with at least 10 seconds left, so it is still valid when the form is sent."""
        current = self.code()
        if current["seconds_left"] < 10:
            time.sleep(current["seconds_left"] + 1)
            current = self.code()
        return current["code"]

    def next_step_code(self, used):
        """Waits for the 60-second step after the one whose code was just used."""
        current = self.code()
        while current["code"] == used:
            time.sleep(max(1, current["seconds_left"]))
            current = self.code()
        return current["code"]


def audit(server, event):
    """The demo customer's audit rows of one event, newest first."""
    return [row for row in server.admin("audit", "--login-id", DEMO_LOGIN_ID, "--limit", "500") if row["event"] == event]


def mail_to(smtp, address, subject_part):
    def find():
        for message in smtp.messages():
            if message["X-Test-Rcpt-To"] == address and subject_part in decoded_subject(message):
                return message
        return None
    return wait_until(find, 30, f"the mail '{subject_part}' to {address}")


def fill(site, field_id, value):
    field = site.find(f"#{field_id}")
    field.clear()
    field.send_keys(value)


def test_token_issue_app_setup_activation_login_and_deactivation(driver, bank, screenshots_dir, token_bin, tmp_path):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    app = TokenApp(token_bin, tmp_path / "phone", server.url)

    # メニュー画面 → ワンタイムパスワード申請 → 申請登録画面
    site.login()
    site.click_and_wait("#menu-otp")
    assert site.h1() == "ワンタイムパスワード申請登録画面"
    assert "ワンタイムパスワードは利用していません。" in site.text("#otp-state")
    site.screenshot("10-otp-menu.png")

    # トークン発行 → トークン発行画面 → 実行 → トークン発行結果確認画面
    site.click_and_wait("#otp-issue")
    assert site.h1() == "トークン発行画面"
    assert [site.label_text(f) for f in ("mobile_email", "activation_password", "confirmation_password")] == \
        ["携帯メールアドレス", "利用開始パスワード", "確認用パスワード"]
    fill(site, "mobile_email", MOBILE)
    fill(site, "activation_password", ACTIVATION)
    fill(site, "confirmation_password", "WrongPass1")
    site.click_and_wait("#execute")
    assert "確認用パスワードが正しくありません。" in site.error_text()
    site.screenshot("11-token-issue-error.png")
    fill(site, "activation_password", ACTIVATION)
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.screenshot("11-token-issue.png")
    site.click_and_wait("#execute")
    assert site.h1() == "トークン発行結果確認画面"
    assert MOBILE in site.text("#result-message")
    site.screenshot("12-token-issued.png")

    # The mail to the mobile: download URL, service ID, user ID; never the activation password.
    issued = mail_to(smtp, MOBILE, "トークン発行のお知らせ")
    body = issued.get_content()
    service_id = re.search(r"サービスID: (\S+)", body).group(1)
    user_id = re.search(r"ユーザID: (\d{10})", body).group(1)
    download = re.search(r"トークンアプリ: (\S+)", body).group(1)
    assert service_id == "KYOEI-IB" and download == f"{server.token_app_url}/?service_id=KYOEI-IB&user_id={user_id}"
    assert ACTIVATION not in body and DEMO_LOGIN_ID not in body

    # Issued is not active: another login goes straight to the menu.
    assert server.admin("otp", "show", "--login-id", DEMO_LOGIN_ID)["state"] == "otp_issued"

    # The download page explains how to start the app against this bank.
    site.open("/token-app")
    assert site.h1() == "トークンアプリのダウンロード"
    assert f"kyoei-token --server {server.url}" in site.text("#start-command")
    site.screenshot("13-token-app.png")

    # 通信の許諾画面: いいえ ends without contacting the bank.
    refused = app.run(answers="いいえ\n")
    assert refused.returncode == 0, refused.stdout + refused.stderr
    assert "通信の許諾" in refused.stdout
    assert not app.folder.exists() or not any(path.is_file() for path in app.folder.rglob("*"))
    provisions = subprocess.run([server.binary, "admin", "audit", "--limit", "500", "--json"], env=server.env,
                                capture_output=True, text=True, timeout=60)
    assert "otp_token_provision" not in provisions.stdout, "いいえ must not contact the bank"

    # はい → 初期設定画面: service ID, user ID, activation password → 送信 → the code.
    setup = app.run(answers=f"はい\n{service_id}\n{user_id}\n{ACTIVATION}\n")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "初期設定画面" in setup.stdout and "初期設定が完了しました" in setup.stdout
    assert re.search(r"\b\d{6}\b", setup.stdout), setup.stdout
    files = [path for path in app.folder.rglob("*") if path.is_file()]
    assert files, "the token is stored"
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path} is readable by others"
        assert ACTIVATION not in path.read_text(errors="replace")
    # Set-up works once: a second attempt with the same values is refused by the bank.
    second = TokenApp(token_bin, tmp_path / "other-phone", server.url).run(
        answers=f"はい\n{service_id}\n{user_id}\n{ACTIVATION}\n")
    assert second.returncode != 0
    assert "初期設定済み" in second.stdout + second.stderr

    # 利用開始: the app's current code → 利用開始結果確認.
    site.open("/otp")
    site.click_and_wait("#otp-activate")
    assert site.h1() == "ワンタイムパスワード利用開始画面"
    assert site.label_text("otp") == "ワンタイムパスワード"
    site.screenshot("14-otp-activate.png")
    activation_code = app.fresh_code()
    fill(site, "otp", activation_code)
    site.click_and_wait("#execute")
    assert site.h1() == "利用開始結果確認"
    assert "ワンタイムパスワードの利用開始登録が完了しました。" in site.text("#result-message")
    site.screenshot("15-otp-activated.png")
    on = mail_to(smtp, DEMO_PC_MAIL, "ワンタイムパスワード利用開始のお知らせ")
    assert "利用開始登録が完了しました" in on.get_content()

    # ログイン → ワンタイムパスワード認証画面 → メニュー画面; nothing else before the code.
    site.click_and_wait("#logout")
    site.login()
    assert site.path == "/login/otp"
    assert site.h1() == "ワンタイムパスワード認証画面"
    site.open("/balances")
    assert site.path == "/login/otp", "no page but the OTP screen until the code passes"
    fill(site, "otp", activation_code)  # already used: a replay, told so (not "wrong", not counted)
    site.click_and_wait("#login-button")
    assert "このワンタイムパスワードはすでに使用されています。" in site.error_text()
    assert "正しくありません" not in site.error_text()
    site.screenshot("16-login-otp.png")
    fill(site, "otp", app.next_step_code(activation_code))
    site.click_and_wait("#login-button")
    assert site.path == "/menu"
    logins = audit(server, "login")
    assert logins[0]["factors"]["inForce"] == ["login_password", "otp"]
    assert logins[0]["factors"]["presented"] == ["login_password", "otp"]

    # 利用解除: 確認用パスワード → 実行 → 利用解除結果確認.
    site.click_and_wait("#menu-otp")
    assert "ワンタイムパスワードを利用中です" in site.text("#otp-state")
    site.click_and_wait("#otp-deactivate")
    assert site.h1() == "ワンタイムパスワード利用解除画面"
    site.screenshot("17-otp-deactivate.png")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.h1() == "利用解除結果確認"
    assert "ワンタイムパスワードの利用解除登録が完了しました。" in site.text("#result-message")
    site.screenshot("18-otp-deactivated.png")
    mail_to(smtp, DEMO_PC_MAIL, "ワンタイムパスワード利用解除のお知らせ")

    # And the next login is as before.
    site.click_and_wait("#logout")
    site.login()
    assert site.path == "/menu"


def test_lost_phone_reset_by_the_bank(driver, bank, screenshots_dir, token_bin, tmp_path, kyoei_bin):
    server, smtp = bank
    site = Site(driver, server.url, None)
    app = TokenApp(token_bin, tmp_path / "phone", server.url)
    site.login()
    site.open("/otp/issue")
    fill(site, "mobile_email", MOBILE)
    fill(site, "activation_password", ACTIVATION)
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    body = mail_to(smtp, MOBILE, "トークン発行のお知らせ").get_content()
    user_id = re.search(r"ユーザID: (\d{10})", body).group(1)
    assert app.run(answers=f"はい\nKYOEI-IB\n{user_id}\n{ACTIVATION}\n").returncode == 0
    site.open("/otp/activate")
    fill(site, "otp", app.fresh_code())
    site.click_and_wait("#execute")
    assert site.h1() == "利用開始結果確認"
    site.click_and_wait("#logout")

    # The phone is lost: the password alone no longer opens the menu.
    site.login()
    assert site.path == "/login/otp"

    # The bank resets after checking identity; a reason is required.
    no_reason = subprocess.run([kyoei_bin, "admin", "otp", "reset", "--login-id", DEMO_LOGIN_ID, "--reason", " ", "--json"],
                               env=server.env, capture_output=True, text=True, timeout=60)
    assert no_reason.returncode == 1
    assert json.loads(no_reason.stdout)["errors"][0]["field"] == "reason"
    reset = server.admin("otp", "reset", "--login-id", DEMO_LOGIN_ID, "--reason", "携帯紛失 運転免許証で本人確認")
    assert reset["status"] == "reset"
    resets = audit(server, "otp_reset")
    assert resets[0]["actor"] == "staff:mail-test"
    assert "携帯紛失 運転免許証で本人確認" in resets[0]["detail"]
    mail_to(smtp, DEMO_PC_MAIL, "当組合による")
    site.open("/login")
    site.login()
    assert site.path == "/menu"
