"""事務管理部 (the back office) in a real (headless) Chromium, as the demo's 事務担当 clerk01:
login with password and a TOTP code (computed with pyotp from the demo's public secret, as
any authenticator app would), 顧客検索 → 顧客詳細, 監査ログ and its CSV, 補償判定資料 on screen
and as printed, logout; and no way in with a customer's session."""

import re
import urllib.request

import pyotp
from conftest import DEMO_LOGIN_ID
# The staff helpers live in stafftools; imported here under their old names for the modules
# that import them from this one.
from stafftools import (CLERK_ID, CLERK_NAME, CLERK_PASSWORD, CLERK_SECRET, WRONG_CODE, code_step,  # noqa: F401
                        fresh_code, password_step, staff_login, submit_fresh_code)

LOGIN_FAILED = "職員IDまたはパスワードが正しくありません。"


def header_colour(site):
    return site.find("header.site-header").value_of_css_property("background-color")


def test_staff_login_needs_password_and_code(site):
    site.open("/staff/login")
    site.screenshot("60-staff-login.png")
    assert site.h1() == "事務管理部ログイン"
    assert site.text("#staff-badge") == "事務管理部"
    assert site.label_text("staff_id") == "職員ID"
    assert site.label_text("password") == "パスワード"
    assert site.find("#staff-login-button").text.strip() == "ログイン"
    assert site.find("#password").get_attribute("type") == "password"

    password_step(site, password="Wrong-Password-26")
    site.screenshot("60-staff-login-error.png")
    assert LOGIN_FAILED in site.error_text()
    assert [c for c in site.browser.get_cookies() if c["name"] == "kyoei_staff"] == []

    password_step(site)
    site.wait_for_path("/staff/login/otp")
    site.screenshot("61-staff-otp.png")
    assert site.h1() == "ワンタイムパスワード"
    assert site.label_text("otp") == "ワンタイムパスワード"
    assert site.find("#staff-otp-button").text.strip() == "認証"
    # Nothing opens before the code.
    for path in ("/staff", "/staff/customers", "/staff/audit", "/staff/compensation"):
        site.open(path)
        site.wait_for_path("/staff/login/otp")
    code_step(site, "000000" if pyotp.TOTP(CLERK_SECRET).now() != "000000" else "111111")
    assert WRONG_CODE in site.error_text()
    site.screenshot("61-staff-otp-error.png")
    cookie_before = [c["value"] for c in site.browser.get_cookies() if c["name"] == "kyoei_staff"]
    submit_fresh_code(site)
    cookie = [c for c in site.browser.get_cookies() if c["name"] == "kyoei_staff"]
    assert len(cookie) == 1 and cookie[0]["value"] not in cookie_before, "a new session id after the code"
    assert cookie[0]["path"] == "/staff" and cookie[0]["httpOnly"] and cookie[0]["sameSite"] == "Strict"
    site.screenshot("62-staff-home.png")
    assert site.h1() == "ホーム"
    assert site.text("#profile-name") == CLERK_NAME
    assert site.text("#profile-role") == "事務担当"
    assert site.text("#menu-customers") == "顧客検索"
    assert site.text("#menu-audit") == "監査ログ"
    assert site.text("#menu-compensation") == "補償判定資料"
    staff_colour = header_colour(site)

    site.click_and_wait("#logout")
    site.wait_for_path("/staff/login")
    assert "ログアウトしました" in site.text("p.notice")
    site.open("/staff")
    site.wait_for_path("/staff/login")
    # The customer site looks different: no one takes one for the other.
    site.open("/login")
    assert header_colour(site) != staff_colour
    assert site.find_all("#staff-badge") == []


def test_customer_search_detail_audit_and_compensation(site):
    # The customer logs in first, so the back office has a login to show whatever ran before.
    site.login()
    site.wait_for_path("/menu")
    staff_login(site)
    site.click_and_wait("#nav-customers")
    site.find("#login_id").send_keys(DEMO_LOGIN_ID)
    site.click_and_wait("#customer-search-button")
    site.screenshot("63-staff-customers.png")
    links = site.find_all("#customer-results a.customer-link")
    assert [link.text for link in links] == [DEMO_LOGIN_ID]

    site.click_and_wait("#customer-results a.customer-link")
    assert re.fullmatch(r"/staff/customers/\d+", site.path)
    site.screenshot("64-staff-customer.png")
    assert site.h1() == "顧客詳細"
    assert site.text("#profile-login-id") == DEMO_LOGIN_ID
    assert len(site.find_all("#customer-accounts tbody tr")) == 2
    assert len(site.find_all("#customer-credentials tbody tr")) == 5
    assert site.text("#factor-state") != ""
    assert site.find_all("#customer-logins tbody tr"), "the demo customer's logins are listed"

    detail_url = site.browser.current_url
    site.click_and_wait("#link-audit")
    assert site.path == "/staff/audit" and "customer_id=" in site.query
    site.screenshot("65-staff-audit.png")
    rows = site.find_all("#audit-rows tbody tr")
    assert rows, "the customer's audit rows"
    # The CSV of the same filter, fetched with the staff cookie as the browser would send it.
    csv_href = site.find("#audit-csv").get_attribute("href")
    cookie = next(c for c in site.browser.get_cookies() if c["name"] == "kyoei_staff")
    request = urllib.request.Request(csv_href, headers={"Cookie": f"kyoei_staff={cookie['value']}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        body = response.read().decode("utf-8")
    assert body.startswith("\ufeffid,at_jst,event,result,actor,customer_id,login_id")
    assert len(body.strip().split("\r\n")) >= 2

    site.browser.get(detail_url)
    site.click_and_wait("#link-compensation")
    assert site.path == "/staff/compensation"
    site.screenshot("66-staff-compensation.png")
    assert site.text("#report-login-id") == DEMO_LOGIN_ID
    assert "原則、当組合が全額補償いたします" in site.text("#notice-sentence")
    assert site.find_all("#compensation-entries tbody tr"), "the period's logins and transfers"

    # Printed: the report alone, no navigation, no forms.
    site.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not site.find("nav.staff-nav").is_displayed()
        assert not site.find("header.site-header").is_displayed()
        assert not site.find("#compensation-form").is_displayed()
        assert site.find("#compensation-report").is_displayed()
        site.screenshot("67-staff-compensation-print.png")
    finally:
        site.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_customer_session_opens_no_staff_page(site):
    site.login()
    site.wait_for_path("/menu")
    for path in ("/staff", "/staff/customers?login_id=demo", "/staff/audit", "/staff/compensation"):
        site.open(path)
        site.wait_for_path("/staff/login")
        assert site.find_all("#customer-results") == []
