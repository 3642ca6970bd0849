"""The back-office CLI for transfers (`kyoei admin banks|payee|transfer-limit|transfer|interbank`)
on the test server's database: every command's success, its refusals (exit 1, Japanese and
English, nothing changed), its usage errors (exit 2) and its --json output."""

import json
import secrets
import subprocess

import pytest

from clitools import make_customer, payees, refused, register_args
from conftest import REPO_ROOT
from mailtools import fresh_database_url

DEMO_CSV_BANKS, DEMO_CSV_BRANCHES = 5, 13


@pytest.fixture
def customer(kyoei):
    return make_customer(kyoei)


# --------------------------------------------------------------------------------------
# banks
# --------------------------------------------------------------------------------------
def test_banks_import_of_the_shipped_demo_file_and_show(kyoei):
    _, imported = kyoei.json("admin", "banks", "import", str(REPO_ROOT / "data" / "banks-demo.csv"))
    assert (imported["banks"], imported["branches"]) == (DEMO_CSV_BANKS, DEMO_CSV_BRANCHES)
    plain = kyoei.run("admin", "banks", "import", str(REPO_ROOT / "data" / "banks-demo.csv"))
    assert plain.returncode == 0 and "取り込みました" in plain.stdout and "13" in plain.stdout

    _, banks = kyoei.json("admin", "banks", "list")
    listed = {bank["bank_code"]: bank for bank in banks}
    assert listed["0998"]["bank_name"] == "架空サンプル銀行" and listed["0998"]["branches"] == 3
    assert listed["2999"]["bank_name"] == "協栄信用組合"

    _, branches = kyoei.json("admin", "banks", "show", "--bank", "0998")
    assert [branch["branch_code"] for branch in branches] == ["100", "201", "305"]
    _, one = kyoei.json("admin", "banks", "show", "--bank", "0998", "--branch", "201")
    assert one == [{"bank_code": "0998", "bank_name": "架空サンプル銀行", "bank_name_kana": "ｶｸｳｻﾝﾌﾟﾙｷﾞﾝｺｳ",
                    "branch_code": "201", "branch_name": "駅前支店", "branch_name_kana": "ｴｷﾏｴ"}]
    # Full-width digits are read as on the transfer form.
    _, same = kyoei.json("admin", "banks", "show", "--bank", "０９９８", "--branch", "２０１")
    assert same == one


def test_banks_import_adds_and_renames(kyoei, tmp_path):
    code = "0970"  # not in the demo master; importing the same file again changes nothing
    csv = tmp_path / "banks.csv"
    csv.write_text("\ufeffbank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana\r\n"
                   f"{code},試験架空銀行,ｼｹﾝｶｸｳｷﾞﾝｺｳ,001,本店,ﾎﾝﾃﾝ\r\n"
                   f"{code},試験架空銀行,ｼｹﾝｶｸｳｷﾞﾝｺｳ,002,\"東口, 支店\",ﾋｶﾞｼｸﾞﾁ\r\n", encoding="utf-8")
    _, imported = kyoei.json("admin", "banks", "import", str(csv))
    assert (imported["banks"], imported["branches"]) == (1, 2)
    _, branches = kyoei.json("admin", "banks", "show", "--bank", code)
    assert [branch["branch_name"] for branch in branches] == ["本店", "東口, 支店"]

    csv.write_text("bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana\n"
                   f"{code},試験架空銀行,ｼｹﾝｶｸｳｷﾞﾝｺｳ,001,本店営業部,ﾎﾝﾃﾝｴｲｷﾞﾖｳﾌﾞ\n", encoding="utf-8")
    kyoei.json("admin", "banks", "import", str(csv))
    _, renamed = kyoei.json("admin", "banks", "show", "--bank", code, "--branch", "001")
    assert renamed[0]["branch_name"] == "本店営業部"
    _, events = kyoei.json("admin", "audit", "--limit", "20")
    assert any(event["event"] == "bank_directory_imported" and event["actor"] == "staff:browser-test" for event in events)


def test_a_bad_csv_line_is_refused_naming_the_line_and_nothing_is_imported(kyoei, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana\n"
                   "0981,取込前架空銀行,ﾄﾘｺﾐﾏｴｶｸｳ,001,本店,ﾎﾝﾃﾝ\n"
                   "0981,取込前架空銀行,ﾄﾘｺﾐﾏｴｶｸｳ,02,北支店,ｷﾀ\n", encoding="utf-8")
    errors = refused(kyoei, "admin", "banks", "import", str(csv), field="csv")
    assert errors[0]["line"] == 3 and errors[0]["code"] == "error.bank_directory.branch_code", errors
    assert "3行目" in errors[0]["message_ja"] and "line 3" in errors[0]["detail"]
    plain = kyoei.run("admin", "banks", "import", str(csv))
    assert "3行目" in plain.stderr and "line 3" in plain.stderr.lower()
    # All or nothing: the good line 2 was not imported either.
    refused(kyoei, "admin", "banks", "show", "--bank", "0981", field="bank_code")

    csv.write_bytes("bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana\n"
                    "0981,取込前架空銀行,ﾄﾘｺﾐﾏｴｶｸｳ,001,本店,ﾎﾝﾃﾝ\n".encode("shift_jis"))
    assert refused(kyoei, "admin", "banks", "import", str(csv), field="file")[0]["code"] == "encoding"
    refused(kyoei, "admin", "banks", "import", str(tmp_path / "missing.csv"), field="file", code=2)


def test_banks_show_refuses_unknown_and_malformed_codes(kyoei):
    assert refused(kyoei, "admin", "banks", "show", "--bank", "0001", field="bank_code")[0]["code"] == "error.transfer.unknown_bank"
    assert refused(kyoei, "admin", "banks", "show", "--bank", "99")[0]["code"] == "error.bank_code.invalid"
    errors = refused(kyoei, "admin", "banks", "show", "--bank", "0998", "--branch", "999", field="branch_code")
    assert errors[0]["code"] == "error.transfer.unknown_branch"


# --------------------------------------------------------------------------------------
# 届出済み振込先
# --------------------------------------------------------------------------------------
def test_payee_register_list_and_remove(kyoei, customer):
    login_id = customer["login_id"]
    _, payee = kyoei.json(*register_args(login_id, name="ﾀﾅｶ ﾀﾛｳ"))
    assert payee["kind"] == "bank" and payee["created_by"] == "staff:browser-test"
    assert (payee["bank_name"], payee["branch_name"], payee["account_type_label"]) == ("架空サンプル銀行", "駅前支店", "普通")
    assert (payee["account_number"], payee["holder_name"]) == ("1234567", "ﾀﾅｶ ﾀﾛｳ")

    # An account in this bank: the name may be left out, the ledger's holder name is used.
    own_bank = kyoei.json("admin", "payee", "register", "--login-id", login_id, "--bank", "2999", "--branch", "001",
                          "--type", "savings", "--account", customer["savings"]["accountNumber"])[1]
    assert own_bank["bank_name"] == "協栄信用組合" and own_bank["holder_name"] == "ﾌﾘｺﾐ ﾊﾅｺ"

    lists = payees(kyoei, login_id)
    assert [row["id"] for row in lists["bank_registered"]] == [payee["id"], own_bank["id"]]
    assert lists["customer_registered"] == []
    plain = kyoei.run("admin", "payee", "list", "--login-id", login_id)
    assert "届出済み振込先" in plain.stdout and "駅前支店" in plain.stdout

    refused(kyoei, *register_args(login_id))  # the same account twice
    _, removed = kyoei.json("admin", "payee", "remove", "--login-id", login_id, "--id", str(payee["id"]))
    assert removed == {"removed": payee["id"]}
    assert [row["id"] for row in payees(kyoei, login_id)["bank_registered"]] == [own_bank["id"]]
    refused(kyoei, "admin", "payee", "remove", "--login-id", login_id, "--id", str(payee["id"]))
    events = {event["event"] for event in kyoei.json("admin", "audit", "--login-id", login_id)[1]}
    assert {"bank_payee_registered", "bank_payee_removed"} <= events


def test_payee_refusals_change_nothing(kyoei, customer):
    login_id = customer["login_id"]
    refused(kyoei, *register_args("nosuch" + secrets.token_hex(3)))
    refused(kyoei, "admin", "payee", "list", "--login-id", "nosuch" + secrets.token_hex(3))
    assert refused(kyoei, *register_args(login_id, bank="0001"), field="bank_code")[0]["code"] == "error.transfer.unknown_bank"
    refused(kyoei, *register_args(login_id, branch="999"), field="branch_code")
    refused(kyoei, *register_args(login_id, bank="09x8"), field="bank_code")
    refused(kyoei, *register_args(login_id, name="田中 太郎"), field="holder_name")
    refused(kyoei, *register_args(login_id, kind="loan"), field="account_type")
    refused(kyoei, *register_args(login_id, bank="2999", branch="001", account="8999999"), field="account_number")
    assert payees(kyoei, login_id) == {"bank_registered": [], "customer_registered": []}
    # Another customer's payee is not this one's to remove.
    other = kyoei.json(*register_args(login_id))[1]
    refused(kyoei, "admin", "payee", "remove", "--login-id", "demo01", "--id", str(other["id"]))
    assert len(payees(kyoei, login_id)["bank_registered"]) == 1


# --------------------------------------------------------------------------------------
# 振込限度額 and the transfer list
# --------------------------------------------------------------------------------------
def test_transfer_limit_show_set_and_default(kyoei, customer):
    login_id = customer["login_id"]
    _, shown = kyoei.json("admin", "transfer-limit", "--login-id", login_id)
    assert shown == {"login_id": login_id, "limit": 1_000_000, "limit_formatted": "1,000,000円",
                     "remaining_today": 1_000_000, "remaining_today_formatted": "1,000,000円", "is_default": True}
    _, changed = kyoei.json("admin", "transfer-limit", "--login-id", login_id, "--amount", "2,000,000")
    assert (changed["limit"], changed["is_default"]) == (2_000_000, False)
    plain = kyoei.run("admin", "transfer-limit", "--login-id", login_id)
    assert plain.returncode == 0 and "2,000,000円" in plain.stdout
    _, back = kyoei.json("admin", "transfer-limit", "--login-id", login_id, "--default")
    assert (back["limit"], back["is_default"]) == (1_000_000, True)
    details = [event["detail"] for event in kyoei.json("admin", "audit", "--login-id", login_id)[1]
               if event["event"] == "transfer_limit_changed"]
    assert details == ["from=2000000 to=1000000 (default)", "from=1000000 to=2000000"]


def test_transfer_limit_refusals(kyoei, customer):
    login_id = customer["login_id"]
    kyoei.json("admin", "transfer-limit", "--login-id", login_id, "--amount", "300000")
    for amount in ("0", "100,000,001"):
        errors = refused(kyoei, "admin", "transfer-limit", "--login-id", login_id, "--amount", amount, field="amount")
        assert errors[0]["code"] == "error.transfer_limit.out_of_range" and "100,000,000" in errors[0]["message_ja"]
    refused(kyoei, "admin", "transfer-limit", "--login-id", login_id, "--amount", "abc", field="amount")
    refused(kyoei, "admin", "transfer-limit", "--login-id", "nosuch" + secrets.token_hex(3), "--amount", "5000")
    refused(kyoei, "admin", "transfer-limit", "--login-id", login_id, "--amount", "5000", "--default", code=2)
    assert kyoei.json("admin", "transfer-limit", "--login-id", login_id)[1]["limit"] == 300_000


def test_configured_default_limit_and_bad_transfer_settings(kyoei, customer):
    login_id = customer["login_id"]
    env = dict(kyoei.env, KYOEI_TRANSFER_DAILY_LIMIT="500,000",
               KYOEI_TRANSFER_FEES="same_branch=0:0,other_branch=100:200,other_bank=300:500")
    result = subprocess.run([kyoei.binary, "admin", "transfer-limit", "--login-id", login_id, "--json"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["limit"], shown["is_default"]) == (500_000, True)
    for key, value, words in [
        ("KYOEI_TRANSFER_DAILY_LIMIT", "0", "1 to 100,000,000"),
        ("KYOEI_TRANSFER_DAILY_LIMIT", "lots", "KYOEI_TRANSFER_DAILY_LIMIT"),
        ("KYOEI_TRANSFER_FEES", "same_branch=0:0,other_branch=110:220", "other_bank is missing"),
        ("KYOEI_TRANSFER_FEES", "same_branch=0:0,other_branch=110:220,other_bank=330:99999", "at most 10000"),
        ("KYOEI_TRANSFER_FEES", "same_branch=0/0,other_branch=110/220,other_bank=330/550", "not route=fee:fee"),
    ]:
        bad = subprocess.run([kyoei.binary, "admin", "transfer-limit", "--login-id", login_id],
                             env=dict(kyoei.env, **{key: value}), capture_output=True, text=True, timeout=60)
        assert bad.returncode != 0 and words in bad.stderr, (key, value, bad.stderr)


def test_transfer_list_and_its_refusals(kyoei, customer):
    _, none = kyoei.json("admin", "transfer", "list", "--login-id", customer["login_id"])
    assert none == []
    assert kyoei.run("admin", "transfer", "list", "--login-id", customer["login_id"]).stdout.strip() == "(no transfers)"
    _, everyone = kyoei.json("admin", "transfer", "list", "--limit", "5")
    assert isinstance(everyone, list) and len(everyone) <= 5
    refused(kyoei, "admin", "transfer", "list", "--login-id", "nosuch" + secrets.token_hex(3))


def test_interbank_refusals_without_a_transfer(kyoei):
    _, listed = kyoei.json("admin", "interbank", "list")
    assert isinstance(listed, list) and all(row["route"] == "other_bank" for row in listed)
    refused(kyoei, "admin", "interbank", "list", "--status", "completed", field="status", code=2)
    assert refused(kyoei, "admin", "interbank", "mark-sent", "987654321")[0]["code"] == "error.transfer.not_found"
    refused(kyoei, "admin", "interbank", "return", "987654321", "--reason", " ", field="reason")
    usage = kyoei.run("admin", "interbank", "mark-sent", "abc")
    assert usage.returncode == 2 and "abc" in usage.stderr


# --------------------------------------------------------------------------------------
# kyoei demo
# --------------------------------------------------------------------------------------
def test_demo_seeds_payees_and_a_second_customer_once(kyoei, tmp_path):
    url = fresh_database_url(kyoei.env["KYOEI_DATABASE_URL"], tmp_path)
    env = dict(kyoei.env, KYOEI_DATABASE_URL=url)

    def run(*args):
        result = subprocess.run([kyoei.binary, *args, "--json"], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)

    first, second = run("demo"), run("demo")
    assert (first["created"], second["created"]) == (True, False)
    for _ in range(2):
        customers = {row["loginID"] for row in run("admin", "customer", "list")}
        assert customers == {"demo01", "demo02"}
        lists = run("admin", "payee", "list", "--login-id", "demo01")
        assert [(p["bank_code"], p["branch_code"], p["account_number"]) for p in lists["bank_registered"]] == [("0998", "201", "1234567")]
        demo02 = run("admin", "account", "list", "--login-id", "demo02")
        assert len(demo02) == 1 and demo02[0]["branchCode"] == "002" and demo02[0]["balance"] == 50_000
        assert [(p["bank_code"], p["account_number"], p["holder_name"]) for p in lists["customer_registered"]] == \
            [("2999", demo02[0]["accountNumber"], "ｻｶｴ ﾊﾅｺ")]
        assert len(run("admin", "banks", "list")) == DEMO_CSV_BANKS
        run("demo")
    assert run("admin", "verify-ledger")["consistent"] is True
