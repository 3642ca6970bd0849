"""予約振込 end to end in headless Chromium, as demo01 of a bank of the test's own, mails on a real
SMTP server: a closed day refused naming the next business day, a booking on a PC and one on a
phone, both listed as 予約中 in 振込・振替履歴, one cancelled with the 確認用パスワード, then
`kyoei admin schedule run --date` runs the other: 完了, the money moved, the mail arrived."""

import datetime
import re

import pytest

from conftest import Site
from test_customer_corrections import phone_driver
from transfertools import (DEMO_CONFIRMATION, DEMO_ORDINARY, DEMO_PC_MAIL, choose_source, destination_radio, fill,
                           read_balances, screenshot, wait_for_mails)
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

BOOKED_SUBJECT = "予約振込受付のお知らせ"
CANCELLED_SUBJECT = "予約振込取消のお知らせ"
EXECUTED_SUBJECT = "予約振込実行のお知らせ"
JST = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture
def phone():
    browsers = []

    def make(width=390):
        browsers.append(phone_driver(width))
        return browsers[-1]
    yield make
    for browser in browsers:
        browser.quit()


def a_saturday_ahead():
    """A Saturday at least two days ahead (JST): its next business day is then at least two days
    ahead too, so the booking may still be cancelled today."""
    day = datetime.datetime.now(JST).date() + datetime.timedelta(days=2)
    while day.weekday() != 5:
        day += datetime.timedelta(days=1)
    return day.isoformat()


def amount_step(site, amount, date=None):
    """振込・振替 → demo02 from 振込・振替先一覧(利用者登録) → 金額入力 with 振込指定日."""
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    destination_radio(site, "customer-payees").click()
    site.click_and_wait("#next")
    assert site.path == "/transfer/amount", site.error_text()
    assert site.find("#when-today").is_selected(), "本日 is the default"
    fill(site, "amount", amount)
    if date:
        site.find("#when-later").click()
        # The browser's own date picker: its value set as the picker sets it.
        site.browser.execute_script("arguments[0].value = arguments[1]", site.find("#scheduled_for"), date)


def book(site, amount, date, shot=None):
    amount_step(site, amount, date)
    site.click_and_wait("#next")
    assert site.path == "/transfer/confirm", site.error_text()
    assert "予約振込" in site.text("#scheduled-for")
    if shot:
        screenshot(site, f"{shot}-confirm.png")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()
    assert site.text("#transfer-status").startswith("予約中")
    if shot:
        screenshot(site, f"{shot}-done.png")
    return site.text("#reception-number")


def history_status(site, reception):
    site.open("/history/transfers")
    for row in site.find_all("table tbody tr"):
        cells = [cell.text.strip() for cell in row.find_elements("css selector", "td")]
        if cells and cells[0] == reception:
            return cells[-1]
    raise AssertionError(f"{reception} not in the history")


def test_book_list_cancel_and_run_a_scheduled_transfer(driver, bank, screenshots_dir, phone):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    before = read_balances(site)

    # A Saturday: refused beside the field, naming the next business day; nothing booked.
    saturday = a_saturday_ahead()
    amount_step(site, "3,000", saturday)
    screenshot(site, "20-scheduled-amount.png")
    site.click_and_wait("#next")
    assert site.h1() == "金額入力", "the same screen again"
    error = site.text("#scheduled_for-error")
    assert error.startswith("振込指定日：") and "銀行休業日" in error, error
    match = re.search(r"次の営業日は(\d{4})年(\d{1,2})月(\d{1,2})日", error)
    assert match, error
    business_day = datetime.date(*map(int, match.groups())).isoformat()
    screenshot(site, "21-scheduled-refused.png")
    assert server.admin("schedule", "list") == []

    # Booked on the PC for the business day named: 予約中, nothing debited yet, a mail.
    first = book(site, "3,000", business_day, shot="22-scheduled")
    year, month, day = map(int, business_day.split("-"))
    assert site.text("#scheduled-for").startswith(f"{year}年{month}月{day}日")
    assert read_balances(site) == before, "nothing leaves the account before the day"
    booked_mail = wait_for_mails(smtp, DEMO_PC_MAIL, BOOKED_SUBJECT)[0].get_content()
    assert first in booked_mail and "1000001" not in booked_mail

    # Booked on a phone too.
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    second = book(mobile, "4,000", business_day, shot="23-scheduled-phone")
    assert [t["reception_number"] for t in server.admin("schedule", "list")] == [first, second]

    # 振込・振替履歴: both 予約中 with their day; the second cancelled with the 確認用パスワード.
    assert history_status(site, first).startswith("予約中") and history_status(site, second).startswith("予約中")
    screenshot(site, "24-scheduled-history.png")
    site.open(f"/history/transfers/{second}")
    assert site.label_text("confirmation_password") == "確認用パスワード"
    fill(site, "confirmation_password", "wrong-password")
    site.click_and_wait("#scheduled-cancel-button")
    assert "確認用パスワードが正しくありません。" in site.error_text()
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    screenshot(site, "25-scheduled-cancel.png")
    site.click_and_wait("#scheduled-cancel-button")
    assert site.text("#transfer-status").startswith("取消済")
    assert not site.find_all("#scheduled-cancel-form"), "a cancelled booking offers no 取消"
    wait_for_mails(smtp, DEMO_PC_MAIL, CANCELLED_SUBJECT)

    # The bank's run of that day (by hand here): the first runs, the cancelled one does not.
    report = server.admin("schedule", "run", "--date", business_day)
    assert [(e["reception_number"], e["status"]) for e in report["entries"]] == [(first, "completed")]
    assert server.admin("schedule", "run", "--date", business_day)["entries"] == [], "never twice"
    assert history_status(site, first).startswith("完了")
    assert history_status(site, second).startswith("取消済")
    after = read_balances(site)
    assert after[DEMO_ORDINARY] == before[DEMO_ORDINARY] - 3_000 - 110
    executed = wait_for_mails(smtp, DEMO_PC_MAIL, EXECUTED_SUBJECT)[0].get_content()
    assert first in executed
    screenshot(site, "26-scheduled-history-done.png")
    assert server.admin("verify-ledger")["consistent"] is True


def test_a_restart_after_a_missed_run_runs_the_overdue_booking_once_and_says_so(driver, bank, screenshots_dir):
    """The server died (SIGKILL) and missed the booking's day: the next `kyoei serve` runs it at
    start, late, once, and the mail says it ran late."""
    from clitools import sql
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    amount_step(site, "2,000", a_saturday_ahead())
    site.click_and_wait("#next")
    business_day = datetime.date(*map(int, re.search(r"次の営業日は(\d{4})年(\d{1,2})月(\d{1,2})日",
                                                     site.text("#scheduled_for-error")).groups())).isoformat()
    reception = book(site, "2,000", business_day)
    server.kill()
    # As if the day had passed while no server ran: the booking was due yesterday.
    yesterday = (datetime.datetime.now(JST).date() - datetime.timedelta(days=1)).isoformat()
    sql(server.env["KYOEI_DATABASE_URL"], f"UPDATE transfers SET scheduled_for = '{yesterday}' WHERE reception_number = '{reception}'")
    server.start()
    executed = wait_for_mails(smtp, DEMO_PC_MAIL, EXECUTED_SUBJECT)[0].get_content()
    assert reception in executed and "振込指定日に処理できなかったため" in executed
    statuses = [t["status"] for t in server.admin("transfer", "list", "--login-id", "demo01") if t["reception_number"] == reception]
    assert statuses == ["completed"]
    assert server.admin("schedule", "run")["entries"] == [], "never twice"
    assert "scheduled transfer ran after its day" in (server.folder / "server.log").read_text()
    assert server.admin("verify-ledger")["consistent"] is True
