"""金融機関・支店の検索 of 他口座への振込・振替 in headless Chromium, on a bank of the test's own
(fresh database, `kyoei demo`, its demo bank/branch master, KYOEI_MAJOR_BANKS naming two demo
banks as the shortcuts): the customer types the account first, finds the bank by its first kana
and the branch by name, comes back to the form with both codes filled and the account as typed,
and the transfer completes; then the same on a phone, where the kana buttons and the lists must
be large enough to tap and fit the screen; Japanese and English."""

import os
import subprocess

import pytest

from conftest import Site
from mailtools import KyoeiServer, SmtpServer, fresh_database_url
from selenium.webdriver.support.ui import Select
from transfertools import DEMO_CONFIRMATION, DEMO_ORDINARY, DEMO_PC_MAIL, TRANSFER_SUBJECT, choose_source, fill, screenshot, \
    wait_for_mails

ROWS = ["あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"]


@pytest.fixture
def bank(kyoei_bin, database_url, tmp_path):
    """As transfertools' bank, with 架空サンプル銀行 and デモネット銀行 as the major banks."""
    url = fresh_database_url(database_url, tmp_path)
    env = dict(os.environ, KYOEI_DATABASE_URL=url)
    subprocess.run([kyoei_bin, "demo"], env=env, check=True, capture_output=True, cwd=tmp_path)
    smtp = SmtpServer(tmp_path).start()
    server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                         KYOEI_MAJOR_BANKS="0998,0997").start()
    yield server, smtp
    server.stop()
    smtp.stop()



def ids(site, css):
    return [element.get_attribute("id") for element in site.find_all(css)]


def open_other_form(site):
    """振込・振替 → 本店 普通 → 他口座への振込・振替."""
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    site.click_and_wait("#other-account")
    assert site.path == "/transfer/other"


def test_a_bank_by_kana_initial_and_a_branch_by_name_fill_the_codes_and_the_transfer_completes(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    open_other_form(site)

    # The account typed first; the codes are what the customer does not know.
    Select(site.find("#account_type")).select_by_visible_text("当座")
    fill(site, "account_number", "7654321")
    fill(site, "holder_name", "ヤマダ ハナコ")
    assert site.text("#search-bank") == "金融機関を検索" and site.text("#search-branch") == "支店を検索"
    screenshot(site, "bs01-transfer-other-search-buttons.png")

    # 金融機関を検索: this bank and the configured major banks first, the 50音 rows.
    site.click_and_wait("#search-bank")
    assert site.path == "/transfer/destination/bank"
    assert site.h1() == "振込先金融機関の検索"
    assert ids(site, "#major-bank-list a") == ["major-bank-2999", "major-bank-0998", "major-bank-0997"]
    assert [link.text for link in site.find_all("#kana-rows a")] == ROWS
    assert site.label_text("q") == "金融機関名または金融機関コード"
    screenshot(site, "bs02-bank-search.png")

    # た row, then て: テスト信用組合 and デモネット銀行 (デ under て, as in a 50音 index).
    site.click_and_wait("#kana-row-た")
    assert [link.text for link in site.find_all("#kana-syllables a")] == ["た", "ち", "つ", "て", "と"]
    site.click_and_wait("#kana-て")
    assert site.text("#directory-results-heading") == "「て」で始まる金融機関"
    assert ids(site, "#directory-entries a") == ["bank-2998", "bank-0997"]
    assert site.find("#kana-て").get_attribute("aria-current") == "true"
    screenshot(site, "bs03-bank-search-initial.png")

    # デモネット銀行 → its branches (a small bank: all at once), then one by name in hiragana.
    site.click_and_wait("#bank-0997")
    assert site.path == "/transfer/destination/branch"
    assert site.h1() == "振込先支店の検索"
    assert site.text("#chosen-bank") == "デモネット銀行（0997）"
    assert ids(site, "#directory-entries a") == ["branch-101", "branch-102"]
    fill(site, "q", "もみじ")
    site.click_and_wait("#directory-search-button")
    assert site.text("#directory-results-heading") == "「もみじ」を含む支店"
    assert ids(site, "#directory-entries a") == ["branch-102"]
    assert "もみじ支店" in site.text("#branch-102") and "102" in site.text("#branch-102")
    screenshot(site, "bs04-branch-search-name.png")

    # Chosen: the form again with both codes, and the account exactly as typed.
    site.click_and_wait("#branch-102")
    assert site.path == "/transfer/other"
    assert site.find("#bank_code").get_attribute("value") == "0997"
    assert site.find("#branch_code").get_attribute("value") == "102"
    assert Select(site.find("#account_type")).first_selected_option.text == "当座"
    assert site.find("#account_number").get_attribute("value") == "7654321"
    assert site.find("#holder_name").get_attribute("value") == "ヤマダ ハナコ"
    assert site.text("#chosen-destination") == "振込先: デモネット銀行 もみじ支店"
    screenshot(site, "bs05-transfer-other-filled.png")

    # The transfer goes through as with typed codes.
    site.click_and_wait("#next")
    assert site.h1() == "金額入力", site.error_text()
    assert site.text("#destination-bank") == "デモネット銀行（0997）"
    assert site.text("#destination-branch") == "もみじ支店（102）"
    fill(site, "amount", "12000")
    site.click_and_wait("#next")
    assert site.path == "/transfer/confirm", site.error_text()
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()
    assert site.text("#transfer-status") == "受付済"
    reception = site.text("#reception-number")
    queued = [row for row in server.admin("interbank", "list", "--status", "accepted") if row["reception_number"] == reception]
    assert [(row["bank_code"], row["branch_code"], row["account_number"]) for row in queued] == [("0997", "102", "7654321")]
    wait_for_mails(smtp, DEMO_PC_MAIL, TRANSFER_SUBJECT)

    # Codes typed by hand still work, and 支店を検索 uses the bank code typed.
    open_other_form(site)
    fill(site, "bank_code", "０９９８")
    site.click_and_wait("#search-branch")
    assert site.text("#chosen-bank") == "架空サンプル銀行（0998）"
    # A bad initial in the address is named, not searched.
    site.open(site.path + "?" + site.query + "&kana=Z")
    assert site.text("#kana-error") == "頭文字の指定が正しくありません。一覧から選んでください。"
    screenshot(site, "bs06-branch-search-error.png")

    # English.
    site.click_and_wait("#language-switch")
    site.click_and_wait("#change-bank")
    assert site.h1() == "Find the payee's bank (振込先金融機関の検索)"
    site.click_and_wait("#kana-row-か")
    assert site.text("#directory-results-heading") == "Banks in the 「か」 row"
    assert ids(site, "#directory-entries a") == ["bank-0998", "bank-1999", "bank-2999"]
    screenshot(site, "bs07-bank-search-en.png")
    site.click_and_wait("#bank-0998")
    assert site.h1() == "Find the payee's branch (振込先支店の検索)"
    screenshot(site, "bs08-branch-search-en.png")


def fits_and_tappable(site, css):
    """Every element of `css` at least 44x40 CSS px and inside the screen; no sideways scrolling."""
    sizes = site.browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((e) => { const r = e.getBoundingClientRect();"
        " return [r.left, r.right, r.width, r.height]; });", css)
    width = site.browser.execute_script("return window.innerWidth;")
    assert sizes, css
    for left, right, box_width, height in sizes:
        assert height >= 44 and box_width >= 40 and left >= 0 and right <= width, (css, left, right, box_width, height)
    assert site.browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth;")


def test_the_search_on_a_phone_in_japanese_and_english(bank, screenshots_dir, phone):
    server, _ = bank
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.login()
    open_other_form(mobile)
    fill(mobile, "account_number", "1234567")
    mobile.click_and_wait("#search-bank")
    fits_and_tappable(mobile, "#kana-rows a")
    fits_and_tappable(mobile, "#major-bank-list a")
    screenshot(mobile, "bs11-bank-search-phone.png")

    mobile.click_and_wait("#kana-row-か")
    fits_and_tappable(mobile, "#kana-syllables a")
    mobile.click_and_wait("#kana-か")
    assert ids(mobile, "#directory-entries a") == ["bank-0998", "bank-1999"]
    fits_and_tappable(mobile, "#directory-entries a")
    screenshot(mobile, "bs12-bank-search-initial-phone.png")

    mobile.click_and_wait("#bank-1999")
    fill(mobile, "q", "きた")
    mobile.click_and_wait("#directory-search-button")
    assert ids(mobile, "#directory-entries a") == ["branch-002"]
    fits_and_tappable(mobile, "#directory-entries a")
    screenshot(mobile, "bs13-branch-search-phone.png")
    mobile.click_and_wait("#branch-002")
    assert (mobile.find("#bank_code").get_attribute("value"), mobile.find("#branch_code").get_attribute("value")) == ("1999", "002")
    assert mobile.find("#account_number").get_attribute("value") == "1234567"
    screenshot(mobile, "bs14-transfer-other-filled-phone.png")

    mobile.click_and_wait("#language-switch")
    mobile.click_and_wait("#search-bank")
    assert mobile.h1() == "Find the payee's bank (振込先金融機関の検索)"
    fill(mobile, "q", "ﾃﾞﾓ")
    mobile.click_and_wait("#directory-search-button")
    assert ids(mobile, "#directory-entries a") == ["bank-0997"]
    fits_and_tappable(mobile, "#directory-entries a")
    screenshot(mobile, "bs15-bank-search-phone-en.png")
