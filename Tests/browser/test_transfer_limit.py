"""振込限度額変更 end to end in headless Chromium, on a bank of the test's own (fresh database,
`kyoei demo`, a real SMTP server): the ceiling without an extra factor, a lower limit at once,
a raise waiting for the next business day (mailed at once, cancelled by the customer), a
raise cancelled by the back office, and — on a server whose cooling-off is a few seconds — a
transfer over the old limit refused before the raise applies and accepted after. Japanese and
English, on a PC and on a phone."""

import os
import re
import subprocess
import time

import pytest

from conftest import Site
from mailtools import KyoeiServer, SmtpServer, fresh_database_url
from stafftools import staff_login
from transfertools import DEMO_CONFIRMATION, DEMO_ORDINARY, DEMO_PC_MAIL, choose_source, destination_radio, fill
from transfertools import screenshot, wait_for_mails

PATH = "/settings/transfer-limit"
RAISE_SUBJECT = "振込限度額引上げお申込みのお知らせ"
CANCEL_SUBJECT = "振込限度額引上げ取消のお知らせ"
LOWER_SUBJECT = "振込限度額変更のお知らせ"


@pytest.fixture
def limit_bank(kyoei_bin, database_url, tmp_path):
    """A demo bank and an SMTP sink; `start(**settings)` runs `kyoei serve` on it (again, with
    other settings, after `stop`)."""
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True, capture_output=True,
                   cwd=tmp_path)
    smtp = SmtpServer(tmp_path).start()
    servers = []

    def start(**settings):
        servers.append(KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}", **settings).start())
        return servers[-1]
    yield start, smtp
    for server in servers:
        server.stop()
    smtp.stop()


def change(site, amount, password=DEMO_CONFIRMATION):
    site.open(PATH)
    fill(site, "amount", amount)
    fill(site, "confirmation_password", password)
    site.click_and_wait("#change")


def pay_bank_payee(site, amount):
    """振込 to demo01's 届出済み振込先 (another bank: the daily limit applies); the 状況 or the error."""
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    destination_radio(site, "bank-payees").click()
    site.click_and_wait("#next")
    fill(site, "amount", amount)
    site.click_and_wait("#next")
    if not site.find_all("#confirmation_password"):  # refused at the amount: the form again, with the reason
        return site.error_text()
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    return site.text("#transfer-status") if site.find_all("#transfer-status") else site.error_text()


def test_lower_raise_cancel_and_the_back_office(driver, limit_bank, screenshots_dir, phone):
    start, smtp = limit_bank
    server = start()
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")

    # メニュー画面 → 各種変更・設定 → 振込限度額変更画面: the limit, the ceiling and why.
    site.click_and_wait("#menu-transfer-limit")
    assert site.path == PATH and site.h1() == "振込限度額変更画面"
    assert site.text("#limit-in-force").startswith("1,000,000円")
    assert site.text("#limit-ceiling") == "200,000円"
    assert "いずれもご利用でない" in site.text("#limit-ceiling-reason")
    assert site.label_text("amount") == "変更後の1日の振込限度額（円）"
    assert site.label_text("confirmation_password") == "確認用パスワード"
    assert re.search(r"いまお申込みいただくと、\d{4}年\d{1,2}月\d{1,2}日 00:00から適用されます。", site.text("#limit-raise-timing"))
    screenshot(site, "l01-transfer-limit.png")

    # Neither the OTP nor the mail password: no raise above 200,000円; nothing changes.
    change(site, "100000")
    assert site.path == f"{PATH}/done", site.error_text()
    assert site.text("#result-message") == "1日の振込限度額を100,000円に変更しました。直ちに適用されます。"
    body = wait_for_mails(smtp, DEMO_PC_MAIL, LOWER_SUBJECT)[0].get_content()
    assert "変更後: 100,000円" in body
    change(site, "300,000")
    assert site.path == PATH
    assert site.text("#amount-error") == "ワンタイムパスワード・メール通知パスワードのいずれもご利用でないお客様が引き上げられる上限を超えています。"
    assert site.find("#amount").get_attribute("value") == "300,000"
    screenshot(site, "l02-transfer-limit-over-ceiling.png")

    # A raise: waiting, mailed at once, then cancelled by the customer (mailed too).
    change(site, "150000")
    assert site.path == f"{PATH}/done", site.error_text()
    assert site.text("#result-message").startswith("引上げのお申込みを受け付けました。150,000円は")
    mail = wait_for_mails(smtp, DEMO_PC_MAIL, RAISE_SUBJECT)[0].get_content()
    assert "引上げ後の限度額: 150,000円" in mail and "適用日時: " in mail and "お心当たりのない場合" in mail
    assert "If this was not you" in mail
    site.open(PATH)
    assert site.text("#limit-in-force").startswith("100,000円")
    assert site.text("#pending-amount") == "150,000円"
    assert site.text("#pending-effective-at").endswith("00:00")
    screenshot(site, "l03-transfer-limit-pending.png")
    site.click_and_wait("#limit-cancel")
    assert site.text("#result-message").startswith("引上げのお申込みを取り消しました。")
    assert "お客様のお手続き" in wait_for_mails(smtp, DEMO_PC_MAIL, CANCEL_SUBJECT)[0].get_content()
    site.open(PATH)
    assert site.find_all("#limit-pending") == []

    # Another raise, cancelled by the back office from its list (the customer is mailed).
    change(site, "180000")
    staff = Site(driver, server.url, screenshots_dir)
    staff_login(staff)
    staff.click_and_wait("#menu-limit-raises")
    assert staff.path == "/staff/limit-raises"
    row = staff.find("#limit-raises tbody tr")
    assert "demo01" in row.text and "180,000円" in row.text
    screenshot(staff, "l04-staff-limit-raises.png")
    raise_id = row.get_attribute("id").removeprefix("limit-raise-")
    fill(staff, f"reason-{raise_id}", "お客様から心当たりがないとの電話")
    staff.click_and_wait(f"#limit-raise-cancel-{raise_id}")
    assert "引上げを取り消し" in staff.text("p.notice") and staff.find_all("#no-limit-raises")
    bodies = [message.get_content() for message in wait_for_mails(smtp, DEMO_PC_MAIL, CANCEL_SUBJECT, 2)]
    assert any("当組合のお手続き" in body or "のお手続き）" in body for body in bodies[1:])

    # In English, and on a phone, with a raise waiting.
    site.login()
    site.wait_for_path("/menu")
    change(site, "160000")
    site.open(PATH)
    site.click_and_wait("#language-switch")
    site.wait_for_path(PATH)
    assert site.h1() == "Change transfer limit (振込限度額変更)"
    assert site.label_text("amount") == "New daily transfer limit (yen)"
    screenshot(site, "l05-transfer-limit-en.png")
    mobile = Site(phone(), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    mobile.open(PATH)
    assert mobile.text("#pending-amount") == "160,000円"
    screenshot(mobile, "l06-transfer-limit-phone.png")


def test_a_raise_applies_after_the_cooling_off(driver, limit_bank, screenshots_dir):
    start, smtp = limit_bank
    server = start(KYOEI_LIMIT_RAISE_DELAY="4")
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")
    change(site, "100000")
    change(site, "150000")
    assert site.path == f"{PATH}/done", site.error_text()
    asked = time.monotonic()
    # Before it applies: 120,000円 is over the old limit.
    refused = pay_bank_payee(site, "120000")
    assert "振込限度額" in refused or "限度額" in refused, refused
    assert time.monotonic() - asked < 4, "the refusal must come before the raise applies"
    time.sleep(max(0, 4.5 - (time.monotonic() - asked)))
    assert pay_bank_payee(site, "120000") == "受付済", site.error_text()
    site.open(PATH)
    assert site.text("#limit-in-force").startswith("150,000円")
    assert site.text("#limit-remaining") == "30,000円"
    screenshot(site, "l07-transfer-limit-raised.png")
