"""振込・振替 end to end in headless Chromium, as demo01 of a bank of the test's own (fresh
database, `kyoei demo`), whose mails go to a real SMTP server: the メール通知パスワード is read
from the mail the customer receives."""

from selenium.webdriver.support.ui import Select

from conftest import Site
from transfertools import (DEMO_CONFIRMATION, DEMO_ORDINARY, DEMO_PC_MAIL, DEMO_SAVINGS, MAIL_PASSWORD_SUBJECT,
                           TRANSFER_SUBJECT, amounts, choose_source, destination_radio, fill, mailed_password, mails_to,
                           outbox_kinds, read_balances, screenshot, set_mail_password, wait_for_mails, wrong_variant)
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

OTHER_BRANCH_FEE_BELOW_30000, OTHER_BANK_FEE_FROM_30000 = 110, 550  # KYOEI_TRANSFER_FEES defaults


def transfers(server):
    return server.admin("transfer", "list", "--login-id", "demo01")


def test_transfer_to_a_registered_payee_with_the_mail_password(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    before = read_balances(site)
    demo02_before = server.admin("account", "list", "--login-id", "demo02")[0]["balance"]

    # メール通知パスワード利用変更画面: the PC address, 利用する, 確認用パスワード → 次へ → result and a mail.
    site.open("/mail-password")
    assert site.text("#mail-password-state") == "未利用"
    notice = set_mail_password(site, smtp, True, screenshots=("30-mail-password.png", "31-mail-password-done.png"))
    assert DEMO_PC_MAIL in site.text("#result-detail")
    assert "メール通知パスワードの利用を開始しました" in notice.get_content()
    site.open("/mail-password")
    assert site.text("#mail-password-state").startswith("利用中") and DEMO_PC_MAIL in site.text("#mail-password-state")

    # 振込・振替: 本店 普通 → demo02's account from 振込・振替先一覧(利用者登録) → 次へ mails the password.
    site.open("/menu")
    site.click_and_wait("#menu-transfer")
    assert site.h1() == "振込・振替"
    assert "メール通知パスワードをご利用中です" in site.text("#mail-password-notice")
    assert site.text("#daily-limit") == "1,000,000円" and site.text("#remaining-limit") == "1,000,000円"
    choose_source(site, DEMO_ORDINARY)
    payee = destination_radio(site, "customer-payees")
    payee_label = site.find(f'label[for="{payee.get_attribute("id")}"]').text
    assert "協栄信用組合 吉田支店 普通" in payee_label and "ｻｶｴ ﾊﾅｺ" in payee_label
    payee.click()
    screenshot(site, "32-transfer-select.png")
    site.click_and_wait("#next")
    assert site.path == "/transfer/amount", site.error_text()
    assert site.h1() == "金額入力"
    assert DEMO_PC_MAIL in site.text("#mail-password-sent")
    assert (site.text("#destination-branch"), site.text("#destination-holder")) == ("吉田支店（002）", "ｻｶｴ ﾊﾅｺ")
    screenshot(site, "33-transfer-amount.png")
    password, body = mailed_password(smtp, DEMO_PC_MAIL)
    assert len(password) == 10 and "吉田支店" in body and "ｻｶｴ ﾊﾅｺ" in body
    assert password not in (server.folder / "server.log").read_text(), "the mailed password is never logged"

    # 金額入力 → 確認画面: amount, the 本支店宛 fee, the total; both passwords asked.
    fill(site, "amount", "12,000")
    site.click_and_wait("#next")
    assert site.path == "/transfer/confirm", site.error_text()
    assert site.h1() == "振込・振替内容確認"
    assert amounts(site) == (12_000, OTHER_BRANCH_FEE_BELOW_30000, 12_000 + OTHER_BRANCH_FEE_BELOW_30000)
    assert "1,000,000円" in site.text("#remaining-limit")
    assert site.label_text("confirmation_password") == "確認用パスワード"
    assert site.label_text("mail_password") == "メール通知パスワード"
    screenshot(site, "34-transfer-confirm.png")

    # A wrong メール通知パスワード: refused on the same screen, nothing paid.
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    fill(site, "mail_password", wrong_variant(password))
    site.click_and_wait("#execute")
    assert "メール通知パスワードが正しくありません。" in site.error_text()
    assert site.find_all("#execute"), "the form is offered again"
    screenshot(site, "35-transfer-confirm-error.png")
    assert transfers(server) == []

    # The mailed one → 実行 → 振込・振替結果 with the 受付番号.
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    fill(site, "mail_password", password)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()
    assert site.h1() == "振込・振替結果"
    reception = site.text("#reception-number")
    assert reception and site.text("#transfer-status") == "完了"
    assert site.text("#result-message") == "振込・振替が完了しました。"
    assert amounts(site) == (12_000, OTHER_BRANCH_FEE_BELOW_30000, 12_110)
    screenshot(site, "36-transfer-done.png")
    [accepted] = wait_for_mails(smtp, DEMO_PC_MAIL, TRANSFER_SUBJECT)
    assert reception in accepted.get_content()
    [row] = transfers(server)
    assert (row["reception_number"], row["status"], row["route"], row["fee"]) == (reception, "completed", "other_branch", 110)

    # 残高照会 shows the debit; demo02 received the amount.
    after = read_balances(site)
    screenshot(site, "37-balances-after-transfer.png")
    assert after[DEMO_ORDINARY] == before[DEMO_ORDINARY] - 12_110
    assert after[DEMO_SAVINGS] == before[DEMO_SAVINGS]
    assert server.admin("account", "list", "--login-id", "demo02")[0]["balance"] == demo02_before + 12_000
    assert server.admin("verify-ledger")["consistent"] is True


def test_transfer_to_an_account_typed_at_another_bank_is_accepted(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    before = read_balances(site)

    # 振込・振替 → 他口座への振込・振替: the five fields.
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    site.click_and_wait("#other-account")
    assert site.path == "/transfer/other"
    assert site.h1() == "他口座への振込・振替"
    assert [site.label_text(field) for field in ("bank_code", "branch_code", "account_type", "account_number", "holder_name")] \
        == ["金融機関コード", "支店コード", "科目", "口座番号", "受取人名"]
    assert site.find_all("#mail-password-notice") == [], "the mail password is off"

    fill(site, "bank_code", "0998")
    fill(site, "branch_code", "201")
    Select(site.find("#account_type")).select_by_visible_text("普通")
    fill(site, "account_number", "7654321")
    fill(site, "holder_name", "ヤマダ ハナコ")  # full-width: stored as half-width katakana
    screenshot(site, "40-transfer-other.png")

    # A bank code not in the master: the message beside the field, what was typed kept.
    fill(site, "bank_code", "0001")
    site.click_and_wait("#next")
    assert "この金融機関コードの金融機関は見つかりません" in site.error_text()
    assert "この金融機関コードの金融機関は見つかりません" in site.text("#bank_code-error")
    assert site.find("#account_number").get_attribute("value") == "7654321"
    assert site.find("#holder_name").get_attribute("value") == "ヤマダ ハナコ"
    screenshot(site, "40-transfer-other-error.png")

    fill(site, "bank_code", "0998")
    site.click_and_wait("#next")
    assert site.h1() == "金額入力", site.error_text()
    assert site.text("#destination-bank") == "架空サンプル銀行（0998）"
    assert site.text("#destination-branch") == "駅前支店（201）"
    assert site.text("#destination-holder") == "ﾔﾏﾀﾞ ﾊﾅｺ"
    assert site.find_all("#mail-password-sent") == []

    # Not a number: the message, asked again.
    fill(site, "amount", "四万")
    site.click_and_wait("#next")
    assert "金額は数字で入力してください。" in site.error_text()
    assert site.h1() == "金額入力"
    screenshot(site, "41-transfer-other-amount.png")
    fill(site, "amount", "４０，０００")  # full-width digits and comma are read
    site.click_and_wait("#next")
    assert site.path == "/transfer/confirm", site.error_text()
    assert amounts(site) == (40_000, OTHER_BANK_FEE_FROM_30000, 40_550)
    assert site.text("#destination-holder") == "ﾔﾏﾀﾞ ﾊﾅｺ"
    assert site.find_all("#settles-later") and site.find_all("#mail_password") == []
    screenshot(site, "42-transfer-other-confirm.png")

    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()
    assert site.text("#transfer-status") == "受付済"
    assert site.text("#result-message") == "お振込みを受け付けました。"
    reception = site.text("#reception-number")
    screenshot(site, "43-transfer-other-done.png")

    assert read_balances(site)[DEMO_ORDINARY] == before[DEMO_ORDINARY] - 40_550
    queued = [row for row in server.admin("interbank", "list", "--status", "accepted") if row["reception_number"] == reception]
    assert len(queued) == 1
    assert (queued[0]["bank_code"], queued[0]["branch_code"], queued[0]["account_number"], queued[0]["holder_name"]) == \
        ("0998", "201", "7654321", "ﾔﾏﾀﾞ ﾊﾅｺ")
    wait_for_mails(smtp, DEMO_PC_MAIL, TRANSFER_SUBJECT)
    assert "mail_password" not in outbox_kinds(server, DEMO_PC_MAIL)


def test_bank_registered_payee_and_own_accounts_need_no_mail_password(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    set_mail_password(site, smtp, True)
    before = read_balances(site)

    # 届出済み振込先 (another bank): no password mailed, none asked, even with the setting on.
    site.open("/transfer")
    assert site.find_all("#mail-password-notice")
    choose_source(site, DEMO_ORDINARY)
    payee = destination_radio(site, "bank-payees")
    assert "架空サンプル銀行 駅前支店 普通 1234567 ﾀﾅｶ ﾀﾛｳ" in site.find(f'label[for="{payee.get_attribute("id")}"]').text
    payee.click()
    site.click_and_wait("#next")
    assert site.path == "/transfer/amount", site.error_text()
    assert site.find_all("#mail-password-sent") == []
    fill(site, "amount", "30000")
    site.click_and_wait("#next")
    assert amounts(site) == (30_000, OTHER_BANK_FEE_FROM_30000, 30_550)
    assert site.find_all("#mail_password") == [], "a 届出済み振込先 never needs the mail password"
    screenshot(site, "44-transfer-bank-payee-confirm.png")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.text("#transfer-status") == "受付済", site.error_text()

    # 振替 to one's own savings account: free, outside the daily limit, no mail password.
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    own = [radio for radio in site.find_all("#own-accounts input[name=destination]")
           if site.find(f'label[for="{radio.get_attribute("id")}"]').text.startswith(" ".join(DEMO_SAVINGS))]
    assert len(own) == 1
    own[0].click()
    site.click_and_wait("#next")
    assert site.find_all("#mail-password-sent") == []
    fill(site, "amount", "5000")
    site.click_and_wait("#next")
    assert amounts(site) == (5_000, 0, 5_000)
    assert site.find_all("#mail_password") == [] and site.find_all("#remaining-limit") == []
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.text("#transfer-status") == "完了", site.error_text()

    after = read_balances(site)
    assert after[DEMO_ORDINARY] == before[DEMO_ORDINARY] - 30_550 - 5_000
    assert after[DEMO_SAVINGS] == before[DEMO_SAVINGS] + 5_000
    # Both notices arrived (they were queued after anything else), and no password mail.
    wait_for_mails(smtp, DEMO_PC_MAIL, TRANSFER_SUBJECT, 2)
    assert mails_to(smtp, DEMO_PC_MAIL, MAIL_PASSWORD_SUBJECT) == []
    assert "mail_password" not in outbox_kinds(server, DEMO_PC_MAIL)
    events = [row["event"] for row in server.admin("audit", "--login-id", "demo01", "--limit", "500")]
    assert "mail_password_issued" not in events
