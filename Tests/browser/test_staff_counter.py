"""窓口業務 (the back office's counter work) in a real (headless) Chromium, as the demo's
事務担当 clerk01: 顧客新規登録 (the bank's generated passwords open the new customer's login),
入金 from 顧客詳細 (a replayed form posts nothing), 届出済み振込先の登録, and
登録メールアドレス変更 (both addresses told)."""

import re
import time
import urllib.parse
import urllib.request

from stafftools import staff_login


def unique_login_id():
    """A login ID no earlier run against the same server used."""
    return "web" + str(int(time.time() * 1000))[-9:]


def fill(site, field_id, value):
    field = site.find(f"#{field_id}")
    field.clear()
    field.send_keys(value)


def hidden_fields(site, form_css):
    return {field.get_attribute("name"): field.get_attribute("value")
            for field in site.find_all(f"{form_css} input[type=hidden]")}


def post_again(site, path, fields):
    """Sends the same form once more from outside the browser, with the clerk's cookie, as a
    double click or a replayed request would: returns the page the server answers with."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in site.browser.get_cookies() if c["name"] == "kyoei_staff")
    request = urllib.request.Request(site.base_url + path, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode("utf-8")


def test_counter_work_from_new_customer_to_mail_address(site):
    staff_login(site)
    site.click_and_wait("#nav-customer-new")
    assert site.path == "/staff/customers/new"
    assert site.h1() == "顧客新規登録"
    assert site.label_text("login_id") == "ログインID"
    assert site.label_text("name_kana") == "カナ氏名"
    assert site.label_text("mobile_email") == "携帯メールアドレス"

    # Every bad field at once, beside its field; what was typed stays.
    login_id = unique_login_id()
    fill(site, "login_id", "ab")
    fill(site, "name_kanji", "窓口 花子")
    fill(site, "name_kana", "漢字")
    fill(site, "pc_email", "hanako@localhost")  # the browser takes it, the bank wants a dotted domain
    site.click_and_wait("#counter-customer-button")
    assert site.text("#login_id-error") == "ログインIDは6文字以上20文字以内で入力してください。"
    assert site.text("#name_kana-error").startswith("カナ氏名に使用できない文字")
    assert site.text("#pc_email-error") == "メールアドレスの形式が正しくありません。"
    assert site.find("#name_kanji").get_attribute("value") == "窓口 花子"
    site.screenshot("68-staff-customer-new-error.png")

    fill(site, "login_id", login_id)
    fill(site, "name_kana", "まどぐち はなこ")
    fill(site, "pc_email", f"{login_id}@example.jp")
    fill(site, "mobile_email", f"{login_id}-m@example.jp")
    site.find("#branch option[value='001']").click()
    site.find("#account_type option[value='ordinary']").click()
    site.screenshot("68-staff-customer-new.png")
    site.click_and_wait("#counter-customer-button")
    assert site.h1() == "顧客新規登録結果"
    assert site.text("#created-login-id") == login_id
    login_password = site.text("#generated-login-password")
    confirmation_password = site.text("#generated-confirmation-password")
    assert len(login_password) == 12 and login_password != confirmation_password
    assert len(site.find_all("#created-account-list tbody tr")) == 1
    site.screenshot("69-staff-customer-created.png")

    # The generated password opens the customer's login (the customer site's own cookie).
    site.click_and_wait("#to-customer")
    detail_path = site.path
    assert re.fullmatch(r"/staff/customers/\d+", detail_path)
    assert login_password not in site.browser.page_source, "the passwords are shown once only"
    site.open("/login")
    site.login(login_id, login_password)
    site.wait_for_path("/menu")
    site.open(detail_path)
    site.screenshot("70-staff-counter-actions.png")
    assert site.text("#link-posting") == "入金・出金"

    # 入金: 全角 and commas accepted; the same form sent again posts nothing more.
    site.click_and_wait("#link-posting")
    assert site.h1() == "入金・出金"
    fill(site, "amount", "１０，０００")
    fill(site, "memo", "窓口入金")
    form_fields = hidden_fields(site, "#counter-posting-form")
    assert len(form_fields["form_token"]) == 32
    account_id = site.find("input[name=account]:checked").get_attribute("value")
    site.screenshot("71-staff-posting.png")
    site.click_and_wait("#counter-posting-button")
    assert "入金を記帳しました。" in site.text("p.notice")
    assert site.text("#posting-amount") == "10,000円"
    assert site.text("#posting-balance") == "10,000円"
    transaction = site.text("#posting-transaction")
    site.screenshot("72-staff-posting-done.png")
    replay = post_again(site, f"{detail_path}/postings/new",
                        dict(form_fields, account=account_id, direction="deposit", amount="10000", memo="窓口入金"))
    assert "この入力はすでに記帳済みです（二重送信）。" in replay
    assert f'<dd id="posting-transaction">{transaction}</dd>' in replay
    site.open(detail_path)
    assert site.find_all("#customer-accounts tbody tr")[0].text.endswith("10,000円")

    # 届出済み振込先: 架空サンプル銀行 駅前支店 from the demo master.
    site.click_and_wait("#link-payee-new")
    assert site.h1() == "届出済み振込先の登録"
    fill(site, "bank_code", "0998")
    fill(site, "branch_code", "201")
    fill(site, "account_number", "7654321")
    fill(site, "holder_name", "まどぐち はなこ")
    site.screenshot("73-staff-payee-new.png")
    site.click_and_wait("#counter-payee-button")
    assert site.path == detail_path
    assert site.text("p.notice") == "届出済み振込先を登録しました。"
    rows = site.find_all("#bank-payees tbody tr")
    assert len(rows) == 1 and "7654321" in rows[0].text and "ﾏﾄﾞｸﾞﾁ ﾊﾅｺ" in rows[0].text
    site.screenshot("74-staff-payee-registered.png")

    # 登録メールアドレス変更: the same address is refused; a new one is mailed to both.
    site.click_and_wait("#link-mail-address")
    assert site.h1() == "登録メールアドレス変更"
    assert site.text("#current-pc-email") == f"{login_id}@example.jp"
    fill(site, "address", f"{login_id}@example.jp")
    site.click_and_wait("#counter-mail-address-button")
    assert site.text("#address-error") == "現在の登録アドレスと同じです。新しいアドレスを入力してください。"
    fill(site, "address", f"{login_id}-new@example.jp")
    site.screenshot("75-staff-mail-address.png")
    site.click_and_wait("#counter-mail-address-button")
    assert site.path == detail_path
    assert "旧アドレスと新アドレスにお知らせを送りました" in site.text("p.notice")
    assert site.text("#profile-pc-email") == f"{login_id}-new@example.jp"
    site.screenshot("75-staff-mail-address-changed.png")
