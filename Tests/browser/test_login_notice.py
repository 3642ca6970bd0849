"""ログインのお知らせ and 通知設定 end to end in headless Chromium, as demo01 of a bank of the
test's own (fresh database, `kyoei demo`) whose mails go to a real SMTP server, with a short
minimum interval (KYOEI_LOGIN_NOTICE_MIN_INTERVAL_SECONDS=3) so the throttle can be seen: a
notice after every login (date, IP, browser; no link), none within the interval, notices
turned off with the 確認用パスワード (a wrong one refused by field), no notice from the known
browser then, and one anyway from a second browser profile (a phone: a new browser)."""

import os
import subprocess
import time

import pytest

from conftest import DEMO_PASSWORD, Site
from mailtools import KyoeiServer, SmtpServer, fresh_database_url, wait_until
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from phonetools import _phone_options
from transfertools import DEMO_CONFIRMATION, DEMO_PC_MAIL, fill, mails_to, outbox_kinds, screenshot, wait_for_mails

SUBJECT = "ログインのお知らせ"
SETTINGS_SUBJECT = "通知設定変更のお知らせ"
NEW_BROWSER = "※これまでにログインのなかったブラウザからのログインです。"
INTERVAL = 3


@pytest.fixture
def bank(kyoei_bin, database_url, tmp_path):
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True, capture_output=True,
                   cwd=tmp_path)
    smtp = SmtpServer(tmp_path).start()
    server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                         KYOEI_LOGIN_NOTICE_MIN_INTERVAL_SECONDS=INTERVAL).start()
    yield server, smtp
    server.stop()
    smtp.stop()


@pytest.fixture
def phone():
    browsers = []

    def make():
        service = Service(os.environ.get("KYOEI_CHROMEDRIVER", "/usr/bin/chromedriver"))
        browsers.append(webdriver.Chrome(service=service, options=_phone_options()))
        browsers[-1].set_page_load_timeout(30)
        return browsers[-1]
    yield make
    for browser in browsers:
        browser.quit()


def notices(smtp):
    return mails_to(smtp, DEMO_PC_MAIL, SUBJECT)


def log_in_again(site):
    site.click_and_wait("#logout")
    site.login()
    site.wait_for_path("/menu")


def test_login_notices_the_setting_and_a_new_browser(driver, bank, screenshots_dir, phone):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login("demo01", "Wrong2026pass")
    assert site.path == "/login"
    site.login()
    site.wait_for_path("/menu")

    # The first login: a notice with the time, the IP address, the browser; a new browser.
    [first] = wait_for_mails(smtp, DEMO_PC_MAIL, SUBJECT)
    body = first.get_content()
    assert "インターネットバンキングへのログインがありました。" in body and "ログイン日時: " in body
    assert "IPアドレス: 127.0.0.1" in body and "ブラウザ: Chrome（Linux）" in body and "Browser: Chrome (Linux)" in body
    assert NEW_BROWSER in body and "http" not in body, "no link in a notice"
    assert outbox_kinds(server, DEMO_PC_MAIL).count("login_notice") == 1, "the wrong password was not notified"
    [cookie] = [c for c in driver.get_cookies() if c["name"] == "kyoei_browser"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]
    assert cookie["expiry"] - time.time() > 399 * 86_400

    # Again at once: throttled (no second mail); after the interval: a notice, the browser known.
    log_in_again(site)
    assert outbox_kinds(server, DEMO_PC_MAIL).count("login_notice") == 1
    time.sleep(INTERVAL + 0.5)
    log_in_again(site)
    second = wait_for_mails(smtp, DEMO_PC_MAIL, SUBJECT, 2)[1].get_content()
    assert NEW_BROWSER not in second

    # 各種変更・設定 → 通知設定: the state, the address, the new-browser rule.
    site.click_and_wait("#menu-notification-settings")
    assert site.path == "/settings/notifications"
    assert site.h1() == "通知設定画面"
    assert site.text("#login-notice-state") == "現在の設定: 受け取る"
    assert site.text("#login-notice-address") == "送信先: de****@example.jp"
    assert "この設定にかかわらず必ずお知らせします" in site.text("#new-browser-rule")
    assert site.label_text("login_notice_off") == "受け取らない"
    assert site.label_text("confirmation_password") == "確認用パスワード"
    screenshot(site, "ln01-notification-settings.png")

    # A wrong 確認用パスワード: refused, nothing changed; then off.
    fill(site, "confirmation_password", "Wrong2026x")
    site.click_and_wait("#change")
    assert site.path == "/settings/notifications" and "確認用パスワード" in site.error_text()
    assert site.text("#login-notice-state") == "現在の設定: 受け取る"
    screenshot(site, "ln02-notification-settings-error.png")
    site.find("#login_notice_off").click()
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#change")
    assert site.path == "/settings/notifications/done", site.error_text()
    assert site.h1() == "通知設定結果"
    assert "「受け取らない」に変更しました" in site.text("#result-message")
    screenshot(site, "ln03-notification-settings-done.png")
    changed = wait_for_mails(smtp, DEMO_PC_MAIL, SETTINGS_SUBJECT)[0].get_content()
    assert "ログインのお知らせ: 受け取らない" in changed and "http" not in changed

    # Off: the known browser's next login is not notified.
    time.sleep(INTERVAL + 0.5)
    log_in_again(site)
    time.sleep(2)
    assert len(notices(smtp)) == 2 and outbox_kinds(server, DEMO_PC_MAIL).count("login_notice") == 2

    # A second browser profile (a phone) is a new browser: notified even though off.
    mobile = Site(phone(), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    third = wait_for_mails(smtp, DEMO_PC_MAIL, SUBJECT, 3)[2].get_content()
    assert NEW_BROWSER in third and "ブラウザ: Chrome（Android）" in third
    mobile.open("/settings/notifications")
    assert mobile.text("#login-notice-state") == "現在の設定: 受け取らない"
    assert mobile.browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth;")
    screenshot(mobile, "ln04-notification-settings-phone.png")

    # The screen in English.
    site.open("/menu")
    site.click_and_wait("#language-switch")
    site.open("/settings/notifications")
    assert site.h1() == "Notifications (通知設定画面)"
    assert site.text("#login-notice-state") == "Now: off"
    assert "is always notified, whatever this setting" in site.text("#new-browser-rule")
    screenshot(site, "ln05-notification-settings-en.png")
