"""Helpers of the 振込・振替 browser tests: a bank of their own (fresh database, `kyoei demo`, a
real SMTP server), the mails read from that server, and the steps a customer takes on the
screens (balances, the 支払口座, the メール通知パスワード setting)."""

import base64
import os
import re
import subprocess

import pytest

from conftest import parse_yen
from mailtools import KyoeiServer, SmtpServer, decoded_subject, fresh_database_url, wait_until
from selenium.webdriver.support.ui import Select

DEMO_CONFIRMATION = "Fuji3776x"
DEMO_PC_MAIL = "demo01@example.jp"
DEMO_ORDINARY = ("本店", "普通", "1000001")
DEMO_SAVINGS = ("吉田支店", "貯蓄", "1000001")
MAIL_PASSWORD_SUBJECT = "メール通知パスワードのお知らせ"
TRANSFER_SUBJECT = "振込受付のお知らせ"
WRONG_CONFIRMATION = "確認用パスワードが正しくありません。"


@pytest.fixture
def bank(kyoei_bin, database_url, tmp_path):
    """A bank of its own (fresh database, the demo customers and payees) that mails through a
    real SMTP server: the mailed passwords are read as the customer reads them, and the
    suite's shared server and its customers are never touched."""
    url = fresh_database_url(database_url, tmp_path)
    env = dict(os.environ, KYOEI_DATABASE_URL=url)
    subprocess.run([kyoei_bin, "demo"], env=env, check=True, capture_output=True, cwd=tmp_path)
    smtp = SmtpServer(tmp_path).start()
    server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}").start()
    yield server, smtp
    server.stop()
    smtp.stop()


# --------------------------------------------------------------------------------------
# Mail
# --------------------------------------------------------------------------------------
def mails_to(smtp, address, subject_part):
    return [message for message in smtp.messages()
            if message["X-Test-Rcpt-To"] == address and subject_part in decoded_subject(message)]


def wait_for_mails(smtp, address, subject_part, count=1):
    """The first `count` mails to `address` whose subject contains `subject_part`, oldest first."""
    found = wait_until(lambda: (lambda mails: mails if len(mails) >= count else None)(mails_to(smtp, address, subject_part)),
                       30, f"{count} mail(s) '{subject_part}' to {address}")
    return found[:count]


def mailed_password(smtp, address, count=1):
    """The メール通知パスワード of the `count`-th such mail, as the customer reads it."""
    body = wait_for_mails(smtp, address, MAIL_PASSWORD_SUBJECT, count)[-1].get_content()
    match = re.search(r"メール通知パスワード: (\S+)", body)
    assert match, body
    return match.group(1), body


def wrong_variant(password):
    """The password with its last character changed to another one the bank could issue."""
    return password[:-1] + ("A" if password[-1] != "A" else "C")


def outbox_kinds(server, address):
    """The kinds of the mails queued for `address`, oldest first."""
    mails = server.admin("mail", "list", "--limit", "1000")
    return [mail["kind"] for mail in sorted(mails, key=lambda mail: mail["id"]) if address in mail["recipients"]]


# --------------------------------------------------------------------------------------
# Screens
# --------------------------------------------------------------------------------------
def screenshot(site, name):
    """The whole page, not only the window: the 確認画面's password fields are below the fold."""
    if site.screenshots_dir is None:
        return
    size = site.browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = site.browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    (site.screenshots_dir / name).write_bytes(base64.b64decode(shot["data"]))


def fill(site, field_id, value):
    field = site.find(f"#{field_id}")
    field.clear()
    field.send_keys(value)


def read_balances(site):
    """{(branch, type, number): yen} from 残高照会."""
    site.open("/balances")
    result = {}
    for row in site.find_all("table#balances tbody tr"):
        cells = [cell.text.strip() for cell in row.find_elements("css selector", "td")]
        result[tuple(cells[:3])] = parse_yen(row.find_element("css selector", "td.balance").text)
    return result


def choose_source(site, account):
    """Selects the 支払口座 whose label starts with 'branch type number'."""
    label = " ".join(account)
    select = Select(site.find("#source"))
    matches = [option for option in select.options if option.text.strip().startswith(label)]
    assert len(matches) == 1, [option.text for option in select.options]
    select.select_by_value(matches[0].get_attribute("value"))


def destination_radio(site, group):
    """The only radio of a group on the 振込・振替 screen: customer-payees, bank-payees."""
    radios = site.find_all(f"#{group} input[name=destination]")
    assert len(radios) == 1, f"expected one choice in #{group}, got {len(radios)}"
    return radios[0]


def amounts(site):
    """(振込金額, 手数料, 合計) as the 確認画面 and the result screen show them."""
    return tuple(parse_yen(site.text(f"#transfer-amounts #{cell}")) for cell in ("amount", "fee", "total"))


def set_mail_password(site, smtp, use, address=DEMO_PC_MAIL, screenshots=None):
    """メール通知パスワード利用変更: address, 利用する/利用しない, 確認用パスワード → 次へ; waits for the notice mail."""
    subject = "メール通知パスワード" + ("利用開始のお知らせ" if use else "利用停止のお知らせ")
    before = len(mails_to(smtp, address, subject))
    site.open("/menu")
    site.click_and_wait("#menu-mail-password")
    assert site.h1() == "メール通知パスワード利用変更画面"
    site.find(f'input[name=address][value="{address}"]').click()
    site.find("#use_on" if use else "#use_off").click()
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    if screenshots:
        screenshot(site, screenshots[0])
    site.click_and_wait("#next")
    assert site.path == "/mail-password/done", site.error_text()
    assert site.h1() == "メール通知パスワード利用変更結果"
    if screenshots:
        screenshot(site, screenshots[1])
    return wait_for_mails(smtp, address, subject, before + 1)[-1]
