"""Maker-checker in a real (headless) Chromium: a customer locks their login password, the
demo's 事務担当 clerk01 asks for the unlock on アクセス回復・振込限度額, the customer still
cannot log in; the demo's 役席 chief01 approves it on 申請・承認 and the customer is back.
A raised 振込限度額 waits for the 役席 the same way; the clerk cannot approve their own."""

from clitools import LOGIN_PASSWORD, make_customer
from selenium.webdriver.support.ui import Select
# fresh_code and the CHIEF_* names are imported from here by other modules.
from stafftools import CHIEF_ID, CHIEF_PASSWORD, CHIEF_SECRET, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, fresh_code  # noqa: F401
from stafftools import staff_login as _staff_login

LOCKED = "ご利用を停止しています"


def staff_login(site, staff_id, password, secret):
    """A new login as `staff_id` at the same browser (the customer's cookies go too)."""
    _staff_login(site, staff_id, password, secret, clear_cookies=True)


def open_access_page(site, login_id):
    site.open(f"/staff/customers?login_id={login_id}")
    site.click_and_wait("a.customer-link")
    site.click_and_wait("#link-access")
    assert site.h1() == "アクセス回復・振込限度額"


def customer_login_result(site, login_id):
    site.browser.delete_all_cookies()
    site.open("/login")  # a new login form: the old one's token went with the cookies
    site.login(login_id, LOGIN_PASSWORD)
    return site.path


def test_unlock_waits_for_a_supervisor(site, kyoei):
    customer = make_customer(kyoei)
    login_id = customer["login_id"]
    site.browser.delete_all_cookies()
    for _ in range(5):
        site.login(login_id, "Wrong-Password-1")
    assert customer_login_result(site, login_id) == "/login"
    assert LOCKED in site.error_text()

    staff_login(site, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET)
    open_access_page(site, login_id)
    row = site.find('tr[data-credential="login_password"]')
    assert "ロック中" in row.text
    site.find("#unlock-reason-login_password").send_keys("ご本人から電話、本人確認済み")
    site.screenshot("80-staff-access.png")
    site.click_and_wait("#unlock-request-login_password")
    assert site.path.startswith("/staff/requests/")
    assert "申請しました。別の役席者が承認すると実行されます。" in site.text("p.notice")
    assert site.text("#request-status") == "承認待ち"
    assert site.find_all("#approve-form") == []
    site.screenshot("81-staff-request-made.png")
    request_path = site.path

    assert customer_login_result(site, login_id) == "/login", "still locked before the approval"

    staff_login(site, CHIEF_ID, CHIEF_PASSWORD, CHIEF_SECRET)
    site.click_and_wait("#nav-requests")
    assert site.h1() == "申請・承認"
    assert site.find_all(f'a[href="{request_path}"]'), "the pending request is listed"
    site.screenshot("82-staff-requests.png")
    site.open(request_path)
    assert site.text("#request-what") == "ロック解除（ログインパスワード）"
    site.find("#approve-note").send_keys("電話で本人確認")
    site.screenshot("83-staff-request-approve.png")
    site.click_and_wait("#approve-button")
    assert site.text("#request-status") == "承認済み"
    assert site.text("#request-outcome") == "ロック解除：ログインパスワード"
    site.screenshot("84-staff-request-approved.png")

    assert customer_login_result(site, login_id) == "/menu", "unlocked once approved"


def test_raised_limit_waits_and_clerk_cannot_approve(site, kyoei):
    customer = make_customer(kyoei)
    login_id = customer["login_id"]
    staff_login(site, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET)
    open_access_page(site, login_id)
    assert site.text("#access-daily-limit") == "1,000,000円"
    site.find("#limit-amount").send_keys("500000")
    site.find("#limit-reason").send_keys("ご本人のご希望")
    site.click_and_wait("#limit-submit")
    assert "振込限度額を変更しました。" in site.text("p.notice[role=status]")
    assert site.text("#access-daily-limit") == "500,000円"

    site.find("#limit-amount").send_keys("3,000,000")
    site.find("#limit-reason").send_keys("高額の支払予定")
    site.click_and_wait("#limit-submit")
    assert site.text("#request-status") == "承認待ち"
    assert site.text("#request-what") == "振込限度額の引上げ（3,000,000円）"
    request_path = site.path
    open_access_page(site, login_id)
    assert site.text("#access-daily-limit") == "500,000円", "not raised before the approval"

    staff_login(site, CHIEF_ID, CHIEF_PASSWORD, CHIEF_SECRET)
    site.open("/staff/requests?status=pending")
    Select(site.find("#status")).select_by_value("all")
    site.click_and_wait("#requests-filter-button")
    site.open(request_path)
    site.find("#reject-note").send_keys("収入証明の提出後に再申請")
    site.click_and_wait("#reject-button")
    assert site.text("#request-status") == "却下"
    open_access_page(site, login_id)
    assert site.text("#access-daily-limit") == "500,000円"
