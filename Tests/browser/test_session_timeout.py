"""The session timeout warning in headless Chromium, on a bank of the test's own with a short idle
limit (20 s, warned 10 s before): the minutes left under the header, the dialog (focus on
「延長する」, Japanese and English, PC and phone), 「延長する」 really extending the session (a
request after the first deadline still works), 「ログアウト」, the timeout landing on the login
screen with its message, the limit since login that cannot be extended, and the page without
script (the text from the server, the server's rule unchanged)."""

import os
import re
import subprocess
import time

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import Site
from mailtools import KyoeiServer, fresh_database_url
from transfertools import screenshot

IDLE = 20
WARNING = 10
TIMEOUT_MESSAGE = "一定時間操作がなかったため、自動的にログアウトしました。もう一度ログインしてください。"
EXPIRED_MESSAGE = "ログインから一定時間が経過したため、自動的にログアウトしました。もう一度ログインしてください。"
LEFT_TEXT = re.compile(r"自動ログアウトまで あと1分（\d{2}:\d{2}まで）")


def short_server(kyoei_bin, database_url, tmp_path, **settings):
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True, capture_output=True, cwd=tmp_path)
    return KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_SESSION_IDLE_SECONDS=IDLE, KYOEI_SESSION_WARNING_SECONDS=WARNING,
                       **settings).start()


@pytest.fixture
def short_bank(kyoei_bin, database_url, tmp_path):
    server = short_server(kyoei_bin, database_url, tmp_path)
    yield server
    server.stop()



def dialog_open(site):
    return site.browser.execute_script("return document.getElementById('session-dialog').open;")


def wait_for_dialog(site, timeout=IDLE):
    WebDriverWait(site.browser, timeout, poll_frequency=0.2).until(lambda _: dialog_open(site), "the warning never opened")


def focused_id(site):
    return site.browser.execute_script("return document.activeElement && document.activeElement.id;")


def wait_for_login(site, reason, timeout=IDLE + 15):
    WebDriverWait(site.browser, timeout, poll_frequency=0.5).until(
        lambda _: site.path == "/login" and f"reason={reason}" in site.query, f"never sent to the login ({reason})")


def test_warning_extend_logout_and_timeout(driver, short_bank, screenshots_dir):
    site = Site(driver, short_bank.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")
    loaded = time.monotonic()

    # The minutes left, as the server wrote them; the dialog waits, hidden.
    assert LEFT_TEXT.fullmatch(site.text("#session-left")), site.text("#session-left")
    assert site.find("#session-timer").get_attribute("data-seconds") in (str(IDLE), str(IDLE - 1))
    assert not dialog_open(site)
    assert not site.find("#session-dialog").is_displayed()

    # 10 s before the end: the dialog, focus on 延長する, the seconds counting down.
    wait_for_dialog(site)
    assert WARNING - 2 <= time.monotonic() - loaded <= WARNING + 3
    assert focused_id(site) == "session-extend"
    assert site.text("#session-dialog-title") == "まもなく自動的にログアウトします"
    body = site.text("#session-dialog-body")
    assert re.fullmatch(r"一定時間操作がないため、あと\d{1,2}秒で自動的にログアウトします。引き続きご利用になる場合は「延長する」を押してください。", body), body
    assert site.text("#session-extend") == "延長する" and site.text("#session-logout") == "ログアウト"
    assert not site.find("#session-close").is_displayed()
    screenshot(site, "t01-session-warning.png")

    # 延長する: the dialog closes, the page says so, and a request after the first deadline works.
    site.find("#session-extend").click()
    WebDriverWait(driver, 5).until(lambda _: not dialog_open(site), "the dialog stayed open")
    assert re.fullmatch(r"ログイン状態を延長しました（\d{2}:\d{2}まで）。", site.text("#session-status"))
    assert site.path == "/menu"
    time.sleep(max(0, IDLE + 2 - (time.monotonic() - loaded)))
    site.open("/balances")
    assert site.path == "/balances", "the extended session must outlive its first deadline"
    assert site.h1() == "残高照会"

    # ログアウト from the dialog: the existing logout.
    wait_for_dialog(site)
    site.click_and_wait("#session-logout")
    assert site.path == "/login" and "reason=logout" in site.query
    assert "ログアウトしました" in site.text("main")

    # Left alone: the page goes to the login screen with the timeout message.
    site.login()
    site.wait_for_path("/menu")
    wait_for_dialog(site)
    wait_for_login(site, "timeout")
    assert TIMEOUT_MESSAGE in site.text("main")
    assert not site.session_cookie(), "the server ended the session and dropped the cookie"
    screenshot(site, "t02-session-timeout-login.png")


def test_warning_in_english_and_on_a_phone(driver, short_bank, screenshots_dir, phone):
    site = Site(driver, short_bank.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")
    site.click_and_wait("#language-switch")
    assert re.fullmatch(r"Automatic logout in 1 min \(at \d{2}:\d{2} JST\)", site.text("#session-left")), site.text("#session-left")
    wait_for_dialog(site)
    assert site.text("#session-dialog-title") == "You will be logged out soon"
    assert site.text("#session-extend") == "Extend" and site.text("#session-logout") == "Log out"
    assert re.fullmatch(r"You have been inactive, so you will be logged out automatically in \d{1,2} s\. To continue, choose Extend\.",
                        site.text("#session-dialog-body"))
    assert focused_id(site) == "session-extend"
    screenshot(site, "t03-session-warning-en.png")

    mobile = Site(phone(390), short_bank.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    wait_for_dialog(mobile)
    assert mobile.find("#session-extend").is_displayed() and mobile.find("#session-logout").is_displayed()
    screenshot(mobile, "t04-session-warning-phone.png")
    mobile.find("#session-extend").click()
    WebDriverWait(mobile.browser, 5).until(lambda _: not dialog_open(mobile))
    mobile.click_and_wait("#language-switch")
    wait_for_dialog(mobile)
    assert mobile.text("#session-dialog-title") == "You will be logged out soon"
    screenshot(mobile, "t05-session-warning-phone-en.png")


def test_the_limit_since_login_cannot_be_extended(driver, kyoei_bin, database_url, tmp_path, screenshots_dir):
    server = short_server(kyoei_bin, database_url, tmp_path, KYOEI_SESSION_MAX_SECONDS=25)
    try:
        site = Site(driver, server.url, screenshots_dir)
        site.login()
        site.wait_for_path("/menu")
        wait_for_dialog(site)
        # Extended as far as the limit since login (25 s): the page says when it will end.
        site.find("#session-extend").click()
        WebDriverWait(driver, 5).until(lambda _: "ログインからの上限" in site.text("#session-status"))
        # The next warning cannot offer 延長する: it says so, and 閉じる takes the focus.
        wait_for_dialog(site)
        assert not site.find("#session-extend").is_displayed()
        assert site.find("#session-close").is_displayed() and focused_id(site) == "session-close"
        body = site.text("#session-dialog-body")
        assert body.startswith("ログインから一定時間が経過するため、これ以上延長できません。"), body
        screenshot(site, "t06-session-warning-final.png")
        site.find("#session-close").click()
        assert not dialog_open(site)
        wait_for_login(site, "expired")
        assert EXPIRED_MESSAGE in site.text("main")
    finally:
        server.stop()


def test_without_script_the_server_rule_stands(driver, short_bank, screenshots_dir):
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    site = Site(driver, short_bank.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")
    assert LEFT_TEXT.fullmatch(site.text("#session-left"))
    time.sleep(WARNING + 2)
    assert not site.find("#session-dialog").is_displayed(), "no script, no dialog"
    assert site.path == "/menu", "no script, nothing moves"
    time.sleep(IDLE - WARNING)
    site.open("/balances")
    assert site.path == "/login" and "reason=timeout" in site.query
    assert TIMEOUT_MESSAGE in site.text("main")
