"""Smoke tests of the back-office CLI (`kyoei admin …`) on the test server's database."""

import json
import re
import secrets
import subprocess

import pytest

from mailtools import fresh_database_url

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PASSWORDS = "Momiji2026a\nKakunin2026x\n"


def new_login_id(prefix="cli"):
    return prefix + secrets.token_hex(5)


def customer_ids(kyoei):
    _, customers = kyoei.json("admin", "customer", "list")
    assert isinstance(customers, list)
    return {customer["loginID"] for customer in customers}


def create_customer(kyoei, login_id, **overrides):
    fields = {"--name-kanji": "試験 花子", "--name-kana": "シケン ハナコ", "--pc-email": f"{login_id}@example.jp"}
    fields.update(overrides)
    args = ["admin", "customer", "create", "--login-id", login_id]
    for flag, value in fields.items():
        args += [flag, value]
    return args


def account_balance(kyoei, login_id, number):
    _, accounts = kyoei.json("admin", "account", "list", "--login-id", login_id)
    matches = [account for account in accounts if account["accountNumber"] == number and account["branchCode"] == "001"]
    assert len(matches) == 1, accounts
    return matches[0]["balance"]


@pytest.fixture
def customer(kyoei):
    """A new customer (passwords from stdin) with one ordinary account at 本店."""
    login_id = new_login_id()
    _, created = kyoei.json(*create_customer(kyoei, login_id), stdin=PASSWORDS)
    assert created["customer"]["loginID"] == login_id
    assert created["customer"]["status"] == "active"
    assert "generatedPasswords" not in created, "passwords came from stdin; none may be generated"
    _, account = kyoei.json("admin", "account", "open", "--login-id", login_id, "--branch", "001", "--type", "ordinary")
    assert re.fullmatch(r"\d{7}", account["accountNumber"]), account
    assert account["balance"] == 0 and account["branchCode"] == "001"
    assert account["accountType"] == "ordinary"
    return login_id, account["accountNumber"]


def test_create_customer_from_stdin_passwords(kyoei, customer):
    login_id, _ = customer
    assert login_id in customer_ids(kyoei)
    _, shown = kyoei.json("admin", "customer", "show", "--login-id", login_id)
    assert shown["customer"]["nameKanji"] == "試験 花子"
    assert shown["customer"]["pcEmail"] == f"{login_id}@example.jp"
    assert len(shown["accounts"]) == 1


def test_create_customer_with_generated_passwords_prints_them_once(kyoei):
    login_id = new_login_id()
    _, created = kyoei.json(*create_customer(kyoei, login_id), "--generate-passwords")
    generated = created["generatedPasswords"]
    assert len(generated["loginPassword"]) >= 8 and len(generated["confirmationPassword"]) >= 8
    assert generated["loginPassword"] != generated["confirmationPassword"]
    assert login_id in customer_ids(kyoei)


@pytest.mark.parametrize("case, login_id, overrides, field", [
    ("login ID too short", "ab1", {}, "login_id"),
    ("login ID not alphanumeric", "bad-id!01", {}, "login_id"),
    ("kana name in kanji", None, {"--name-kana": "山田"}, "name_kana"),
    ("kana name with emoji", None, {"--name-kana": "ヤマダ😀"}, "name_kana"),
    ("bad PC e-mail", None, {"--pc-email": "not-an-address"}, "pc_email"),
])
def test_bad_customer_input_is_refused_in_japanese_and_creates_nothing(kyoei, case, login_id, overrides, field):
    login_id = login_id or new_login_id("bad")
    before = customer_ids(kyoei)
    code, answer = kyoei.json(*create_customer(kyoei, login_id, **overrides), stdin=PASSWORDS, expect_ok=False)
    assert code != 0, f"{case}: accepted"
    errors = answer["errors"]
    assert errors, case
    assert any(error["field"] == field for error in errors), f"{case}: {errors}"
    assert all(JAPANESE.search(error["message_ja"]) for error in errors), errors
    assert customer_ids(kyoei) == before, f"{case}: a customer was created"

    # Without --json the error goes to stderr, in Japanese.
    plain = kyoei.run(*create_customer(kyoei, login_id, **overrides), stdin=PASSWORDS)
    assert plain.returncode != 0
    assert JAPANESE.search(plain.stderr), plain.stderr
    assert customer_ids(kyoei) == before


def test_short_passwords_and_missing_password_line_are_refused(kyoei):
    before = customer_ids(kyoei)
    code, answer = kyoei.json(*create_customer(kyoei, new_login_id()), stdin="short\nshort2\n", expect_ok=False)
    assert code != 0
    assert {error["field"] for error in answer["errors"]} >= {"login_password"}
    missing = kyoei.run(*create_customer(kyoei, new_login_id()), stdin="OnlyOne2026\n")
    assert missing.returncode != 0
    assert JAPANESE.search(missing.stderr), missing.stderr
    assert customer_ids(kyoei) == before


def test_duplicate_login_id_is_refused(kyoei, customer):
    login_id, _ = customer
    result = kyoei.run(*create_customer(kyoei, login_id), stdin=PASSWORDS)
    assert result.returncode != 0
    assert "ログインID" in result.stderr


def test_deposit_and_withdraw_beyond_balance_is_refused(kyoei, customer):
    login_id, number = customer
    _, deposit = kyoei.json("admin", "deposit", "--branch", "001", "--account", number, "--amount", "5000",
                            "--memo", "試験入金")
    assert deposit["amount"] == 5000
    assert deposit["balanceAfter"] == 5000
    assert deposit["balanceAfterFormatted"] == "5,000円"
    assert account_balance(kyoei, login_id, number) == 5000

    _, withdrawal = kyoei.json("admin", "withdraw", "--branch", "001", "--account", number, "--amount", "1200")
    assert withdrawal["balanceAfter"] == 3800
    assert account_balance(kyoei, login_id, number) == 3800

    code, refused = kyoei.json("admin", "withdraw", "--branch", "001", "--account", number, "--amount", "3801",
                               expect_ok=False)
    assert code != 0
    assert any("残高が不足しています" in error["message_ja"] for error in refused["errors"]), refused
    plain = kyoei.run("admin", "withdraw", "--branch", "001", "--account", number, "--amount", "10000")
    assert plain.returncode != 0
    assert "残高が不足しています" in plain.stderr
    assert account_balance(kyoei, login_id, number) == 3800


def test_bad_amount_and_unknown_account_are_refused(kyoei, customer):
    login_id, number = customer
    code, answer = kyoei.json("admin", "deposit", "--branch", "001", "--account", number, "--amount", "0",
                              expect_ok=False)
    assert code != 0 and answer["errors"][0]["field"] == "amount"
    code, answer = kyoei.json("admin", "deposit", "--branch", "001", "--account", "7654321", "--amount", "100",
                              expect_ok=False)
    assert code != 0 and answer["errors"]
    assert account_balance(kyoei, login_id, number) == 0


def test_verify_ledger_is_consistent(kyoei, customer):
    _, number = customer
    kyoei.json("admin", "deposit", "--branch", "001", "--account", number, "--amount", "777")
    result = kyoei.run("admin", "verify-ledger", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["consistent"] is True
    assert report["sumOfAllEntries"] == 0
    assert report["unbalancedTransactions"] == []
    assert report["mismatchedAccounts"] == []
    assert report["negativeBalances"] == []
    assert report["transactions"] >= 1
    assert report["entries"] >= 2 * report["transactions"]
    plain = kyoei.run("admin", "verify-ledger")
    assert plain.returncode == 0, plain.stdout + plain.stderr


def test_every_subcommand_prints_json(kyoei, customer):
    login_id, number = customer
    commands = [
        ["migrate"],
        ["demo"],
        ["admin", "customer", "list"],
        ["admin", "customer", "show", "--login-id", login_id],
        ["admin", "account", "list"],
        ["admin", "account", "list", "--login-id", login_id],
        ["admin", "account", "open", "--login-id", login_id, "--branch", "001", "--type", "savings"],
        ["admin", "deposit", "--branch", "001", "--account", number, "--amount", "100"],
        ["admin", "withdraw", "--branch", "001", "--account", number, "--amount", "100"],
        ["admin", "unlock", "--login-id", login_id],
        ["admin", "verify-ledger"],
        ["admin", "audit", "--limit", "5"],
        ["admin", "audit", "--login-id", login_id],
        ["admin", "banks", "list"],
        ["admin", "banks", "show", "--bank", "0998"],
        ["admin", "payee", "list", "--login-id", login_id],
        ["admin", "transfer-limit", "--login-id", login_id],
        ["admin", "transfer", "list", "--login-id", login_id],
        ["admin", "interbank", "list"],
    ]
    for command in commands:
        _, data = kyoei.json(*command)
        assert isinstance(data, (dict, list)), command
    _, events = kyoei.json("admin", "audit", "--login-id", login_id)
    assert {"customer_created", "account_opened", "counter_deposit"} <= {event["event"] for event in events}


def test_processes_starting_at_once_migrate_safely(kyoei, tmp_path):
    """Three `kyoei migrate` processes on one new database: all succeed, each migration applied once."""
    url = fresh_database_url(kyoei.env["KYOEI_DATABASE_URL"], tmp_path)
    env = dict(kyoei.env, KYOEI_DATABASE_URL=url)
    processes = [subprocess.Popen([kyoei.binary, "migrate", "--json"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(process.wait(timeout=60), *process.communicate()) for process in processes]
    for code, out, err in results:
        assert code == 0, out + err
    reports = [json.loads(out) for _, out, _ in results]
    applied = sorted(version for report in reports for version in report["applied"])
    versions = {report["version"] for report in reports}
    assert len(versions) == 1
    assert applied == list(range(1, versions.pop() + 1))


def test_staff_create_list_unlock_disable(kyoei):
    """`kyoei admin staff …`: the password from stdin (never printed) or generated (printed
    once), the TOTP secret and otpauth URI printed once, JSON for scripts, refusals in both
    languages."""
    import base64
    from clitools import refused

    staff_id = "st" + secrets.token_hex(4)
    _, created = kyoei.json("admin", "staff", "create", "--staff-id", staff_id.upper(), "--name", "山田 一郎",
                            "--role", "supervisor", stdin="Kanri2026pass\n")
    assert created["staff"]["staff_id"] == staff_id
    assert created["staff"]["role"] == "supervisor" and created["staff"]["role_label"] == "役席"
    assert "generated_password" not in created, "the password came from stdin; none may be printed"
    assert len(base64.b32decode(created["totp_secret"])) == 20
    assert created["otpauth_uri"].startswith("otpauth://totp/")
    assert f":{staff_id}?secret={created['totp_secret']}&" in created["otpauth_uri"]
    assert created["otpauth_uri"].endswith("&period=30")

    _, generated = kyoei.json("admin", "staff", "create", "--staff-id", staff_id + "g", "--name", "監査 花子",
                              "--role", "auditor", "--generate-password")
    assert len(generated["generated_password"]) == 16

    _, listed = kyoei.json("admin", "staff", "list")
    mine = {row["staff_id"]: row for row in listed}
    assert mine[staff_id]["role"] == "supervisor" and not mine[staff_id]["locked"]
    assert mine[staff_id + "g"]["role_label"] == "監査"
    assert all("totp" not in key and "hash" not in key for row in listed for key in row)

    _, unlocked = kyoei.json("admin", "staff", "unlock", "--staff-id", staff_id)
    assert unlocked["failures"] == 0 and not unlocked["locked"]
    _, disabled = kyoei.json("admin", "staff", "disable", "--staff-id", staff_id + "g")
    assert disabled["disabled_at"]

    refused(kyoei, "admin", "staff", "create", "--staff-id", staff_id, "--name", "重複", "--role", "operator",
            "--generate-password", field="")
    refused(kyoei, "admin", "staff", "create", "--staff-id", "x", "--name", "短い", "--role", "operator",
            "--generate-password", field="staff_id")
    refused(kyoei, "admin", "staff", "create", "--staff-id", staff_id + "r", "--name", "役割", "--role", "boss",
            "--generate-password", field="role", code=2)
    refused(kyoei, "admin", "staff", "unlock", "--staff-id", "nobody" + secrets.token_hex(3), field="")
    plain = kyoei.run("admin", "staff", "create", "--staff-id", staff_id + "s", "--name", "短い", "--role", "operator",
                      stdin="Short1pass\n")
    assert plain.returncode == 1 and "12文字以上" in plain.stderr, plain.stderr


def test_demo_prints_its_staff(kyoei):
    _, demo = kyoei.json("demo")
    staff = {row["staffID"]: row for row in demo["staff"]}
    assert staff["clerk01"]["role"] == "operator" and staff["chief01"]["role"] == "supervisor"
    assert staff["clerk01"]["password"] == "Madoguchi2026"
    assert staff["clerk01"]["totpSecret"] == "KYOEIDEMOCLERKAAKYOEIDEMOCLERKAA"
    text = kyoei.run("demo")
    assert "clerk01" in text.stdout and "KYOEIDEMOCHIEFAAKYOEIDEMOCHIEFAA" in text.stdout, text.stdout
