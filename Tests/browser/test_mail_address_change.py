"""メールアドレス変更 end to end in headless Chromium, as demo01 of a bank of the test's own (fresh
database, `kyoei demo`) whose mails go to a real SMTP server: a refusal shown by field, the
request (nothing changes yet), the link read from the mail to the NEW address and opened on a
phone that is not signed in, the confirmation that moves the メール通知パスワード with the PC
address, the notices to both addresses, the used link refused, and the screen in English."""

import re


from conftest import Site
from transfertools import DEMO_CONFIRMATION, DEMO_PC_MAIL, fill, mails_to, screenshot, set_mail_password, wait_for_mails
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

NEW_PC = "demo01-new@example.jp"
LINK = re.compile(r"(http://\S+/settings/mail-address/confirm\?token=[0-9a-f]{64})")



def submit(site, kind, address, again=None, password=DEMO_CONFIRMATION):
    site.find(f"#kind_{kind}").click()
    fill(site, "new_address", address)
    fill(site, "new_address_again", again if again is not None else address)
    fill(site, "confirmation_password", password)
    site.click_and_wait("#send")


def test_changing_the_pc_address_through_the_link(driver, bank, screenshots_dir, phone):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")
    set_mail_password(site, smtp, True, DEMO_PC_MAIL)

    # メニュー画面 → 各種変更・設定 → メールアドレス変更画面: both addresses, where the mail password goes.
    site.open("/menu")
    site.click_and_wait("#menu-mail-address")
    assert site.path == "/settings/mail-address"
    assert site.h1() == "メールアドレス変更画面"
    assert site.text("#pc-address") == DEMO_PC_MAIL
    assert site.text("#mobile-address") == "demo01-mobile@example.jp"
    assert "メール通知パスワードはPCメールアドレスにお送りしています。" in site.text("#mail-password-note")
    assert site.label_text("kind_pc") == "PCメールアドレス" and site.label_text("kind_mobile") == "携帯メールアドレス"
    assert site.label_text("new_address") == "新しいメールアドレス"
    assert site.label_text("new_address_again") == "新しいメールアドレス（確認のため再入力）"
    assert site.label_text("confirmation_password") == "確認用パスワード"
    screenshot(site, "mail-address-01-form.png")

    # Refusals by field, nothing sent.
    submit(site, "pc", NEW_PC, again="demo01-neu@example.jp")
    assert site.path == "/settings/mail-address"
    assert site.text("#new_address_again-error") == "新しいメールアドレスが確認のための入力と一致しません。"
    submit(site, "pc", NEW_PC, password="Wrong2026x")
    assert site.text("#confirmation_password-error") == "確認用パスワードが正しくありません。"
    screenshot(site, "mail-address-02-error.png")
    assert not mails_to(smtp, NEW_PC, "メールアドレス変更の確認")

    # The request: the 送信 screen; nothing changed yet.
    submit(site, "pc", NEW_PC)
    assert site.path == "/settings/mail-address/sent", site.error_text()
    assert site.h1() == "確認メール送信結果"
    assert site.text("#sent-message") == f"新しいメールアドレス（{NEW_PC}）に確認用のメールを送信しました。"
    screenshot(site, "mail-address-03-sent.png")
    site.open("/settings/mail-address")
    assert site.text("#pc-address") == DEMO_PC_MAIL
    assert NEW_PC in site.text("#pending-change")

    # The mails: the link to the NEW address; the OLD one told, the new address masked, no link.
    link_body = wait_for_mails(smtp, NEW_PC, "メールアドレス変更の確認")[0].get_content()
    link = LINK.search(link_body).group(1)
    assert link.startswith(server.url + "/settings/mail-address/confirm?token=")
    assert "1回限り有効" in link_body and "once" in link_body
    notice = wait_for_mails(smtp, DEMO_PC_MAIL, "メールアドレス変更お申込みのお知らせ")[0].get_content()
    assert "de****@example.jp" in notice and NEW_PC not in notice and "token=" not in notice
    assert "お心当たりのない場合" in notice

    # The link, opened on a phone that is not signed in: what will change, said before.
    mobile = Site(phone(390), server.url, screenshots_dir)
    mobile.browser.get(link)
    assert mobile.h1() == "メールアドレス変更確認画面"
    assert mobile.text("#confirm-kind") == "PCメールアドレス"
    assert mobile.text("#confirm-new-address") == NEW_PC
    assert "メール通知パスワードの送信先も、新しいアドレスに変更されます。" in mobile.text("#confirm-mail-password")
    screenshot(mobile, "mail-address-04-confirm-phone.png")
    mobile.click_and_wait("#confirm")
    assert mobile.h1() == "メールアドレス変更結果"
    assert mobile.text("#result-message") == f"PCメールアドレスを{NEW_PC}に変更しました。"
    assert mobile.text("#result-mail-password") == "メール通知パスワードの送信先も、新しいアドレスに変更しました。"
    screenshot(mobile, "mail-address-05-confirmed-phone.png")

    # Both addresses told of the change; the old one sees the new address masked.
    to_new = wait_for_mails(smtp, NEW_PC, "登録メールアドレス変更のお知らせ")[0].get_content()
    assert "インターネットバンキングでのお手続きにより" in to_new and "メール通知パスワードの送信先も新しいアドレスに変更しました。" in to_new
    to_old = wait_for_mails(smtp, DEMO_PC_MAIL, "登録メールアドレス変更のお知らせ")[0].get_content()
    assert "de****@example.jp" in to_old and NEW_PC not in to_old

    # The link again (the mail opened a second time): used, one clear refusal, nothing changed.
    mobile.browser.get(link)
    assert mobile.text("#refusal-message") == "このURLは使用済みです。メールアドレスの変更はすでに完了しています。"
    screenshot(mobile, "mail-address-06-link-used-phone.png")
    mobile.browser.get(server.url + "/settings/mail-address/confirm?token=" + "0" * 64)
    assert mobile.text("#refusal-message").startswith("このURLは無効です。")

    # The signed-in PC browser sees the new address, and the mail password going to it.
    site.open("/settings/mail-address")
    assert site.text("#pc-address") == NEW_PC
    assert site.find_all("#pending-change") == []
    site.open("/mail-password")
    assert NEW_PC in site.text("#mail-password-state")

    # The same screen in English.
    site.open("/menu")
    site.click_and_wait("#language-switch")
    site.open("/settings/mail-address")
    assert site.h1() == "Change mail address (メールアドレス変更)"
    assert site.label_text("new_address") == "New mail address"
    screenshot(site, "mail-address-07-form-en.png")
