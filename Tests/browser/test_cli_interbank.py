"""`kyoei admin interbank …` and `kyoei admin transfer list` on transfers made through the real
site in headless Chromium: a transfer to another bank is marked sent once only, 資金返却 books
the amount back (the fee stays) and mails the customer, and a transfer inside the bank can be
neither marked sent nor returned."""

import pytest

from clitools import balance, make_customer, refused, register_args, transfer_on_site

DEPOSIT, AMOUNT, OTHER_BANK_FEE = 100_000, 10_000, 330  # the standard fee below 30,000円


@pytest.fixture
def customer(kyoei):
    return make_customer(kyoei)


def remaining_today(kyoei, login_id):
    return kyoei.json("admin", "transfer-limit", "--login-id", login_id)[1]["remaining_today"]


def find(rows, reception):
    matches = [row for row in rows if row["reception_number"] == reception]
    assert len(matches) == 1, rows
    return matches[0]


def test_interbank_transfer_is_marked_sent_once_then_returned(kyoei, site, customer):
    login_id, ordinary = customer["login_id"], customer["ordinary"]
    _, payee = kyoei.json(*register_args(login_id, account="7654321", name="ﾀｺｳ ｼﾞﾛｳ"))
    reception = transfer_on_site(site, login_id, ordinary["id"], f"dest-bank-{payee['id']}", AMOUNT)
    assert balance(kyoei, ordinary) == DEPOSIT - AMOUNT - OTHER_BANK_FEE
    assert remaining_today(kyoei, login_id) == 1_000_000 - AMOUNT, "the amount counts against the limit, the fee not"

    transfer = find(kyoei.json("admin", "interbank", "list", "--status", "accepted")[1], reception)
    assert (transfer["route"], transfer["destination_kind"], transfer["status"]) == ("other_bank", "bank", "accepted")
    assert (transfer["bank_code"], transfer["branch_code"], transfer["account_number"], transfer["holder_name"]) == \
        ("0998", "201", "7654321", "ﾀｺｳ ｼﾞﾛｳ")
    assert (transfer["amount"], transfer["amount_formatted"], transfer["fee"]) == (AMOUNT, "10,000円", OTHER_BANK_FEE)
    assert [row["reception_number"] for row in kyoei.json("admin", "transfer", "list", "--login-id", login_id)[1]] == [reception]
    assert reception in kyoei.run("admin", "interbank", "list").stdout
    transfer_id = str(transfer["id"])

    _, sent = kyoei.json("admin", "interbank", "mark-sent", transfer_id)
    assert sent["status"] == "sent" and sent["status_changed_at"]
    assert refused(kyoei, "admin", "interbank", "mark-sent", transfer_id)[0]["code"] == "error.transfer.status"
    assert find(kyoei.json("admin", "interbank", "list", "--status", "sent")[1], reception)["status"] == "sent"
    assert all(row["reception_number"] != reception
               for row in kyoei.json("admin", "interbank", "list", "--status", "accepted")[1])

    refused(kyoei, "admin", "interbank", "return", transfer_id, "--reason", "", field="reason")
    reason = "受取人口座なし（解約済）"
    _, returned = kyoei.json("admin", "interbank", "return", transfer_id, "--reason", reason)
    assert (returned["status"], returned["status_note"]) == ("returned", reason)
    assert balance(kyoei, ordinary) == DEPOSIT - OTHER_BANK_FEE, "the amount comes back, the fee stays"
    assert remaining_today(kyoei, login_id) == 1_000_000, "a returned transfer no longer counts"
    assert refused(kyoei, "admin", "interbank", "return", transfer_id, "--reason", reason)[0]["code"] == "error.transfer.status"
    refused(kyoei, "admin", "interbank", "mark-sent", transfer_id)
    assert balance(kyoei, ordinary) == DEPOSIT - OTHER_BANK_FEE

    _, mails = kyoei.json("admin", "mail", "list", "--limit", "50")
    assert any(mail["kind"] == "transfer_returned" and mail["recipients"] == [f"{login_id}@example.jp"] for mail in mails)
    events = [event["event"] for event in kyoei.json("admin", "audit", "--login-id", login_id)[1]]
    assert {"transfer", "interbank_sent", "interbank_returned"} <= set(events)
    assert kyoei.json("admin", "verify-ledger")[1]["consistent"] is True


def test_a_transfer_inside_the_bank_is_not_the_interbank_queue(kyoei, site, customer):
    login_id, ordinary, savings = customer["login_id"], customer["ordinary"], customer["savings"]
    reception = transfer_on_site(site, login_id, ordinary["id"], f"dest-own-{savings['id']}", 2_000)
    transfer = find(kyoei.json("admin", "transfer", "list", "--login-id", login_id)[1], reception)
    assert (transfer["status"], transfer["route"], transfer["fee"]) == ("completed", "same_branch", 0)
    assert all(row["reception_number"] != reception for row in kyoei.json("admin", "interbank", "list")[1])

    transfer_id = str(transfer["id"])
    assert refused(kyoei, "admin", "interbank", "mark-sent", transfer_id)[0]["code"] == "error.transfer.not_found"
    assert refused(kyoei, "admin", "interbank", "return", transfer_id, "--reason", "誤り")[0]["code"] == "error.transfer.not_found"
    assert (balance(kyoei, ordinary), balance(kyoei, savings)) == (DEPOSIT - 2_000, 2_000)
    assert remaining_today(kyoei, login_id) == 1_000_000, "振替 between one's own accounts is no 振込"
    assert find(kyoei.json("admin", "transfer", "list", "--login-id", login_id)[1], reception)["status"] == "completed"
