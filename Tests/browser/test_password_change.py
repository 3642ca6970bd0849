"""ログインパスワード変更 and 確認用パスワード変更 end to end in headless Chromium, as demo01 of a
bank of the test's own (fresh database, `kyoei demo`), whose mails go to a real SMTP server:
a refusal shown by field, the change, the notice mail, and a login with the new password."""

from conftest import DEMO_LOGIN_ID, DEMO_PASSWORD, Site
from transfertools import DEMO_CONFIRMATION, DEMO_PC_MAIL, fill, screenshot, wait_for_mails
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

NEW_LOGIN = "Momiji2026login"
NEW_CONFIRMATION = "Momiji2026kakunin"


def submit(site, current, new, again=None):
    fill(site, "current_password", current)
    fill(site, "new_password", new)
    fill(site, "new_password_again", again if again is not None else new)
    site.click_and_wait("#change")


def test_changing_both_passwords_and_logging_in_with_the_new_one(driver, bank, screenshots_dir):
    server, smtp = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    site.wait_for_path("/menu")

    # メニュー画面 → 各種変更・設定 → ログインパスワード変更画面: labelled fields, the written policy.
    assert "各種変更・設定" in site.text("nav.menu")
    site.click_and_wait("#menu-login-password")
    assert site.path == "/settings/login-password"
    assert site.h1() == "ログインパスワード変更画面"
    assert site.label_text("current_password") == "現在のログインパスワード"
    assert site.label_text("new_password") == "新しいログインパスワード"
    assert site.label_text("new_password_again") == "新しいログインパスワード（確認のため再入力）"
    assert site.find("#current_password").get_attribute("autocomplete") == "current-password"
    assert site.find("#new_password").get_attribute("autocomplete") == "new-password"
    assert "8文字以上32文字以内" in site.text("#password-policy")
    screenshot(site, "90-login-password-change.png")

    # A wrong current password and a mismatch: the form again, each message under its field.
    submit(site, "Wrong2026pass", NEW_LOGIN, NEW_LOGIN + "x")
    assert site.path == "/settings/login-password"
    assert site.text("#new_password_again-error") == "新しいパスワードが確認のための入力と一致しません。"
    assert "新しいパスワードが確認のための入力と一致しません。" in site.error_text()
    screenshot(site, "91-login-password-change-error.png")
    submit(site, DEMO_PASSWORD, DEMO_CONFIRMATION)
    assert site.text("#new_password-error") == "ログインパスワードと確認用パスワードには異なるものを指定してください。"

    # The change → the result screen and a notice to the PC address (never the password).
    submit(site, DEMO_PASSWORD, NEW_LOGIN)
    assert site.path == "/settings/login-password/done", site.error_text()
    assert site.h1() == "ログインパスワード変更結果"
    assert site.text("#result-message") == "ログインパスワードの変更が完了しました。"
    screenshot(site, "92-login-password-changed.png")
    body = wait_for_mails(smtp, DEMO_PC_MAIL, "ログインパスワード変更のお知らせ")[0].get_content()
    assert "ログインパスワードを変更しました。" in body and NEW_LOGIN not in body

    # 確認用パスワード変更 from the menu, in the same session.
    site.open("/menu")
    site.click_and_wait("#menu-confirmation-password")
    assert site.h1() == "確認用パスワード変更画面"
    submit(site, DEMO_CONFIRMATION, NEW_LOGIN)
    assert site.text("#new_password-error") == "ログインパスワードと確認用パスワードには異なるものを指定してください。"
    submit(site, DEMO_CONFIRMATION, NEW_CONFIRMATION)
    assert site.text("#result-message") == "確認用パスワードの変更が完了しました。"
    screenshot(site, "93-confirmation-password-changed.png")
    body = wait_for_mails(smtp, DEMO_PC_MAIL, "確認用パスワード変更のお知らせ")[0].get_content()
    assert "確認用パスワードを変更しました。" in body and NEW_CONFIRMATION not in body

    # Log out: the old login password is refused, the new one opens the menu.
    site.click_and_wait("#logout")
    site.login(DEMO_LOGIN_ID, DEMO_PASSWORD)
    assert site.path == "/login" and "正しくありません" in site.error_text()
    site.login(DEMO_LOGIN_ID, NEW_LOGIN)
    site.wait_for_path("/menu")

    # The same screen in English.
    site.click_and_wait("#language-switch")
    site.open("/settings/confirmation-password")
    assert site.h1() == "Change confirmation password (確認用パスワード変更)"
    assert site.label_text("current_password") == "Current confirmation password"
    screenshot(site, "94-confirmation-password-change-en.png")
