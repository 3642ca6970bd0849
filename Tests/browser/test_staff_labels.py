"""What a clerk reads, in a real (headless) Chromium: a locked customer is shown locked in
顧客検索 and at the top of 顧客詳細; 監査ログ shows details in words (no `wrong_password
failures=1`) and its イベント filter takes the label as listed; 補償判定資料 is found by
ログインID; the limit screen says 当組合; and the demo's second 役席 approves the first one's
own request. A bank configured as a 信用金庫 (or with KYOEI_BANK_SELF_NAME) calls itself so."""

import re
import urllib.request

import pytest
from clitools import make_customer
from mailtools import KyoeiServer
from stafftools import CHIEF_ID, CHIEF_PASSWORD, CHIEF_SECRET, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, staff_login
from test_staff_requests import open_access_page

DEPUTY_ID = "chief02"
DEPUTY_PASSWORD = "Yakuseki2026y"
DEPUTY_SECRET = "KYOEIDEMODEPUTYAKYOEIDEMODEPUTYA"
# Stored codes a clerk must never read (snake_case, as the services write them).
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|failures=")


def locked_customer(site, kyoei):
    customer = make_customer(kyoei)
    site.browser.delete_all_cookies()
    for _ in range(5):
        site.login(customer["login_id"], "Wrong-Password-1")
    return customer["login_id"]


def visible_codes(site, css):
    return sorted(set(CODE.findall(site.text(css))))


def test_locks_and_labels_on_the_clerks_screens(site, kyoei):
    login_id = locked_customer(site, kyoei)
    staff_login(site, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, clear_cookies=True)

    site.open(f"/staff/customers?login_id={login_id}")
    status = site.find("#customer-results td.customer-status")
    assert status.text.replace("\n", "").replace(" ", "") == "利用中ロック中（ログインパスワード）"
    badge = site.find('#customer-results .lock-badge[data-credential="login_password"]')
    assert badge.value_of_css_property("color") != site.find("#result-count").value_of_css_property("color")
    site.screenshot("85-staff-customers-locked.png")

    site.click_and_wait("#customer-results a.customer-link")
    assert "ロック中（ログインパスワード）" in site.text("#profile-status")
    assert site.find_all('#profile-status .lock-badge[data-credential="otp"]') == []
    site.screenshot("86-staff-customer-locked.png")

    site.click_and_wait("#link-audit")
    details = [cell.text for cell in site.find_all("#audit-rows td.detail")]
    assert "パスワード誤り（連続失敗回数：1）" in details
    assert visible_codes(site, "#audit-rows") == []
    # The label as the list offers it, typed (or picked) into the イベント field.
    site.find("#event").send_keys("ログイン")
    site.click_and_wait("#audit-filter-button")
    events = {row.get_attribute("data-event") for row in site.find_all("#audit-rows tr.audit-row")}
    assert events == {"login"}, "the wrong passwords, found by the label ログイン"
    assert "パスワード誤り（連続失敗回数：5）" in [cell.text for cell in site.find_all("#audit-rows td.detail")]
    site.screenshot("87-staff-audit-labels.png")

    site.open("/staff/compensation")
    assert site.label_text("customer") == "ログインID・氏名"
    site.find("#customer").send_keys(login_id)
    site.click_and_wait("#compensation-customer-button")
    assert site.text("#report-login-id") == login_id
    assert visible_codes(site, "#compensation-report") == []
    site.screenshot("88-staff-compensation-by-login-id.png")

    open_access_page(site, login_id)
    assert "当組合の既定額" in site.text("main")
    assert "当金庫" not in site.text("main")


def test_second_supervisor_approves_the_firsts_own_request(site, kyoei):
    customer = make_customer(kyoei)
    login_id = customer["login_id"]
    staff_login(site, CHIEF_ID, CHIEF_PASSWORD, CHIEF_SECRET, clear_cookies=True)
    open_access_page(site, login_id)
    site.find("#limit-amount").send_keys("3,000,000")
    site.find("#limit-reason").send_keys("高額の支払予定（来店）")
    site.click_and_wait("#limit-submit")
    assert site.text("#request-status") == "承認待ち"
    assert site.find_all("#approve-form") == [], "the one who asked cannot approve"
    request_path = site.path

    staff_login(site, DEPUTY_ID, DEPUTY_PASSWORD, DEPUTY_SECRET, clear_cookies=True)
    site.open(request_path)
    site.find("#approve-note").send_keys("収入証明を確認")
    site.click_and_wait("#approve-button")
    assert site.text("#request-status") == "承認済み"
    assert site.text("#request-outcome") == "振込限度額：3,000,000円"
    site.screenshot("89-staff-request-approved-by-second-supervisor.png")
    open_access_page(site, login_id)
    assert site.text("#access-daily-limit") == "3,000,000円"


@pytest.mark.parametrize("settings, word", [
    ({"KYOEI_BANK_NAME": "さくら信用金庫"}, "当金庫"),
    ({"KYOEI_BANK_SELF_NAME": "当行"}, "当行"),
])
def test_the_configured_word_for_the_bank(kyoei_bin, fresh_db, tmp_path, settings, word):
    server = KyoeiServer(kyoei_bin, tmp_path, fresh_db, **settings)
    try:
        server.start()
        with urllib.request.urlopen(server.url + "/token-app", timeout=10) as response:
            page = response.read().decode("utf-8")
        assert f"端末を紛失した場合は、{word}（" in page
        assert "当組合" not in page and "{bank_self}" not in page
    finally:
        server.stop()
