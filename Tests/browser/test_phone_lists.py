"""The customer's lists of rows on a phone, in headless Chromium on a bank of the test's own:
残高照会, 入出金明細照会, 振込・振替履歴照会 (a 予約中 booking among the rows) and
振込・振替先一覧, in Japanese and English, at 390 px, at 320 px (the narrowest phone still
sold) and on its side — each row a card of 「見出し　値」 lines, every value whole, the page never
wider than the screen — and the same pages on a PC (1024 and 1280 px) still tables."""


from conftest import Site
from layouttools import assert_cards, assert_no_sideways_scroll, assert_table
from test_history import pay_demo02, table
from test_scheduled_transfer import book, booked_business_day
from transfertools import screenshot
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

# (path, table, headings whose values must be shown, ja then en)
LISTS = [
    ("/balances", "#balances", (["支店", "科目", "口座番号", "残高"], ["Branch", "Type", "Account number", "Balance"])),
    ("/statement", "#statement-lines", (["日付", "摘要", "お支払金額", "差引残高"], ["Date", "Description", "Paid out", "Balance"])),
    ("/history/transfers", "#transfer-history-rows",
     (["受付番号", "振込・振替先", "振込金額", "手数料", "状況"], ["Reception number", "To", "Amount", "Fee", "Status"])),
    ("/payees", "#customer-payee-list", (["金融機関", "支店", "口座番号", "受取人名"], ["Bank", "Branch", "Account number", "Payee name"])),
    ("/payees", "#bank-payee-list", (["金融機関", "支店", "口座番号", "受取人名"], ["Bank", "Branch", "Account number", "Payee name"])),
]
SHOTS = {"/balances": "04b-balances-phone", "/statement": "05d-statement-phone", "/history/transfers": "h13-transfer-history-scheduled-phone",
         "/payees": "50b-payees-phone"}



def switch_language(site):
    path = site.path
    site.click_and_wait("#language-switch")
    site.wait_for_path(path)


def test_lists_are_cards_on_a_phone_and_tables_on_a_pc(driver, bank, screenshots_dir, phone):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")
    paid = pay_demo02(site, "12000")
    booked = book(site, "2,000", booked_business_day(site))

    # The PC: tables with their heading rows, in both languages.
    for language in (0, 1):
        for path, css, must_show in LISTS:
            if site.path != path:
                site.open(path)
            assert_table(site, css, must_show[language])
        switch_language(site)

    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    mobile.open("/history/transfers")
    rows = {row[0]: row for row in table(mobile, "#transfer-history-rows")}
    assert rows[booked][6].startswith("予約中（") and rows[booked][4] == "2,000円", rows[booked]
    assert rows[paid][4] == "12,000円", rows[paid]
    for language, suffix in ((0, ""), (1, "-en")):
        for path, css, must_show in LISTS:
            if mobile.path != path:
                mobile.open(path)
            assert_cards(mobile, css, must_show[language])
            if css != "#bank-payee-list":
                screenshot(mobile, f"{SHOTS[path]}{suffix}.png")
        switch_language(mobile)

    # Printed from the phone, 入出金明細 is a table on paper.
    mobile.open("/statement")
    mobile.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert mobile.browser.execute_script(
        "return getComputedStyle(document.querySelector('#statement-lines td')).display;") == "table-cell"
    mobile.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    mobile.browser.quit()

    # The narrowest phone: still nothing cut off, nothing sideways.
    narrow = Site(phone(320), server.url, screenshots_dir)
    narrow.login()
    narrow.wait_for_path("/menu")
    for path, css, must_show in LISTS:
        if narrow.path != path:
            narrow.open(path)
        assert_no_sideways_scroll(narrow)
        assert_cards(narrow, css, must_show[0])
        if path == "/history/transfers":
            screenshot(narrow, "h14-transfer-history-phone-320.png")
    narrow.browser.quit()

    # A phone on its side (844 px) still has cards; from the page's full width (60rem, 960 px)
    # on, tables — the seven columns of 振込・振替履歴 with a 予約中 状況 need that much — whole.
    for width, check in ((844, assert_cards), (1024, assert_table)):
        other = Site(phone(width), server.url, screenshots_dir)
        other.login()
        other.wait_for_path("/menu")
        for path, css, must_show in LISTS:
            if other.path != path:
                other.open(path)
            check(other, css, must_show[0])
            if width == 844 and path == "/history/transfers":
                screenshot(other, "h15-transfer-history-phone-landscape.png")
        other.browser.quit()
