"""振込・振替先一覧 in headless Chromium: the 利用者登録 list with 振込・振替先の登録 and 削除, each
with the 確認用パスワード, beside the 届出済み振込先 the site only shows."""

from selenium.webdriver.support.ui import Select

from conftest import Site
from transfertools import DEMO_CONFIRMATION, WRONG_CONFIRMATION, fill, screenshot
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

NEW_PAYEE = ["デモネット銀行", "いちょう支店", "貯蓄", "7777777", "ｽｽﾞｷ ｲﾁﾛｳ"]


def rows(site, table):
    return [[cell.text.strip() for cell in row.find_elements("css selector", "td")]
            for row in site.find_all(f"table#{table} tbody tr")]


def customer_payees(server):
    return server.admin("payee", "list", "--login-id", "demo01")["customer_registered"]


def fill_payee(site, bank_code, branch_code, account_type, number, holder, password):
    fill(site, "bank_code", bank_code)
    fill(site, "branch_code", branch_code)
    Select(site.find("#account_type")).select_by_visible_text(account_type)
    fill(site, "account_number", number)
    fill(site, "holder_name", holder)
    fill(site, "confirmation_password", password)


def test_register_and_delete_a_payee_with_the_confirmation_password(driver, bank, screenshots_dir):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()

    # メニュー画面 → 振込・振替先一覧: demo02's account (利用者登録) and the 届出済み振込先.
    site.click_and_wait("#menu-payees")
    assert site.h1() == "振込・振替先一覧"
    [demo02] = rows(site, "customer-payee-list")
    assert demo02[:3] == ["協栄信用組合", "吉田支店", "普通"] and demo02[4] == "ｻｶｴ ﾊﾅｺ"
    assert rows(site, "bank-payee-list") == [["架空サンプル銀行", "駅前支店", "普通", "1234567", "ﾀﾅｶ ﾀﾛｳ"]]
    assert site.find_all("#bank-payees a") == [], "届出済み振込先 are changed at the counter only"
    screenshot(site, "50-payees.png")
    before = customer_payees(server)

    # 振込・振替先の登録: a wrong 確認用パスワード registers nothing; what was typed stays.
    site.click_and_wait("#payee-new")
    assert site.h1() == "振込・振替先登録"
    fill_payee(site, "0997", "101", "貯蓄", "7777777", "すずき いちろう", DEMO_CONFIRMATION)
    screenshot(site, "51-payee-new.png")
    fill(site, "confirmation_password", "Wrong3776x")
    site.click_and_wait("#register")
    assert WRONG_CONFIRMATION in site.error_text()
    assert site.find("#account_number").get_attribute("value") == "7777777"
    screenshot(site, "51-payee-new-error.png")
    assert customer_payees(server) == before

    # A branch not in the master: the message beside the field.
    fill_payee(site, "0997", "999", "貯蓄", "7777777", "すずき いちろう", DEMO_CONFIRMATION)
    site.click_and_wait("#register")
    assert "この支店コードの支店は見つかりません" in site.text("#branch_code-error")
    assert customer_payees(server) == before

    # Right: back to the list with the new payee, its name in half-width katakana.
    fill_payee(site, "0997", "101", "貯蓄", "7777777", "すずき いちろう", DEMO_CONFIRMATION)
    site.click_and_wait("#register")
    assert site.path == "/payees", site.error_text()
    assert site.text("p.notice") == "振込・振替先を登録しました。"
    listed = rows(site, "customer-payee-list")
    assert [row[:5] for row in listed] == [demo02[:5], NEW_PAYEE]
    screenshot(site, "52-payees-added.png")
    added = [payee for payee in customer_payees(server) if payee["account_number"] == "7777777"]
    assert len(added) == 1 and added[0]["holder_name"] == "ｽｽﾞｷ ｲﾁﾛｳ"
    payee_id = added[0]["id"]

    # The same account twice is refused.
    site.open("/payees/new")
    fill_payee(site, "0997", "101", "貯蓄", "7777777", "ｽｽﾞｷ ｲﾁﾛｳ", DEMO_CONFIRMATION)
    site.click_and_wait("#register")
    assert "この振込・振替先はすでに登録されています。" in site.error_text()
    assert len(customer_payees(server)) == len(before) + 1

    # It is a destination on the 振込・振替 screen now.
    site.open("/transfer")
    assert site.find_all(f"#customer-payees input[value='customer:{payee_id}']")

    # 削除: the payee shown, a wrong 確認用パスワード deletes nothing, the right one does.
    site.open("/payees")
    site.click_and_wait(f"#delete-payee-{payee_id}")
    assert site.path == f"/payees/{payee_id}/delete"
    assert site.h1() == "振込・振替先削除"
    summary = site.text("#payee-summary")
    assert all(part in summary for part in NEW_PAYEE), summary
    screenshot(site, "53-payee-delete.png")
    fill(site, "confirmation_password", "Wrong3776x")
    site.click_and_wait("#delete")
    assert WRONG_CONFIRMATION in site.error_text()
    screenshot(site, "53-payee-delete-error.png")
    assert any(payee["id"] == payee_id for payee in customer_payees(server))
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#delete")
    assert site.path == "/payees", site.error_text()
    assert site.text("p.notice") == "振込・振替先を削除しました。"
    assert [row[:5] for row in rows(site, "customer-payee-list")] == [demo02[:5]]
    screenshot(site, "54-payees-deleted.png")
    assert customer_payees(server) == before

    # Gone, and a 届出済み振込先 cannot be deleted on the site either.
    bank_payee = server.admin("payee", "list", "--login-id", "demo01")["bank_registered"][0]["id"]
    for gone in (payee_id, bank_payee):
        site.open(f"/payees/{gone}/delete")
        assert "指定された振込・振替先は見つかりません。" in site.text("p.error-message")
        assert site.find_all("#delete") == []
    events = [row["event"] for row in server.admin("audit", "--login-id", "demo01", "--limit", "500")]
    assert {"payee_added", "payee_deleted"} <= set(events)
