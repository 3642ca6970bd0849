"""`kyoei admin verify-ledger` finding what it exists to find: rows changed behind the bank's
back on a database of their own, so that each check fires alone (exit 1, the JSON report and
the text line); and the Argon2id parameters of the hashes `kyoei` really stores."""

import pytest
from clitools import LOGIN_PASSWORD, make_customer, sql
from conftest import DEMO_LOGIN_ID, Kyoei

PRODUCTION_ARGON2 = "$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def fresh(kyoei_bin, fresh_db):
    """`kyoei` on a migrated database of its own, and that database's URL."""
    return Kyoei(kyoei_bin, fresh_db), fresh_db


def transactions_of(url, account_id):
    return [int(row[0]) for row in sql(url, f"SELECT transaction_id FROM ledger_entries WHERE account_id = {account_id} ORDER BY id")]


def verify(kyoei):
    """verify-ledger with --json and without: exit codes, report, text."""
    code, report = kyoei.json("admin", "verify-ledger", expect_ok=False)
    plain = kyoei.run("admin", "verify-ledger")
    return code, report, plain


def test_an_unbalanced_transaction_fails_verify_ledger(fresh):
    kyoei, url = fresh
    customer = make_customer(kyoei)
    account = customer["ordinary"]
    kyoei.json("admin", "deposit", "--branch", "001", "--account", account["accountNumber"], "--amount", "500")
    assert verify(kyoei)[0] == 0
    first, second = transactions_of(url, account["id"])
    # One yen moves from the second deposit's entry to the first's: both transactions stop
    # summing to zero; the balance and the ledger's grand total still agree.
    sql(url, f"UPDATE ledger_entries SET amount = amount + 1 WHERE transaction_id = {first} AND account_id = {account['id']}")
    sql(url, f"UPDATE ledger_entries SET amount = amount - 1 WHERE transaction_id = {second} AND account_id = {account['id']}")
    code, report, plain = verify(kyoei)
    assert code == 1 and report["consistent"] is False
    assert report["unbalancedTransactions"] == [first, second]
    assert report["mismatchedAccounts"] == [] and report["negativeBalances"] == [] and report["sumOfAllEntries"] == 0
    assert plain.returncode == 1, plain.stdout + plain.stderr
    assert "NG: 元帳に不整合があります (LEDGER INCONSISTENT)" in plain.stdout
    assert f"unbalanced transactions=[{first}, {second}]" in plain.stdout


def test_a_negative_customer_balance_fails_verify_ledger(fresh):
    kyoei, url = fresh
    customer = make_customer(kyoei)
    account = customer["ordinary"]
    [deposit] = transactions_of(url, account["id"])
    # The deposit turned round, balances moved with it: every transaction balances and every
    # balance equals its entries, but the customer's account stands at -100,000円.
    sql(url, f"""UPDATE accounts SET balance = balance - 2 * (SELECT amount FROM ledger_entries e
                 WHERE e.transaction_id = {deposit} AND e.account_id = accounts.id)
                 WHERE id IN (SELECT account_id FROM ledger_entries WHERE transaction_id = {deposit})""")
    sql(url, f"UPDATE ledger_entries SET amount = -amount WHERE transaction_id = {deposit}")
    code, report, plain = verify(kyoei)
    assert code == 1 and report["consistent"] is False
    assert report["negativeBalances"] == [account["id"]]
    assert report["unbalancedTransactions"] == [] and report["mismatchedAccounts"] == [] and report["sumOfAllEntries"] == 0
    assert plain.returncode == 1 and f"negative=[{account['id']}]" in plain.stdout, plain.stdout + plain.stderr


def test_stored_password_hashes_use_the_production_argon2id(kyoei, database_url):
    """The demo customer made by `kyoei serve --demo` and one made by `kyoei admin`: both of
    their passwords stored as Argon2id with m=19 MiB, t=2, p=1 (PHC string)."""
    login_id = make_customer(kyoei)["login_id"]
    for who in (DEMO_LOGIN_ID, login_id):
        [(login_hash, confirmation_hash)] = sql(
            database_url, f"SELECT login_password_hash, confirmation_password_hash FROM customers WHERE login_id = '{who}'")
        assert login_hash.startswith(PRODUCTION_ARGON2), (who, login_hash)
        assert confirmation_hash.startswith(PRODUCTION_ARGON2), (who, confirmation_hash)
        assert LOGIN_PASSWORD not in login_hash
