"""事務管理部の業務画面 in a real (headless) Chromium, as the demo's 事務担当 clerk01: 他行振込
(a transfer made through the customer site is marked 送信済, then 返却 with its reason; a second
return from another tab is refused and credits nothing), 元帳検証 (OK, totals, grand total 0円),
and メール送信状況 on a bank whose mail relay refuses everything (a failed mail, 再送 and
失敗分をすべて再送)."""

import os
import subprocess

import pytest
from selenium.webdriver.common.by import By

from clitools import balance, make_customer, register_args, transfer_on_site
from conftest import Site
from mailtools import KyoeiServer, SmtpServer, fresh_database_url, wait_until
from stafftools import CLERK_ID, staff_login

DEPOSIT, AMOUNT, FEE = 100_000, 10_000, 330  # the standard fee below 30,000円 to another bank
REASON = "受取人口座なし（解約済）"


def row_of(site, css):
    rows = site.find_all(css)
    assert len(rows) == 1, f"{css}: {len(rows)} rows"
    return rows[0]


def test_interbank_queue_mark_sent_return_once_and_ledger(kyoei, site):
    customer = make_customer(kyoei)
    login_id, ordinary = customer["login_id"], customer["ordinary"]
    _, payee = kyoei.json(*register_args(login_id, account="7654321", name="ﾀｺｳ ｼﾞﾛｳ"))
    reception = transfer_on_site(site, login_id, ordinary["id"], f"dest-bank-{payee['id']}", AMOUNT)
    assert balance(kyoei, ordinary) == DEPOSIT - AMOUNT - FEE

    staff_login(site)
    site.click_and_wait("#nav-interbank")
    assert site.h1() == "他行振込"
    site.click_and_wait("#filter-accepted")
    row = row_of(site, f'tr[data-reception="{reception}"]')
    transfer_id = row.get_attribute("id").removeprefix("transfer-")
    cells = [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
    assert login_id in cells[2] and "ﾀｺｳ ｼﾞﾛｳ" in cells[3]
    assert (cells[4], cells[5], cells[6]) == ("10,000円", "330円", "受付済")
    assert site.label_text(f"reason-{transfer_id}") == "返却理由"
    assert site.text(f"#mark-sent-{transfer_id}") == "送信済にする"
    site.screenshot("77-staff-interbank.png")

    site.click_and_wait(f"#mark-sent-{transfer_id}")
    assert f"受付番号 {reception} の振込を送信済にしました。" in site.text("#interbank-notice")
    site.click_and_wait("#filter-sent")
    assert row_of(site, f'tr[data-reception="{reception}"]').get_attribute("data-status") == "sent"

    # The same return form open in a second tab: a double submission, or a colleague.
    first_tab = site.browser.current_window_handle
    site.browser.switch_to.new_window("tab")
    site.open("/staff/interbank?status=sent")
    site.find(f"#reason-{transfer_id}").send_keys(REASON)
    second_tab = site.browser.current_window_handle
    site.browser.switch_to.window(first_tab)
    site.find(f"#reason-{transfer_id}").send_keys(REASON)
    site.click_and_wait(f"#return-{transfer_id}")
    assert site.path == "/staff/interbank" and "status=returned" in site.query
    assert "10,000円をお客様の口座へ戻し" in site.text("#interbank-notice")
    returned = row_of(site, f'tr[data-reception="{reception}"]')
    assert REASON in returned.text
    site.screenshot("78-staff-interbank-returned.png")
    assert balance(kyoei, ordinary) == DEPOSIT - FEE, "the amount back, the fee kept"

    site.browser.switch_to.window(second_tab)
    site.click_and_wait(f"#return-{transfer_id}")
    assert "この振込はすでに返却済です。" in site.error_text()
    assert row_of(site, f'tr[data-reception="{reception}"]').get_attribute("data-status") == "returned"
    site.screenshot("78-staff-interbank-error.png")
    assert balance(kyoei, ordinary) == DEPOSIT - FEE, "credited once"
    site.browser.close()
    site.browser.switch_to.window(first_tab)

    site.click_and_wait("#nav-ledger")
    assert site.h1() == "元帳検証"
    assert "問題はありません" in site.text("#ledger-ok")
    assert [row.find_element(By.TAG_NAME, "td").text for row in site.find_all("#ledger-customer-totals tbody tr[id^=type-]")
            if row.get_attribute("id") != "type-total"] == ["普通", "当座", "貯蓄"]
    assert site.text("#ledger-grand-total strong") == "0円"
    assert site.find_all("#internal-cash") and site.find_all("#internal-interbank_clearing")
    site.screenshot("79-staff-ledger.png")
    assert kyoei.json("admin", "verify-ledger")[1]["consistent"] is True

    events = kyoei.json("admin", "audit", "--login-id", login_id)[1]
    returns = [event for event in events if event["event"] == "interbank_returned"]
    assert [event["result"] for event in returns] == ["refused", "success"]
    assert all(event["actor"] == f"staff:{CLERK_ID}" and "HeadlessChrome" in event["userAgent"] for event in returns)


@pytest.fixture
def refusing_bank(kyoei_bin, database_url, tmp_path):
    """The demo bank on a fresh database whose mail relay refuses every message (550)."""
    url = fresh_database_url(database_url, tmp_path)
    env = dict(os.environ, KYOEI_DATABASE_URL=url)
    for command in (["migrate"], ["demo"]):
        subprocess.run([kyoei_bin, *command], env=env, check=True, capture_output=True)
    started = []
    try:
        started.append(SmtpServer(tmp_path, "--mode", "reject").start())
        started.append(KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{started[0].port}").start())
        yield started[1]
    finally:
        for server in reversed(started):
            server.stop()


def mail_status(bank, mail_id):
    return next(mail for mail in bank.admin("mail", "list", "--limit", "1000") if mail["id"] == mail_id)


def test_failed_mail_is_retried_from_the_back_office(refusing_bank, driver, screenshots_dir):
    bank = refusing_bank
    mail_id = bank.admin("mail", "test", "--to", "nobody@example.jp")["id"]
    wait_until(lambda: mail_status(bank, mail_id)["status"] == "failed", 30, "the relay's refusal")

    site = Site(driver, bank.url, screenshots_dir)
    staff_login(site)
    site.click_and_wait("#nav-mail")
    assert site.h1() == "メール送信状況"
    site.click_and_wait("#filter-failed")
    row = row_of(site, f"#mail-{mail_id}")
    cells = [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
    assert (cells[2], cells[3], cells[5]) == ("試験送信", "nobody@example.jp", "送信失敗")
    assert "550" in cells[7] and cells[6] == "1"
    site.screenshot("76-staff-mail.png")

    site.click_and_wait(f"#retry-{mail_id}")
    assert f"メール（番号 {mail_id}）を送信待ちに戻しました。" in site.text("p.notice")
    site.screenshot("76-staff-mail-retried.png")
    # The worker tries again at once; the relay refuses again.
    wait_until(lambda: mail_status(bank, mail_id)["status"] == "failed", 30, "the second refusal")
    retries = [event for event in bank.admin("audit", "--limit", "50") if event["event"] == "mail_retry"]
    assert retries and retries[0]["actor"] == f"staff:{CLERK_ID}" and "HeadlessChrome" in retries[0]["userAgent"]

    site.open("/staff/mail?status=failed")
    site.click_and_wait("#mail-retry-all")
    assert "送信待ちに戻しました" in site.text("p.notice")
    # Nothing of any body on the page (the demo's mails hold none of it either).
    site.open("/staff/mail")
    assert "Content-Transfer-Encoding" not in site.browser.page_source
