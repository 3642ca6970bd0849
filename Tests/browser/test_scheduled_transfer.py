"""予約振込 end to end in headless Chromium, as demo01 of a bank of the test's own, mails on a real
SMTP server: a closed day refused naming the next business day, a booking on a PC and one on a
phone, both listed as 予約中 in 振込・振替履歴, one cancelled with the 確認用パスワード, then
`kyoei admin schedule run --date` runs the other: 完了, the money moved, the mail arrived."""

import datetime
import json
import os
import re


from conftest import Site
from mailtools import fresh_database_url, wait_until
from transfertools import (DEMO_CONFIRMATION, DEMO_ORDINARY, DEMO_PC_MAIL, choose_source, destination_radio, fill,
                           read_balances, screenshot, wait_for_mails)
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name
from schedtools import clocked_bank, jst, next_business_day_named  # noqa: F401  clocked_bank: the fixture

BOOKED_SUBJECT = "予約振込受付のお知らせ"
CANCELLED_SUBJECT = "予約振込取消のお知らせ"
EXECUTED_SUBJECT = "予約振込実行のお知らせ"
FAILED_SUBJECT = "予約振込不能のお知らせ"
DEADLINE_PASSED = "予約振込の取消は、振込指定日の前日23時59分までです。"
JST = datetime.timezone(datetime.timedelta(hours=9))



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


def booked_business_day(site):
    """The next business day after a Saturday ahead, as the 金額入力 screen names it."""
    amount_step(site, "1,000", a_saturday_ahead())
    site.click_and_wait("#next")
    return next_business_day_named(site.text("#scheduled_for-error"))


def test_cancel_until_2359_of_the_day_before_and_refused_after_it_on_the_test_clock(driver, clocked_bank, screenshots_dir,
                                                                                     phone):
    """The bank's clock moved by the test (KYOEI_TEST_CLOCK_FILE): at 23:59 of the day before
    取消 works; a form opened at 23:59:50 and sent at 00:00:05 is refused with the deadline, the
    booking stays 予約中 (PC and phone), and at the run hour (09:00 here) the scheduler runs it."""
    server, smtp, clock = clocked_bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    day = booked_business_day(site)
    first = book(site, "1,000", day)
    second = book(site, "2,000", day)
    before = read_balances(site)
    day_before = (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()

    # 23:59:00 the day before (a jump of days: the session has timed out, so log in again).
    clock.set(jst(day_before, 23, 59, 0))
    site.login()
    site.wait_for_path("/menu")
    site.open(f"/history/transfers/{first}")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#scheduled-cancel-button")
    assert site.text("#transfer-status").startswith("取消済"), site.error_text()
    wait_for_mails(smtp, DEMO_PC_MAIL, CANCELLED_SUBJECT)

    # The form opened at 23:59:50 on the PC and on a phone, sent at 00:00:05 of the day:
    # refused on both, nothing changed.
    clock.set(jst(day_before, 23, 59, 50))
    site.open(f"/history/transfers/{second}")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    screenshot(site, "27-scheduled-cancel-2359.png")
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    mobile.open(f"/history/transfers/{second}")
    fill(mobile, "confirmation_password", DEMO_CONFIRMATION)
    clock.set(jst(day, 0, 0, 5))
    site.click_and_wait("#scheduled-cancel-button")
    assert DEADLINE_PASSED in site.error_text()
    screenshot(site, "28-scheduled-cancel-refused.png")
    mobile.click_and_wait("#scheduled-cancel-button")
    assert DEADLINE_PASSED in mobile.error_text()
    # On the phone the refusal is the first thing under the title, on the first screen, above the booking.
    message_top, detail_top, screen = mobile.browser.execute_script(
        "return [document.querySelector('.errors').getBoundingClientRect().top,"
        " document.querySelector('#transfer-history-detail').getBoundingClientRect().top, window.innerHeight];")
    assert message_top < detail_top and message_top < screen / 2, (message_top, detail_top, screen)
    assert mobile.text("#transfer-status").startswith("予約中")
    screenshot(mobile, "28-scheduled-cancel-refused-phone.png")
    site.open(f"/history/transfers/{second}")
    assert site.text("#transfer-status").startswith("予約中")
    assert not site.find_all("#scheduled-cancel-form"), "no 取消 offered after the deadline"
    # Opened again later, the booking says why it offers no 取消 any more.
    mobile.open(f"/history/transfers/{second}")
    assert mobile.text("#transfer-status").startswith("予約中") and not mobile.find_all("#scheduled-cancel-form")
    deadline = datetime.date.fromisoformat(day_before)
    assert mobile.text("#scheduled-cancel-closed") == \
        f"取り消せる期限（{deadline.year}年{deadline.month}月{deadline.day}日 23:59）を過ぎたため、この予約振込は取り消せません。"
    screenshot(mobile, "28b-scheduled-cancel-closed-phone.png")
    refusals = [e for e in server.admin("audit", "--limit", "100")
                if e["event"] == "scheduled_transfer_cancelled" and e["result"] == "refused"]
    assert len(refusals) == 2 and all(second in refusal["detail"] for refusal in refusals)

    # 09:00:05, the run hour: the server's own scheduler (every 30 s) runs the second, once.
    clock.set(jst(day, 9, 0, 5))
    executed = wait_until(lambda: [m for m in smtp.messages() if second in m.get_content() and "予約振込を実行しました" in m.get_content()],
                          90, "the scheduler's run at 09:00 on the test clock")
    assert len(executed) == 1
    site.login()
    site.wait_for_path("/menu")
    assert history_status(site, second).startswith("完了") and history_status(site, first).startswith("取消済")
    assert read_balances(site)[DEMO_ORDINARY] == before[DEMO_ORDINARY] - 2_000 - 110
    assert server.admin("verify-ledger")["consistent"] is True


def test_a_booking_short_of_funds_on_its_day_fails_with_a_mail(driver, bank, screenshots_dir, phone):
    """Funds are checked on the day: the money left the account at the counter after booking,
    so the run ends the booking 残高不足, takes nothing and mails the customer."""
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    day = booked_business_day(site)
    reception = book(site, "5,000", day)
    balance = read_balances(site)[DEMO_ORDINARY]
    server.admin("withdraw", "--branch", "001", "--account", DEMO_ORDINARY[2], "--amount", str(balance - 1_000))

    report = server.admin("schedule", "run", "--date", day)
    assert [(e["reception_number"], e["status"]) for e in report["entries"]] == [(reception, "insufficient_funds")]
    assert report["failed"] == 1 and report["executed"] == 0
    failed = wait_for_mails(smtp, DEMO_PC_MAIL, FAILED_SUBJECT)[0].get_content()
    assert reception in failed and "残高不足" in failed and "引き落としは行っていません" in failed
    assert read_balances(site)[DEMO_ORDINARY] == 1_000, "nothing taken, no fee"
    assert history_status(site, reception).startswith("残高不足")
    screenshot(site, "29-scheduled-insufficient-funds.png")
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    assert history_status(mobile, reception).startswith("残高不足")
    screenshot(mobile, "29-scheduled-insufficient-funds-phone.png")
    assert server.admin("schedule", "run", "--date", day)["entries"] == [], "never twice"
    assert server.admin("verify-ledger")["consistent"] is True


def test_the_test_clock_is_refused_unless_the_bank_is_reachable_only_here(kyoei_bin, database_url, tmp_path):
    """KYOEI_TEST_CLOCK_FILE stops every command unless the bank listens on loopback with an
    http loopback public URL (a bank serving customers never does), and is never read from a
    config file; where it is accepted, `kyoei admin schedule run` runs the clock's day."""
    import subprocess
    clock = tmp_path / "clock"
    clock.write_text("2027-01-04T10:00:00+09:00")
    url = fresh_database_url(database_url, tmp_path)
    base = dict(os.environ, KYOEI_DATABASE_URL=url, KYOEI_LISTEN="127.0.0.1:18080", KYOEI_PUBLIC_URL="http://127.0.0.1:18080")
    base.pop("KYOEI_TEST_CLOCK_FILE", None)

    def run(extra, *args):
        return subprocess.run([kyoei_bin, "admin", "schedule", *args, "--json"], env=dict(base, **extra), capture_output=True,
                              text=True, cwd=tmp_path, timeout=60)

    for extra in ({"KYOEI_PUBLIC_URL": "https://bank.example.jp"},
                  {"KYOEI_LISTEN": "0.0.0.0:18080"},
                  {"KYOEI_STAFF_LISTEN": "127.0.0.1:18090", "KYOEI_STAFF_PUBLIC_URL": "https://staff.example.jp"}):
        refused = run(dict(extra, KYOEI_TEST_CLOCK_FILE=str(clock)), "list")
        assert refused.returncode != 0 and "KYOEI_TEST_CLOCK_FILE" in refused.stderr, (extra, refused.stderr)
    config = tmp_path / "kyoei.env"
    config.write_text(f"KYOEI_TEST_CLOCK_FILE={clock}\n")
    from_file = run({"KYOEI_CONFIG_FILE": str(config)}, "list")
    assert from_file.returncode != 0 and "environment only" in from_file.stderr, from_file.stderr
    (tmp_path / "bad").write_text("tomorrow")
    bad = run({"KYOEI_TEST_CLOCK_FILE": str(tmp_path / "bad")}, "list")
    assert bad.returncode != 0 and "KYOEI_TEST_CLOCK_FILE must hold" in bad.stderr, bad.stderr

    accepted = run({"KYOEI_TEST_CLOCK_FILE": str(clock)}, "run")
    assert accepted.returncode == 0, accepted.stderr
    assert json.loads(accepted.stdout)["day"] == "2027-01-04"
    assert json.loads(run({}, "run").stdout)["day"] == datetime.datetime.now(JST).date().isoformat(), "off: the real day"
