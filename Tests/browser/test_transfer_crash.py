"""kill -9 in the middle of 実行 (issue 20, "Must hold"): nothing the bank acknowledged is lost,
nothing is paid twice, and every transfer that committed has its ledger posting, audit row and
振込受付 mail, whatever instant the process dies at.

Eight customers (made at the counter, funds, a 届出済み振込先 each) send a few hundred transfers at
once, one thread each, over both 実行 paths — POST /api/v1/transfer-quotes then /transfers with an
Idempotency-Key, and the pages' 確認画面 then POST /transfer/execute — each request with an
amount of its own, so every transfer found in the bank names its request. The server is killed
with SIGKILL while transfers are in flight (twice, at a random moment 30–60 acknowledgements
in, with five 実行 or more sent and unanswered), restarted on the same database, and then:

  * every acknowledged 受付番号 is there with its amount (`kyoei admin transfer list`, the API's
    status), and no amount twice; each account's balance is its start moved by exactly the
    committed transfers (amount + fee); `kyoei admin verify-ledger` passes; each committed
    transfer has one audit row and one queued 振込受付 mail;
  * every request cut off by the kill is sent again as a client retries it (same Idempotency-Key
    and body; the same 確認画面 form): one that had committed answers with its 受付番号, one that
    had not is made now, once; every acknowledged one sent again answers with its own; the
    checks above hold again;
  * the rest of the load then runs to its end, and every mail goes out exactly once.

A killed server mails through an address where nothing listens, so that no mail is half-sent at
the kill (which no outbox can keep from arriving twice); its mail waits in the outbox for the
last server, which reaches the real SMTP server. A request the kill cut off may have left its
Idempotency-Key held (409 with Retry-After) until the key's lease ends: the client comes back a
minute later, by the bank's clock (KYOEI_TEST_CLOCK_FILE) rather than the wall's.

Printed (pytest -s): per kill, how many were acknowledged, in flight, and committed but not
acknowledged (the kill landed between the commit and the answer), and how the replays went.
"""

import collections
import os
import random
import re
import subprocess
import time

import pytest

from crashtools import FEES, Load, cli, make_customers, plan
from mailtools import KyoeiServer, SmtpServer, decoded_subject, free_port, fresh_database_url, wait_until

CUSTOMERS = 8
PER_CUSTOMER = 25  # 200 transfers in all
KILLS = 2
IN_FLIGHT = 5  # 実行 requests sent and not yet answered when the kill comes (of one per customer)
A_MINUTE = 61  # past the 60-s lease of an Idempotency-Key (IdempotencyService)
TRANSFER_SUBJECT = "振込受付のお知らせ"


class CrashBank:
    """A bank of its own on the engine under test: a fresh database with `kyoei demo` (the bank's
    branches and accounts), a real SMTP server, and the `kyoei serve` processes of the test."""

    def __init__(self, binary, database_url, tmp_path):
        self.binary, self.tmp_path = binary, tmp_path
        self.database_url = fresh_database_url(database_url, tmp_path)
        self.env = dict(os.environ, KYOEI_DATABASE_URL=self.database_url, KYOEI_STAFF="crash-test")
        subprocess.run([binary, "demo"], env=self.env, check=True, capture_output=True, cwd=tmp_path)
        self.clock = tmp_path / "clock"
        self.clock.write_text("0")
        self.smtp = SmtpServer(tmp_path).start()
        self.servers = []

    def serve(self, doomed):
        mail_port = free_port() if doomed else self.smtp.port  # see the module's note
        server = KyoeiServer(self.binary, self.tmp_path, self.database_url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{mail_port}",
                             KYOEI_MAIL_MAX_ATTEMPTS="1000000", KYOEI_MAIL_LEASE_SECONDS="4", KYOEI_TRANSFER_FEES=FEES,
                             KYOEI_TEST_CLOCK_FILE=str(self.clock))
        self.servers.append(server)
        return server.start()

    def a_minute_later(self):
        self.clock.write_text(str(int(self.clock.read_text()) + A_MINUTE))

    def admin(self, *args):
        return cli(self.binary, self.env, "admin", *args)

    def balances(self):
        """{account id: balance}; notes which accounts are the bank's own (no customer)."""
        accounts = self.admin("account", "list")
        self.own_accounts = {account["id"] for account in accounts if "customerID" not in account}
        return {account["id"]: account["balance"] for account in accounts}

    def stop(self):
        for server in self.servers:
            server.stop()
        self.smtp.stop()


@pytest.fixture
def crash_bank(kyoei_bin, database_url, tmp_path):
    bank = CrashBank(kyoei_bin, database_url, tmp_path)
    yield bank
    bank.stop()


def kill_mid_load(server, load, transfers):
    """Runs the load until 30–60 more are acknowledged and IN_FLIGHT 実行 are in flight, then SIGKILL."""
    target = load.acknowledged() + random.randint(30, 60)
    deadline = time.monotonic() + 60
    while load.acknowledged() < target or load.executing() < IN_FLIGHT:
        assert time.monotonic() < deadline, f"{load.acknowledged()} acknowledged in 60 s; errors: {load.errors[:3]}"
        assert server.process.poll() is None, (server.folder / "server.log").read_text()[-2000:]
        time.sleep(0.002)
    killed_at = time.monotonic()
    server.kill()
    load.join()
    early = [error for error in load.errors if error[0] < killed_at]
    assert not early, f"requests failed before the kill: {early[:3]}"
    refused = [(t.n, t.path, t.answer) for t in transfers if t.state == "refused"]
    assert not refused, f"the bank refused transfers under load: {refused[:3]}"
    return killed_at


def committed_transfers(bank, customers, transfers, start):
    """The bank after a restart, against what the requests were told: every acknowledged transfer
    there, no amount twice, nothing from a request that was never sent, balances moved by exactly
    the committed transfers, the ledger verified, one audit row and one queued mail each.
    Returns {amount: the transfer's row}."""
    ours = {customer.customer_id: customer for customer in customers}
    rows = [row for row in bank.admin("transfer", "list", "--limit", "100000") if row["customer_id"] in ours]
    by_amount = collections.defaultdict(list)
    for row in rows:
        by_amount[row["amount"]].append(row)
    twice = {amount: [row["reception_number"] for row in found] for amount, found in by_amount.items() if len(found) > 1}
    assert not twice, f"PAID TWICE: {twice}"
    committed = {amount: found[0] for amount, found in by_amount.items()}
    requests = {t.amount: t for t in transfers}
    for amount, row in committed.items():
        t = requests.get(amount)
        assert t is not None and t.state in ("acknowledged", "unknown"), f"a transfer no request was sent for: {row}, {t}"
        assert (row["customer_id"], row["source_account_id"], row["fee"], row["status"], row["branch_code"],
                row["account_number"]) == (t.customer.customer_id, t.customer.ordinary["id"], t.fee, "completed", "002",
                                           (t.receiver if t.to_payee else t.customer).savings["accountNumber"]), (row, t)
    lost = [(t.n, t.path, t.reception) for t in transfers
            if t.state == "acknowledged" and committed.get(t.amount, {}).get("reception_number") != t.reception]
    assert not lost, f"ACKNOWLEDGED AND LOST: {lost}"
    for t in transfers:
        if t.state == "acknowledged" and not t.status_read:  # the status as the customer's app reads it
            shown = t.customer.api.get(f"/transfers/{t.reception}")
            assert shown.status_code == 200 and (shown.json()["amount"], shown.json()["status"]) == (t.amount, "completed"), \
                shown.text[:300]
            t.status_read = True

    # Each customer account moved by exactly its committed transfers; the fees to the bank's own.
    expected = dict(start)
    for amount, row in committed.items():
        t = requests[amount]
        expected[t.customer.ordinary["id"]] -= amount + t.fee
        expected[t.destination_account] += amount
    accounts = bank.admin("account", "list")
    actual = {account["id"]: account["balance"] for account in accounts}
    wrong = {account: (expected[account], actual[account]) for account in expected if expected[account] != actual[account]
             and account not in bank.own_accounts}
    assert not wrong, f"balances (expected, actual) that are not start ± the committed transfers: {wrong}"
    fees = sum(actual[account] - start[account] for account in bank.own_accounts)
    assert fees == sum(requests[amount].fee for amount in committed), (fees, "in the bank's own accounts")
    assert bank.admin("verify-ledger")["consistent"] is True

    audited = collections.Counter(
        (event["customerID"], re.search(r"reception=(\S+)", event["detail"]).group(1))
        for event in bank.admin("audit", "--limit", "1000000")
        if event["event"] == "transfer" and event["result"] == "success" and event.get("customerID") in ours)
    made = collections.Counter((row["customer_id"], row["reception_number"]) for row in committed.values())
    assert audited == made, f"audit rows {audited - made} without a transfer, transfers {made - audited} without one"
    queued = collections.Counter(mail["customerID"] for mail in bank.admin("mail", "list", "--limit", "100000")
                                 if mail["kind"] == "transfer_accepted")
    assert queued == collections.Counter(row["customer_id"] for row in committed.values()), "one 振込受付 mail per transfer"
    return committed


def replay(bank, transfers, committed):
    """Sends again, as a client retries: every request the kill cut off (each answers with the
    transfer it committed, or is made now), then every acknowledged one (its own 受付番号). Told
    to come back later (an Idempotency-Key still held by the request the kill cut off), the
    client does, a minute later by the bank's clock."""
    cut = [t for t in transfers if t.state == "unknown"]
    made_now = waited = 0
    for t in cut:
        for _ in range(3):
            number, status, later, said = t.execute()
            if not later:
                break
            waited += 1
            bank.a_minute_later()
        assert number, f"the {t.path} request #{t.n} cut off by the kill, sent again, was answered {status}: {said}"
        before = committed.get(t.amount)
        if before:
            assert number == before["reception_number"], f"#{t.n} committed as {before['reception_number']}, answered {number}"
        made_now += before is None
        t.state, t.reception = "acknowledged", number
    cut_now = {t.n for t in cut}
    again = [t for t in transfers if t.state == "acknowledged" and t.n not in cut_now]
    for t in again:
        number, status, _, said = t.execute()
        assert number == t.reception, f"#{t.n} ({t.path}) sent again: {status} {number} {said}, first answered {t.reception}"
        if t.path == "api":
            assert (status, said) == (201, "true"), (status, said)
    return len(cut), made_now, waited, len(again)


def test_kill_9_mid_load_loses_nothing_acknowledged_and_pays_nothing_twice(crash_bank):
    bank = crash_bank
    started = time.monotonic()
    customers = make_customers(bank.binary, bank.env, CUSTOMERS)
    start = bank.balances()
    transfers = plan(customers, PER_CUSTOMER)
    server = bank.serve(doomed=True)
    for customer in customers:
        customer.sign_in(server.url)
    print(f"\n{len(customers)} customers, {len(transfers)} transfers planned (API and pages, payee and 振替), "
          f"set up in {time.monotonic() - started:.1f}s")

    for kill in range(1, KILLS + 1):
        acknowledged_before = sum(1 for t in transfers if t.state == "acknowledged")
        load = Load(transfers).start()
        killed_at = kill_mid_load(server, load, transfers)
        acknowledged = sum(1 for t in transfers if t.state == "acknowledged") - acknowledged_before
        in_flight = [t for t in transfers if t.state == "unknown" and t.sent < killed_at]
        after_kill = [t for t in transfers if t.state == "unknown" and t.sent >= killed_at]
        print(f"kill -9 #{kill} at {time.monotonic() - started:.1f}s: {acknowledged} acknowledged in this run, "
              f"{len(in_flight)} 実行 in flight ({sum(t.path == 'api' for t in in_flight)} API, "
              f"{sum(t.path == 'web' for t in in_flight)} pages), {len(after_kill)} sent after the kill")
        assert in_flight, "the kill came while transfers were being executed"

        server = bank.serve(doomed=kill < KILLS)
        for customer in customers:
            customer.point_at(server.url)
        committed = committed_transfers(bank, customers, transfers, start)
        unacknowledged = [t for t in in_flight + after_kill if t.amount in committed]
        print(f"  restarted: {len(committed)} committed, {len(unacknowledged)} of them unacknowledged "
              f"({', '.join(f'#{t.n} {t.path}' for t in unacknowledged) or '-'}); checked")
        assert all(t.sent < killed_at for t in unacknowledged), "nothing sent after the kill was made"

        cut, made_now, waited, again = replay(bank, transfers, committed)
        committed = committed_transfers(bank, customers, transfers, start)
        print(f"  replayed {cut} cut off ({cut - made_now} answered with the transfer they had committed, "
              f"{made_now} made now; {waited} told to come back later) and {again} acknowledged (each its own "
              f"受付番号): {len(committed)} committed; checked at {time.monotonic() - started:.1f}s")

    load = Load(transfers).start()
    load.join()
    assert not load.errors, load.errors[:3]
    assert collections.Counter(t.state for t in transfers) == {"acknowledged": len(transfers)}
    committed = committed_transfers(bank, customers, transfers, start)
    assert sorted(committed) == sorted(t.amount for t in transfers)
    print(f"the rest of the load run and checked at {time.monotonic() - started:.1f}s")

    # Every mail, the killed servers' included, goes out from the last server, each once.
    def all_sent():
        mails = [mail for mail in bank.admin("mail", "list", "--limit", "100000") if mail["kind"] == "transfer_accepted"]
        return all(mail["status"] == "sent" for mail in mails)
    wait_until(all_sent, 60, "every 振込受付 mail sent")
    mailed = collections.Counter(
        re.search(r"受付番号: (\S+)", message.get_content()).group(1)
        for message in bank.smtp.messages() if TRANSFER_SUBJECT in decoded_subject(message))
    made = collections.Counter(row["reception_number"] for row in committed.values())
    assert mailed == made, {"not mailed": sorted(made - mailed), "mailed twice or for no transfer": sorted(mailed - made)}
    print(f"all {len(transfers)} transfers made once, {sum(mailed.values())} 振込受付 mails, ledger verified, "
          f"{time.monotonic() - started:.1f}s in all")
