"""予約中の振込 in the back office, in a real (headless) Chromium with a real SMTP server: demo01
books two 予約振込; the demo's 事務担当 clerk01 finds them from the home screen, filters by
振込指定日 and ログインID, opens one and asks for its 取消 with a reason; the request waits (the
clerk cannot approve it); the 役席 chief01 approves it on 申請・承認; the booking is 取消済 for
the customer too, the customer is mailed, the other booking still waits; the ledger verifies."""

from conftest import Site
from schedtools import next_business_day_named
from stafftools import CHIEF_ID, CHIEF_PASSWORD, CHIEF_SECRET, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, staff_login
from test_scheduled_transfer import CANCELLED_SUBJECT, a_saturday_ahead, amount_step, book, history_status
from transfertools import DEMO_PC_MAIL, fill, screenshot, wait_for_mails
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name


def test_staff_list_and_maker_checker_cancel_of_a_booking(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    amount_step(site, "1,000", a_saturday_ahead())
    site.click_and_wait("#next")
    day = next_business_day_named(site.text("#scheduled_for-error"))
    first = book(site, "3,000", day)
    second = book(site, "4,000", day)

    # The clerk: 予約中の振込 from the home screen, both bookings, then filtered.
    staff_login(site, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, clear_cookies=True)
    site.click_and_wait("#menu-scheduled")
    assert site.path == "/staff/scheduled" and site.h1() == "予約中の振込"
    rows = [row.get_attribute("id") for row in site.find_all("#scheduled-transfers tbody tr")]
    assert rows == [f"scheduled-{first}", f"scheduled-{second}"]
    site.browser.execute_script("arguments[0].value = arguments[1]", site.find("#from"), day)
    site.browser.execute_script("arguments[0].value = arguments[1]", site.find("#to"), day)
    fill(site, "login_id", "demo01")
    site.click_and_wait("#scheduled-filter-button")
    assert len(site.find_all("#scheduled-transfers tbody tr")) == 2
    screenshot(site, "sc01-staff-scheduled.png")
    fill(site, "login_id", "nobody99")
    site.click_and_wait("#scheduled-filter-button")
    assert site.text("#login_id-error") == "このログインIDのお客様は見つかりません。"
    assert not site.find_all("#scheduled-transfers")

    # One booking, and the request to cancel it.
    site.open("/staff/scheduled")
    site.click_and_wait(f"#scheduled-{first} a.scheduled-link")
    assert site.text("#booking-reception") == first and site.text("#booking-status") == "予約中"
    assert site.label_text("reason") == "申請理由"
    fill(site, "reason", "お客様来店、取消のお申し出（本人確認済み）")
    screenshot(site, "sc02-staff-scheduled-booking.png")
    site.click_and_wait("#scheduled-cancel-button")
    assert site.path.startswith("/staff/requests/")
    assert site.text("#request-status") == "承認待ち" and first in site.text("#request-what")
    assert site.find_all("#approve-form") == [], "the clerk cannot approve their own request"
    request_path = site.path
    screenshot(site, "sc03-staff-scheduled-cancel-requested.png")
    assert [t["reception_number"] for t in server.admin("schedule", "list")] == [first, second], "nothing cancelled yet"

    # The 役席 approves it: 取消済, the customer mailed.
    staff_login(site, CHIEF_ID, CHIEF_PASSWORD, CHIEF_SECRET, clear_cookies=True)
    site.open(request_path)
    fill(site, "approve-note", "確認しました")
    site.click_and_wait("#approve-button")
    assert site.text("#request-status") == "承認済み"
    screenshot(site, "sc04-staff-scheduled-cancel-approved.png")
    site.open("/staff/scheduled")
    assert [row.get_attribute("id") for row in site.find_all("#scheduled-transfers tbody tr")] == [f"scheduled-{second}"]
    mail = wait_for_mails(smtp, DEMO_PC_MAIL, CANCELLED_SUBJECT)[0].get_content()
    assert first in mail and "にて、下記の予約振込を取り消しました" in mail
    assert [t["reception_number"] for t in server.admin("schedule", "list")] == [second]
    events = [(e["event"], e["result"], e["actor"]) for e in server.admin("audit", "--limit", "100")]
    assert ("scheduled_transfer_cancelled", "success", f"staff:{CHIEF_ID}") in events
    assert ("access_requested", "success", f"staff:{CLERK_ID}") in events

    # The customer sees it 取消済.
    site.browser.delete_all_cookies()
    site.open("/login")
    site.login()
    site.wait_for_path("/menu")
    assert history_status(site, first).startswith("取消済（当組合による取消）") and history_status(site, second).startswith("予約中")
    site.open(f"/history/transfers/{first}")
    assert site.text("#transfer-status") == "取消済（当組合による取消）"
    screenshot(site, "sc05-customer-booking-cancelled-by-bank.png")
    assert server.admin("verify-ledger")["consistent"] is True
