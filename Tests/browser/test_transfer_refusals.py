"""振込・振替 refusals as the customer sees them in headless Chromium: the daily limit and the
balance on the 金額入力 screen, a wrong 確認用パスワード on the 確認画面 (nothing paid), and a
確認画面 submitted twice (a double click, two requests at once, browser back and resubmit)
paying once."""

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from conftest import Site
from transfertools import (DEMO_CONFIRMATION, DEMO_ORDINARY, DEMO_PC_MAIL, WRONG_CONFIRMATION, choose_source,
                           destination_radio, fill, outbox_kinds, screenshot)
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name

FEE = 110  # 本店 → demo02 at 吉田支店 (本支店宛), below 30,000円


def ordinary_balance(server):
    accounts = server.admin("account", "list", "--login-id", "demo01")
    return next(row["balance"] for row in accounts if row["branchCode"] == "001" and row["accountType"] == "ordinary")


def transfers(server):
    return server.admin("transfer", "list", "--login-id", "demo01")


def to_amount_screen(site):
    """振込・振替: 本店 普通 → demo02's account (利用者登録; the mail password is off) → 次へ."""
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    destination_radio(site, "customer-payees").click()
    site.click_and_wait("#next")
    assert site.path == "/transfer/amount", site.error_text()


def enter_amount(site, amount):
    fill(site, "amount", amount)
    site.click_and_wait("#next")


def test_limit_balance_and_wrong_confirmation_password_pay_nothing_then_a_double_click_pays_once(driver, bank, screenshots_dir):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    start = ordinary_balance(server)

    # Over what is left of today's limit (the counter set 10,000円): refused before the 確認画面.
    server.admin("transfer-limit", "--login-id", "demo01", "--amount", "10000")
    to_amount_screen(site)
    enter_amount(site, "20000")
    assert site.h1() == "金額入力"
    assert "振込金額が本日の振込可能残額（10,000円）を超えています（1日の振込限度額 10,000円）。" in site.error_text()
    assert site.find("#amount").get_attribute("value") == "20000"
    screenshot(site, "45-transfer-amount-error.png")

    # More than the account holds (amount and fee): refused, saying how much.
    server.admin("transfer-limit", "--login-id", "demo01", "--default")
    enter_amount(site, "900000")
    assert "支払口座の残高が不足しています" in site.error_text()
    assert f"{start:,}円" in site.error_text()

    # A wrong 確認用パスワード: the message, the form again, nothing paid.
    enter_amount(site, "3000")
    assert site.path == "/transfer/confirm", site.error_text()
    fill(site, "confirmation_password", "Wrong3776x")
    site.click_and_wait("#execute")
    assert WRONG_CONFIRMATION in site.error_text()
    assert site.find_all("#execute")
    screenshot(site, "46-transfer-wrong-password.png")
    assert transfers(server) == [] and ordinary_balance(server) == start

    # The right one, double-clicked: one transfer, one debit, its result shown.
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    ActionChains(site.browser).double_click(site.find("#execute")).perform()
    site.wait_for_path("/transfer/done")
    WebDriverWait(site.browser, 10).until(lambda _: site.find_all("#reception-number"))
    reception = site.text("#reception-number")
    [row] = transfers(server)
    assert row["reception_number"] == reception and row["amount"] == 3_000
    assert ordinary_balance(server) == start - 3_000 - FEE
    assert outbox_kinds(server, DEMO_PC_MAIL).count("transfer_accepted") == 1


def submit_twice_at_once(site, fields):
    """The 実行 form's fields sent twice at the same moment with the browser's session (the
    site's CSP rightly forbids scripts from posting, so these two come from the test).
    Returns each answer's (status, Location)."""
    cookie = site.session_cookie()[0]["value"]
    parts = urlsplit(site.base_url)
    start = threading.Barrier(2)

    def post(_):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        start.wait()
        connection.request("POST", "/transfer/execute", urlencode(fields),
                           {"Content-Type": "application/x-www-form-urlencoded", "Origin": site.base_url,
                            "Cookie": f"kyoei_session={cookie}"})
        answer = connection.getresponse()
        answer.read()
        connection.close()
        return answer.status, answer.getheader("Location")

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(post, range(2)))


RESUBMIT = """
const form = document.createElement('form');
form.method = 'post';
form.action = '/transfer/execute';
for (const [name, value] of Object.entries(arguments[0])) {
    const input = document.createElement('input');
    input.type = 'hidden'; input.name = name; input.value = value;
    form.appendChild(input);
}
const button = document.createElement('button');
button.type = 'submit'; button.id = 'resubmit'; button.textContent = 'resubmit';
form.appendChild(button);
document.body.appendChild(form);
"""


def test_the_same_confirmation_sent_twice_at_once_then_again_after_back_pays_once(driver, bank, screenshots_dir):
    server, _ = bank
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    start = ordinary_balance(server)
    to_amount_screen(site)
    enter_amount(site, "2000")
    assert site.path == "/transfer/confirm", site.error_text()
    confirm_url = site.browser.current_url
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    fields = {name: site.find(f'#transfer-execute-form input[name="{name}"]').get_attribute("value")
              for name in ("_csrf", "nonce", "confirmation_password")}

    # Two submissions of the form at the same moment: both answered with the one result.
    answers = submit_twice_at_once(site, fields)
    [row] = transfers(server)
    assert answers == [(303, f"/transfer/done?no={row['reception_number']}")] * 2, answers
    assert ordinary_balance(server) == start - 2_000 - FEE
    site.open(answers[0][1])
    assert site.text("#reception-number") == row["reception_number"]

    # Browser back to the 確認画面 and 実行 once more: the first result again. (Chromium keeps
    # the page in its back/forward cache; fetched again it is the used-up page below.)
    site.browser.back()
    site.wait_for_path("/transfer/confirm")
    assert site.browser.current_url == confirm_url
    if site.find_all("#execute"):
        fill(site, "confirmation_password", DEMO_CONFIRMATION)
        site.click_and_wait("#execute")
        assert site.path == "/transfer/done", site.error_text()
        assert site.text("#reception-number") == row["reception_number"]

    # Fetched again, the used 確認画面 says so and offers no 実行.
    site.open(confirm_url.removeprefix(site.base_url))
    assert "この確認画面はすでに使われています" in site.text("p.error-message")
    assert site.find_all("#execute") == [] and site.find("#restart").get_attribute("href").endswith("/transfer")
    screenshot(site, "47-transfer-confirm-used.png")

    # The same form sent once more from there (as the browser's resubmission does): the first result.
    site.browser.execute_script(RESUBMIT, fields)
    site.click_and_wait("#resubmit")
    assert site.path == "/transfer/done", site.error_text()
    assert site.text("#reception-number") == row["reception_number"]
    assert [other["reception_number"] for other in transfers(server)] == [row["reception_number"]]
    assert ordinary_balance(server) == start - 2_000 - FEE
    assert outbox_kinds(server, DEMO_PC_MAIL).count("transfer_accepted") == 1
    assert server.admin("verify-ledger")["consistent"] is True
