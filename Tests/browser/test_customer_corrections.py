"""What a new customer found wrong (issue 13), in headless Chromium on a bank of the test's own
whose mails go to a real SMTP server: the statement's 摘要 and 振込手数料 line, 振替 labelled
as such, a 確認画面 that never asks for a メール通知パスワード the customer cannot have, a typed
受取人名 shown beside the 口座名義, the payee notice mail, and the phone number on a phone."""

import pytest
from selenium.webdriver.support.ui import Select

from conftest import Site, parse_yen
from transfertools import (DEMO_CONFIRMATION, DEMO_ORDINARY, DEMO_PC_MAIL, DEMO_SAVINGS, choose_source, destination_radio,
                           fill, mailed_password, mails_to, screenshot, set_mail_password, wait_for_mails)
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

PHONE = "0256-61-1506"



def statement_rows(site):
    return [[cell.text.strip() for cell in row.find_elements("css selector", "td")]
            for row in site.find_all("table#statement-lines tbody tr")]


def account_id(site, label):
    select = Select(site.find("#account"))
    [option] = [option for option in select.options if option.text.strip() == label]
    return option.get_attribute("value")


def pay_demo02(site, amount):
    """本店 普通 → demo02 (利用者登録, 吉田支店: 本支店宛) with the mail password off."""
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    destination_radio(site, "customer-payees").click()
    site.click_and_wait("#next")
    fill(site, "amount", amount)
    site.click_and_wait("#next")
    assert site.path == "/transfer/confirm", site.error_text()
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()


def test_statement_names_the_payee_and_shows_the_fee_on_its_own_line(driver, bank, screenshots_dir, phone):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    pay_demo02(site, "12000")
    site.open("/statement")
    site.open(f"/statement?account={account_id(site, ' '.join(DEMO_ORDINARY))}")
    rows = statement_rows(site)
    assert [row[1:4] for row in rows[:2]] == [["振込手数料", "110円", ""], ["振込 ｻｶｴ ﾊﾅｺ", "12,000円", ""]]
    assert parse_yen(rows[1][4]) - parse_yen(rows[0][4]) == 110, "the fee line has its own 差引残高"
    assert all("kind." not in row[1] for row in rows), rows
    screenshot(site, "05b-statement-transfer-fee.png")

    # In English, and on the payee's side (the payer's name, no fee).
    # click_and_wait: the path is /statement before and after the switch, so waiting for the
    # path alone could read the old page's rows while the new one replaces them.
    site.click_and_wait("#language-switch")
    site.wait_for_path("/statement")
    assert [row[1] for row in statement_rows(site)[:2]] == ["Transfer fee", "Transfer to ｻｶｴ ﾊﾅｺ"]
    site.click_and_wait("#language-switch")
    site.wait_for_path("/statement")

    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login("demo02", "Momiji2026")
    mobile.open("/statement")
    received = statement_rows(mobile)[0]
    assert received[1].startswith("振込 ") and received[3] == "12,000円", received
    screenshot(mobile, "05c-statement-payee-phone.png")


def test_own_account_transfer_is_labelled_furikae(driver, bank, screenshots_dir):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    [own] = [radio for radio in site.find_all("input[name=destination]") if radio.get_attribute("value").startswith("own:")
             and " ".join(DEMO_SAVINGS) in site.find(f'label[for="{radio.get_attribute("id")}"]').text]
    own.click()
    site.click_and_wait("#next")
    fill(site, "amount", "1000")
    site.click_and_wait("#next")
    assert site.text("#transfer-route") == "取引区分: 振替（ご本人名義の口座間）"
    assert "本支店宛" not in site.text("main")
    screenshot(site, "34b-transfer-own-confirm.png")


def test_a_stale_amount_url_offers_to_mail_the_password(driver, bank, screenshots_dir, phone):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    set_mail_password(site, smtp, True)
    site.open("/transfer")
    payee = destination_radio(site, "customer-payees").get_attribute("value")
    source = Select(site.find("#source")).first_selected_option.get_attribute("value")
    if not source:
        choose_source(site, DEMO_ORDINARY)
        source = Select(site.find("#source")).first_selected_option.get_attribute("value")

    # A bookmarked 金額入力 URL: no password was mailed in this session.
    site.open(f"/transfer/amount?source={source}&to={payee}")
    fill(site, "amount", "3000")
    site.click_and_wait("#next")
    assert site.path == "/transfer/confirm", site.error_text()
    assert site.find_all("#mail_password") == [], "never a field the customer cannot fill"
    assert site.find_all("#execute") == []
    assert "まだ送信されていないか、無効になっています" in site.text("#mail-password-missing")
    assert site.text("#mail-password-resend-button") == "メール通知パスワードを送信"
    screenshot(site, "48-transfer-confirm-password-missing.png")
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.browser.get(server.url + "/login")
    for cookie in driver.get_cookies():
        mobile.browser.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})
    mobile.browser.get(driver.current_url)
    assert mobile.find_all("#mail-password-resend-button")
    screenshot(mobile, "48b-transfer-confirm-password-missing-phone.png")

    site.click_and_wait("#mail-password-resend-button")
    assert site.path == "/transfer/confirm"
    assert DEMO_PC_MAIL in site.find("p.notice[role=status]").text
    password, _ = mailed_password(smtp, DEMO_PC_MAIL)
    assert site.label_text("mail_password") == "メール通知パスワード"
    assert site.text("#mail-password-resend-button") == "メール通知パスワードを再送"
    screenshot(site, "49-transfer-confirm-password-sent.png")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    fill(site, "mail_password", password)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()


def test_a_typed_name_that_is_not_the_holders_is_shown_and_confirmed(driver, bank, screenshots_dir, phone):
    server, _ = bank
    [target] = server.admin("account", "list", "--login-id", "demo02")
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    site.click_and_wait("#other-account")
    fill(site, "bank_code", "2999")
    fill(site, "branch_code", target["branchCode"])
    fill(site, "account_number", target["accountNumber"])
    fill(site, "holder_name", "ｻｶｴ ｼﾞﾛｳ")
    site.click_and_wait("#next")
    assert site.path == "/transfer/other", site.error_text()
    assert site.text("#destination-holder") == "ｻｶｴ ﾊﾅｺ"
    assert site.text("#destination-typed-holder") == "ｻｶｴ ｼﾞﾛｳ"
    fill(site, "amount", "2000")
    site.click_and_wait("#next")
    assert site.path == "/transfer/confirm", site.error_text()
    assert "ご入力の受取人名「ｻｶｴ ｼﾞﾛｳ」は、この口座の名義「ｻｶｴ ﾊﾅｺ」と異なります" in site.text("#holder-differs")
    assert site.label_text("holder_confirmed") == "受取人名（口座名義）を確認しました"
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    screenshot(site, "42b-transfer-holder-differs.png")
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.browser.get(server.url + "/login")
    for cookie in driver.get_cookies():
        mobile.browser.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})
    mobile.browser.get(driver.current_url)
    screenshot(mobile, "42c-transfer-holder-differs-phone.png")

    site.find("#holder_confirmed").click()
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()
    assert site.text("#destination-holder") == "ｻｶｴ ﾊﾅｺ"


def test_adding_a_payee_mails_the_registered_address(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.open("/payees/new")
    fill(site, "bank_code", "0997")
    fill(site, "branch_code", "101")
    Select(site.find("#account_type")).select_by_visible_text("貯蓄")
    fill(site, "account_number", "7777777")
    fill(site, "holder_name", "ｽｽﾞｷ ｲﾁﾛｳ")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#register")
    assert site.path == "/payees", site.error_text()
    [mail] = wait_for_mails(smtp, DEMO_PC_MAIL, "振込・振替先登録のお知らせ")
    body = mail.get_content()
    assert "****777 ｽｽﾞｷ ｲﾁﾛｳ" in body and "7777777" not in body
    assert len(mails_to(smtp, DEMO_PC_MAIL, "振込・振替先登録のお知らせ")) == 1


@pytest.mark.parametrize("width", [320, 390])
def test_the_phone_number_stays_on_one_line_on_a_phone(bank, screenshots_dir, phone, width):
    server, _ = bank
    mobile = Site(phone(width), server.url, screenshots_dir)
    for path in ("/login", "/token-app"):
        mobile.open(path)
        assert mobile.browser.execute_script("return window.innerWidth") == width
        numbers = mobile.find_all(".tel")
        assert numbers, path
        for number in numbers:
            assert number.text == PHONE
            lines = mobile.browser.execute_script("return arguments[0].getClientRects().length", number)
            assert lines == 1, f"{path}: the number is split over {lines} lines at {width} px"
    mobile.open("/login")
    screenshot(mobile, f"01b-login-phone-{width}.png")
    mobile.open("/token-app")
    assert mobile.find_all("#replace-token")
    screenshot(mobile, f"13b-token-app-phone-{width}.png")
