"""ログイン履歴 and 振込・振替履歴照会 (with its detail page) in headless Chromium, on a bank of the
test's own (fresh database, `kyoei demo`): real logins (one refused) and real transfers first,
then the rows as the customer reads them — columns, newest first, the period filter and its
field-named error, nothing of another customer, the detail by 受付番号 and 404 for another's —
in Japanese and English, on a PC (tables) and on a phone (a card per row, nothing cut off)."""

import re
import urllib.error
import urllib.request


from conftest import DEMO_LOGIN_ID, Site
from layouttools import assert_cards, assert_table, header_texts
from transfertools import DEMO_CONFIRMATION, DEMO_ORDINARY, choose_source, destination_radio, fill, screenshot
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

DEMO02 = ("demo02", "Momiji2026")
JAPANESE_DATETIME = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")



def table(site, css):
    return [[cell.text.strip() for cell in row.find_elements("css selector", "td")] for row in site.find_all(f"{css} tbody tr")]


def headers(site, css):
    return header_texts(site, css)


def status_of(site, path):
    """The HTTP status of a GET with the browser's session cookie (Selenium shows no status)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in site.browser.get_cookies())
    request = urllib.request.Request(site.base_url + path, headers={"Cookie": cookie})
    try:
        return urllib.request.urlopen(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def pay_demo02(site, amount):
    """本店 普通 → demo02 (利用者登録, 吉田支店: 本支店宛); returns the 受付番号 of the result screen."""
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
    return site.text("#reception-number")


def test_login_history_lists_attempts_newest_first(driver, bank, screenshots_dir, phone):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login(DEMO_LOGIN_ID, "Wrong2026pass")
    assert site.path == "/login" and "正しくありません" in site.error_text()
    site.login()
    site.wait_for_path("/menu")
    # demo02 logs in too: none of it may show on demo01's page.
    other = Site(phone(390), server.url, screenshots_dir)
    other.login(*DEMO02)
    other.wait_for_path("/menu")

    site.click_and_wait("#menu-login-history")
    assert site.path == "/history/logins"
    assert site.h1() == "ログイン履歴"
    assert headers(site, "#login-history-rows") == ["日時", "IPアドレス", "ブラウザ", "使用した認証", "結果"]
    rows = table(site, "#login-history-rows")
    assert len(rows) == 2, rows
    succeeded, failed = rows
    assert JAPANESE_DATETIME.fullmatch(succeeded[0]) and JAPANESE_DATETIME.fullmatch(failed[0]), rows
    assert succeeded[0] >= failed[0], "newest first"
    assert succeeded[1] == failed[1] == "127.0.0.1"
    assert succeeded[2] == "Chrome（Linux）", succeeded
    assert succeeded[3] == "ログインパスワード" and succeeded[4] == "成功"
    assert failed[4] == "失敗"
    assert site.find("#login-history-rows tbody tr").get_attribute("class") == "login-succeeded"
    assert_table(site, "#login-history-rows", must_show=["日時", "ブラウザ", "結果"])
    screenshot(site, "h01-login-history.png")

    # On a phone, as demo01 again: the phone's login on top, in Japanese and in English.
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    mobile.open("/history/logins")
    rows = table(mobile, "#login-history-rows")
    # The phone's user agent (mobile emulation's) names no browser the bank knows, only Android.
    assert len(rows) == 3 and rows[0][2] == "その他のブラウザ（Android）" and rows[0][4] == "成功", rows
    assert_cards(mobile, "#login-history-rows", must_show=["日時", "IPアドレス", "ブラウザ", "使用した認証", "結果"])
    screenshot(mobile, "h02-login-history-phone.png")
    mobile.click_and_wait("#language-switch")
    mobile.wait_for_path("/history/logins")
    assert mobile.h1() == "Login history (ログイン履歴)"
    assert headers(mobile, "#login-history-rows") == ["Date and time (JST)", "IP address", "Browser", "Factors presented", "Result"]
    rows = table(mobile, "#login-history-rows")
    assert ISO_DATETIME.fullmatch(rows[0][0]) and [row[4] for row in rows] == ["Succeeded", "Succeeded", "Failed"], rows
    assert rows[0][3] == "Login password", rows
    assert_cards(mobile, "#login-history-rows", must_show=["Date and time (JST)", "Browser", "Factors presented", "Result"])
    screenshot(mobile, "h03-login-history-phone-en.png")


def test_transfer_history_and_its_detail(driver, bank, screenshots_dir, phone):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")
    first = pay_demo02(site, "12000")
    second = pay_demo02(site, "3500")
    assert first != second

    site.open("/menu")
    site.click_and_wait("#menu-transfer-history")
    assert site.path == "/history/transfers"
    assert site.h1() == "振込・振替履歴照会"
    assert site.label_text("from") == "照会開始日" and site.label_text("to") == "照会終了日"
    assert headers(site, "#transfer-history-rows") == ["受付番号", "受付日時", "支払口座", "振込・振替先", "振込金額", "手数料", "状況"]
    rows = table(site, "#transfer-history-rows")
    assert [row[0] for row in rows] == [second, first], "newest first"
    newest = rows[0]
    assert JAPANESE_DATETIME.fullmatch(newest[1]), newest
    assert newest[2].startswith("本店 普通 ") and "1000001" not in newest[2], "the source account is masked"
    assert "吉田支店" in newest[3] and "ｻｶｴ ﾊﾅｺ" in newest[3], newest
    assert newest[4] == "3,500円" and newest[5] == "110円" and newest[6] in ("完了", "受付済"), newest
    assert rows[1][4] == "12,000円"
    assert_table(site, "#transfer-history-rows", must_show=["振込・振替先", "振込金額", "状況"])
    screenshot(site, "h04-transfer-history.png")

    # A period the form refuses: the message under 照会開始日, and no table.
    today = site.find("#to").get_attribute("value")
    site.open(f"/history/transfers?from={today}&to=2020-01-01")
    assert site.text("#from-error") == "照会開始日には照会終了日以前の日付を指定してください。"
    assert "照会開始日には照会終了日以前の日付を指定してください。" in site.error_text()
    assert not site.find_all("#transfer-history-rows")
    screenshot(site, "h05-transfer-history-error.png")
    site.open("/history/transfers?from=2020-01-01&to=2020-01-31")
    assert site.text("#transfer-history-empty") == "照会期間内の振込・振替はありません。"
    site.open(f"/history/transfers?from={today}&to={today}")
    assert [row[0] for row in table(site, "#transfer-history-rows")] == [second, first]

    # The detail, by its 受付番号 from the list.
    site.click_and_wait(f'#transfer-history-rows a[href="/history/transfers/{first}"]')
    assert site.path == f"/history/transfers/{first}"
    assert site.h1() == "振込・振替履歴詳細"
    assert site.text("#reception-number") == first
    assert site.text("#amount") == "12,000円" and site.text("#fee") == "110円" and site.text("#total") == "12,110円"
    assert site.text("#destination-branch").startswith("吉田支店")
    screenshot(site, "h06-transfer-history-detail.png")
    detail_path = site.path

    # English.
    site.click_and_wait("#language-switch")
    site.wait_for_path(detail_path)
    assert site.h1() == "Transfer details (振込・振替履歴詳細)"
    assert site.text("#amount") == "12,000円"
    screenshot(site, "h07-transfer-history-detail-en.png")
    site.open("/history/transfers")
    assert site.h1() == "Transfer history (振込・振替履歴照会)"
    assert headers(site, "#transfer-history-rows") == ["Reception number", "Accepted at", "From account", "To", "Amount", "Fee", "Status"]
    assert ISO_DATETIME.fullmatch(table(site, "#transfer-history-rows")[0][1])
    assert_table(site, "#transfer-history-rows", must_show=["To", "Amount", "Status"])
    screenshot(site, "h08-transfer-history-en.png")
    site.open(f"/history/transfers?from={today}&to=2020-01-01")
    assert site.text("#from-error") == "The start date must not be after the end date."
    site.click_and_wait("#language-switch")

    # demo02 (the payee, on a phone) sees none of demo01's transfers, and not its detail.
    other = Site(phone(390), server.url, screenshots_dir)
    other.login(*DEMO02)
    other.wait_for_path("/menu")
    other.open("/history/transfers")
    assert other.find_all("#transfer-history-empty"), "demo02 sent nothing"
    assert first not in other.text("main") and second not in other.text("main")
    other.open(f"/history/transfers/{first}")
    assert first not in other.text("main") and not other.find_all("#transfer-history-detail")
    assert "指定された振込・振替は見つかりません。" in other.text("main")
    screenshot(other, "h11-transfer-history-detail-not-found-phone.png")
    assert status_of(other, f"/history/transfers/{first}") == 404
    assert status_of(site, f"/history/transfers/{first}") == 200

    # demo01 on a phone: the list and the detail.
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login()
    mobile.wait_for_path("/menu")
    mobile.open("/history/transfers")
    rows = table(mobile, "#transfer-history-rows")
    assert [row[0] for row in rows] == [second, first]
    assert "吉田支店" in rows[0][3] and rows[0][4] == "3,500円" and rows[0][6] in ("完了", "受付済"), rows
    assert_cards(mobile, "#transfer-history-rows", must_show=["受付番号", "振込・振替先", "振込金額", "手数料", "状況"])
    screenshot(mobile, "h09-transfer-history-phone.png")
    mobile.click_and_wait("#language-switch")
    mobile.wait_for_path("/history/transfers")
    assert mobile.h1() == "Transfer history (振込・振替履歴照会)"
    assert_cards(mobile, "#transfer-history-rows", must_show=["Reception number", "To", "Amount", "Fee", "Status"])
    screenshot(mobile, "h12-transfer-history-phone-en.png")
    mobile.click_and_wait("#language-switch")
    mobile.wait_for_path("/history/transfers")
    mobile.open(f"/history/transfers/{second}")
    assert mobile.text("#amount") == "3,500円"
    screenshot(mobile, "h10-transfer-history-detail-phone.png")
