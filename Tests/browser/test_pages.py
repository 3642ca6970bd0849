"""Every customer screen in a real (headless) Chromium, as the demo customer demo01."""

import datetime as dt
import re

from conftest import DEMO_LOGIN_ID, DEMO_NAME, parse_yen
from selenium.webdriver.support.ui import Select

INVALID_LOGIN = "ログインIDまたはログインパスワードが正しくありません。"
LOGOUT_NOTICE = "ログアウトしました。"
DEMO_ACCOUNTS = {("本店", "普通", "1000001"), ("吉田支店", "貯蓄", "1000001")}
SAVINGS_OPTION = "吉田支店 貯蓄 1000001"


def test_login_page_has_labelled_fields_and_button(site):
    site.open("/login")
    site.screenshot("01-login.png")
    assert site.h1() == "ログイン画面"
    assert "ログイン画面" in site.browser.title
    assert site.label_text("login_id") == "ログインID"
    assert site.label_text("login_password") == "ログインパスワード"
    assert site.find("#login_password").get_attribute("type") == "password"
    button = site.find("#login-button")
    assert button.text.strip() == "ログイン"
    assert button.get_attribute("type") == "submit"
    csrf = site.find('#login-form input[name="_csrf"]').get_attribute("value")
    assert re.fullmatch(r"[0-9a-f]{32,}", csrf), f"no CSRF token in the login form: {csrf!r}"
    assert site.error_text() == ""


def test_wrong_password_shows_error_and_opens_no_session(site):
    site.login(DEMO_LOGIN_ID, "Wrong-Password-1")
    site.screenshot("02-login-error.png")
    assert site.path == "/login"
    assert INVALID_LOGIN in site.error_text()
    assert site.session_cookie() == [], "a failed login must not set a session cookie"
    # The same answer for a login ID that does not exist.
    site.login("nosuchuser99", "Wrong-Password-1")
    assert INVALID_LOGIN in site.error_text()
    assert site.session_cookie() == []
    site.open("/menu")
    site.wait_for_path("/login")


def test_login_shows_menu_with_name_and_links(site):
    site.login()
    site.wait_for_path("/menu")
    site.screenshot("03-menu.png")
    assert site.h1() == "メニュー画面"
    assert site.text("#customer-name") == DEMO_NAME
    assert site.text("#last-login") != ""
    balances = site.find("#menu-balances")
    assert balances.text.strip() == "残高照会"
    assert balances.get_attribute("href").endswith("/balances")
    statement = site.find("#menu-statement")
    assert statement.text.strip() == "入出金明細照会"
    assert statement.get_attribute("href").endswith("/statement")
    assert len(site.session_cookie()) == 1


def read_balances(site):
    """{(branch, type, number): yen} from table#balances."""
    result = {}
    for row in site.find_all("table#balances tbody tr"):
        cells = [cell.text.strip() for cell in row.find_elements("css selector", "td")]
        balance_cells = row.find_elements("css selector", "td.balance")
        assert len(balance_cells) == 1, f"row without td.balance: {cells}"
        text = balance_cells[0].text.strip()
        assert re.fullmatch(r"-?\d{1,3}(,\d{3})*円", text), f"balance not shown like 1,234円: {text!r}"
        result[tuple(cells[:3])] = parse_yen(text)
    return result


def test_balances_lists_both_accounts_in_yen(site):
    site.login()
    site.click_and_wait("#menu-balances")
    assert site.path == "/balances"
    site.screenshot("04-balances.png")
    assert site.h1() == "残高照会"
    balances = read_balances(site)
    assert set(balances) == DEMO_ACCOUNTS
    assert all(amount > 0 for amount in balances.values()), balances


def set_date(site, field_id, value):
    """Sets an <input type=date> to YYYY-MM-DD (typing dates is locale-dependent in Chrome)."""
    element = site.find(f"#{field_id}")
    site.browser.execute_script("arguments[0].value = arguments[1];", element, value)
    assert element.get_attribute("value") == value


def server_today(site):
    """The bank's today, as the statement form's max date."""
    return dt.date.fromisoformat(site.find("#to").get_attribute("max"))


def parse_japanese_date(text):
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text.strip())
    assert match, f"not a date like 2026年11月25日: {text!r}"
    return dt.date(*map(int, match.groups()))


def read_statement(site):
    """[(date, withdrawal, deposit, balance)] from table#statement-lines, as shown."""
    header = [cell.text.strip() for cell in site.find_all("table#statement-lines thead th")]
    assert header[-1] == "差引残高", header
    assert "お支払金額" in header and "お預り金額" in header, header
    lines = []
    for row in site.find_all("table#statement-lines tbody tr"):
        cells = [cell.text.strip() for cell in row.find_elements("css selector", "td")]
        assert len(cells) == len(header), cells
        lines.append((parse_japanese_date(cells[0]),
                      parse_yen(cells[header.index("お支払金額")]),
                      parse_yen(cells[header.index("お預り金額")]),
                      parse_yen(cells[-1])))
    return lines


def show_statement(site, account_option, start, end):
    Select(site.find("#account")).select_by_visible_text(account_option)
    set_date(site, "from", start.isoformat())
    set_date(site, "to", end.isoformat())
    site.click_and_wait("#statement-button")
    assert site.path == "/statement"


def check_statement(lines, current_balance):
    assert len(lines) >= 2, f"expected the demo history, got {lines}"
    dates = [line[0] for line in lines]
    assert dates == sorted(dates, reverse=True), f"not newest first: {dates}"
    for date, withdrawal, deposit, _ in lines:
        assert (withdrawal == 0) != (deposit == 0), f"a line must be either paid out or paid in: {date}"
    for newer, older in zip(lines, lines[1:]):
        assert newer[3] == older[3] + newer[2] - newer[1], \
            f"running balance broken between {older} and {newer}"
    # The period covers the account's whole life: it started at 0 and ends at today's balance.
    oldest = lines[-1]
    assert oldest[3] == oldest[2] - oldest[1], f"the first line does not start from 0: {oldest}"
    assert lines[0][3] == current_balance, "the newest 差引残高 differs from 残高照会"


def test_statement_newest_first_with_consistent_running_balance(site):
    site.login()
    site.click_and_wait("#menu-balances")
    balances = read_balances(site)
    site.open("/menu")
    site.click_and_wait("#menu-statement")
    assert site.h1() == "入出金明細照会"
    assert site.label_text("account") == "口座"
    assert site.find("#from").get_attribute("type") == "date"
    assert site.find("#to").get_attribute("type") == "date"
    assert site.text("#statement-button") == "照会"
    today = server_today(site)
    start = today - dt.timedelta(days=365)

    # The ordinary account (has withdrawals as well as deposits), then the savings account.
    show_statement(site, "本店 普通 1000001", start, today)
    ordinary = read_statement(site)
    check_statement(ordinary, balances[("本店", "普通", "1000001")])
    assert any(line[1] > 0 for line in ordinary), "the demo ordinary account should show withdrawals"

    show_statement(site, SAVINGS_OPTION, start, today)
    site.screenshot("05-statement.png")
    assert Select(site.find("#account")).first_selected_option.text.strip() == SAVINGS_OPTION
    assert "吉田支店 貯蓄 1000001" in site.text("#statement")
    savings = read_statement(site)
    check_statement(savings, balances[("吉田支店", "貯蓄", "1000001")])
    assert site.find_all("#statement-empty") == []

    # A period with no movements says so.
    show_statement(site, SAVINGS_OPTION, start, start)
    assert site.find_all("table#statement-lines") == []
    assert site.text("#statement-empty") != ""


def test_statement_rejects_start_after_end(site):
    site.login()
    site.open("/statement")
    today = server_today(site)
    show_statement(site, SAVINGS_OPTION, today, today - dt.timedelta(days=10))
    site.screenshot("06-statement-error.png")
    errors = site.error_text()
    assert "照会開始日" in errors, f"expected an error naming 照会開始日, got {errors!r}"
    assert site.find_all("table#statement-lines") == []


def test_logout_returns_to_login_and_ends_the_session(site):
    site.login()
    site.wait_for_path("/menu")
    site.click_and_wait("#logout")
    site.screenshot("07-logout.png")
    assert site.path == "/login"
    assert "reason=logout" in site.query
    assert LOGOUT_NOTICE in site.text("p.notice")
    site.open("/menu")
    site.wait_for_path("/login")
    assert site.find_all("#customer-name") == []
    site.open("/balances")
    site.wait_for_path("/login")


def test_language_switch_to_english_and_back(site):
    site.open("/login")
    site.click_and_wait("#language-switch")
    assert site.path == "/login"
    assert site.h1() == "Log in (ログイン画面)"
    assert site.label_text("login_id") == "Login ID"
    assert site.find("html").get_attribute("lang") == "en"
    site.login()
    site.wait_for_path("/menu")
    site.screenshot("08-menu-en.png")
    assert site.h1() == "Menu (メニュー画面)"
    assert site.text("#menu-balances") == "Balances"
    assert site.text("#customer-name") != ""
    site.click_and_wait("#language-switch")
    assert site.path == "/menu"
    assert site.h1() == "メニュー画面"
    assert site.text("#menu-balances") == "残高照会"
    assert site.find("html").get_attribute("lang") == "ja"
