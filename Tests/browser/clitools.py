"""Helpers of the transfer CLI tests: a customer made with `kyoei admin`, refusals checked the
same way everywhere, and a transfer made through the real site."""

import re
import secrets

from selenium.webdriver.support.ui import Select

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LOGIN_PASSWORD, CONFIRMATION_PASSWORD = "Momiji2026a", "Kakunin2026x"


def new_login_id():
    return "tr" + secrets.token_hex(5)


def refused(kyoei, *args, field=None, code=1):
    """Runs a command that must be refused: exit `code`, JSON errors in Japanese and English,
    and the same refusal in Japanese on stderr without --json. Returns the JSON errors."""
    exit_code, answer = kyoei.json(*args, expect_ok=False)
    assert exit_code == code, f"kyoei {' '.join(args)} exited {exit_code}: {answer}"
    errors = answer["errors"]
    assert errors and all(JAPANESE.search(error["message_ja"]) for error in errors), errors
    assert all(error["message_en"] and not JAPANESE.search(error["message_en"]) for error in errors), errors
    if field is not None:
        assert any(error["field"] == field for error in errors), errors
    plain = kyoei.run(*args)
    assert plain.returncode == code and JAPANESE.search(plain.stderr), plain.stderr
    return errors


def make_customer(kyoei):
    """A new customer with an ordinary and a savings account at 本店, 100,000円 in the first."""
    login_id = new_login_id()
    kyoei.json("admin", "customer", "create", "--login-id", login_id, "--name-kanji", "振込 花子",
               "--name-kana", "フリコミ ハナコ", "--pc-email", f"{login_id}@example.jp",
               stdin=f"{LOGIN_PASSWORD}\n{CONFIRMATION_PASSWORD}\n")
    _, ordinary = kyoei.json("admin", "account", "open", "--login-id", login_id, "--branch", "001", "--type", "ordinary")
    _, savings = kyoei.json("admin", "account", "open", "--login-id", login_id, "--branch", "001", "--type", "savings")
    kyoei.json("admin", "deposit", "--branch", "001", "--account", ordinary["accountNumber"], "--amount", "100000")
    return {"login_id": login_id, "ordinary": ordinary, "savings": savings}


def balance(kyoei, account):
    _, accounts = kyoei.json("admin", "account", "list")
    return next(row["balance"] for row in accounts if row["id"] == account["id"])


def payees(kyoei, login_id):
    _, lists = kyoei.json("admin", "payee", "list", "--login-id", login_id)
    return lists


def register_args(login_id, bank="0998", branch="201", account="1234567", name="ﾀﾅｶ ﾀﾛｳ", kind="ordinary"):
    return ["admin", "payee", "register", "--login-id", login_id, "--bank", bank, "--branch", branch,
            "--type", kind, "--account", account, "--name", name]


def transfer_on_site(site, login_id, source_id, destination_radio, amount):
    """振込・振替 → 次へ → 金額 → 確認画面 → 実行 as the customer; returns the 受付番号."""
    site.open("/login")
    site.login(login_id, LOGIN_PASSWORD)
    assert site.path == "/menu", site.error_text()
    site.open("/transfer")
    Select(site.find("#source")).select_by_value(str(source_id))
    site.find(f"#{destination_radio}").click()
    site.click_and_wait("#next")
    site.find("#amount").send_keys(str(amount))
    site.click_and_wait("#next")
    site.find("#confirmation_password").send_keys(CONFIRMATION_PASSWORD)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()
    reception = site.text("#reception-number")
    site.click_and_wait("#logout")
    return reception


def sql(database_url, statement):
    """Runs one SQL statement on the database behind `kyoei` (as a bank's operator with direct
    database access could), returning the rows as tuples of text: for tests that change rows
    behind the bank's back."""
    if database_url.startswith("sqlite://"):
        import sqlite3
        with sqlite3.connect(database_url[len("sqlite://"):]) as connection:
            return [tuple(None if value is None else str(value) for value in row)
                    for row in connection.execute(statement).fetchall()]
    import subprocess
    result = subprocess.run(["psql", database_url, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t", "-c", statement],
                            capture_output=True, text=True, check=True)
    return [tuple(line.split("\t")) for line in result.stdout.splitlines() if line]
