"""予約振込's scheduler in several `kyoei serve` processes on one PostgreSQL (issue 18): bookings
made through the real screens, then due — some today, some since yesterday (as if the servers had
been down at the run) — and run by

  * two servers started at the same moment (plus `kyoei admin schedule run` beside them), and
  * one server killed with SIGKILL in the middle of its run, then restarted beside a second,

every booking is executed exactly once: one ledger posting, one 完了, one audit row and one mail
each; the late ones logged and mailed as late; the money moved once; the ledger verifies.
"""

import collections
import concurrent.futures
import contextlib
import datetime
import json
import os
import re
import subprocess
import time

import pytest

from clitools import sql
from mailtools import SmtpServer, decoded_subject, fresh_database_url, free_port, wait_until
from nodetools import Client, Node, book, postgres_only, start_together

BOOKINGS = 160
AMOUNT = 7
EXECUTED_SUBJECT = "予約振込実行のお知らせ"
LATE_WORDS = "振込指定日に処理できなかったため"
JST = datetime.timezone(datetime.timedelta(hours=9))


def jst_today():
    return datetime.datetime.now(JST).date()


def a_business_day_ahead():
    """A weekday 3–9 days ahead that is no holiday in the bank's calendar: bookable now."""
    day = jst_today() + datetime.timedelta(days=3)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture
def bank(kyoei_bin, database_url, tmp_path):
    """A bank of its own on PostgreSQL with demo01's bookings waiting for a day ahead."""
    postgres_only(database_url)
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True,
                   capture_output=True, cwd=tmp_path)
    smtp = SmtpServer(tmp_path).start()
    started = []

    def node(smtp_port=smtp.port):
        # A lease of a few seconds: a mail claimed by a killed server is due again soon, not in 5 minutes.
        started.append(Node(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp_port}", KYOEI_MAIL_LEASE_SECONDS="4"))
        return started[-1]
    yield url, smtp, node
    for server in started:
        server.stop()
    smtp.stop()


def book_many(server, count, day):
    """`count` 予約振込 of demo01 (普通 → its own 貯蓄) through four sessions at once."""
    sessions = [Client(server.url) for _ in range(4)]
    for session in sessions:
        assert session.login()[1].endswith("/menu")
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda n: book(sessions[n % 4], AMOUNT, day.isoformat()), range(count)))


def make_due(url, receptions):
    """As if the days had passed while no server ran: the first half due yesterday (late), the rest today."""
    half = len(receptions) // 2
    for chunk, day in ((receptions[:half], jst_today() - datetime.timedelta(days=1)), (receptions[half:], jst_today())):
        listed = ",".join(f"'{r}'" for r in chunk)
        sql(url, f"UPDATE transfers SET scheduled_for = '{day.isoformat()}' WHERE reception_number IN ({listed})")
    return set(receptions[:half])


def source_balance(url):
    return int(sql(url, "SELECT balance FROM accounts WHERE id = (SELECT source_account_id FROM transfers "
                        "WHERE scheduled_for IS NOT NULL ORDER BY id LIMIT 1)")[0][0])


@contextlib.contextmanager
def held(url, table):
    """Holds an EXCLUSIVE lock on `table` (reads go on, FOR UPDATE waits) until the block ends."""
    session = subprocess.Popen(["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    session.stdin.write(f"BEGIN; LOCK TABLE {table} IN EXCLUSIVE MODE; SELECT 'locked';\n")
    session.stdin.flush()
    assert session.stdout.readline().strip() == "locked"
    try:
        yield
    finally:
        session.stdin.write("COMMIT;\n")
        session.stdin.close()
        session.wait(timeout=30)


def claims_waiting(url):
    """Scheduler claims (SELECT … FOR UPDATE SKIP LOCKED on transfers) waiting for a lock."""
    return int(sql(url, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE '%FROM transfers%SKIP LOCKED%'")[0][0])


def waiting(url):
    return int(sql(url, "SELECT count(*) FROM transfers WHERE status = 'scheduled'")[0][0])


def executed_by(node):
    """How many bookings this server's scheduler ran (its log line per run)."""
    return sum(int(n) for n in re.findall(r"executed=(\d+) .*scheduled transfers run", node.log()))


def check_exactly_once(url, smtp, receptions, late, balance_before, logs, unlogged_may_be=frozenset()):
    """Each booking: 完了 once, one posting, one audit row, one mail (late ones say so); money once.
    Every late one is logged, but for at most one of `unlogged_may_be`: a SIGKILL between a
    booking's commit and its log line takes the line with it (the mail and audit row still say it)."""
    listed = ",".join(f"'{r}'" for r in receptions)
    statuses = dict(sql(url, f"SELECT reception_number, status FROM transfers WHERE reception_number IN ({listed})"))
    assert collections.Counter(statuses.values()) == {"completed": len(receptions)}, collections.Counter(statuses.values())
    postings = sql(url, "SELECT idempotency_key, count(*) FROM ledger_transactions WHERE idempotency_key IN "
                        f"(SELECT 'transfer:' || nonce FROM transfers WHERE reception_number IN ({listed})) GROUP BY 1")
    assert len(postings) == len(receptions) and all(count == "1" for _, count in postings), postings
    audit = sql(url, "SELECT count(*), count(DISTINCT detail) FROM audit_events WHERE event = 'scheduled_transfer_run' AND result = 'success'")
    assert audit[0] == (str(len(receptions)), str(len(receptions))), audit
    assert source_balance(url) == balance_before - AMOUNT * len(receptions)

    def executed_mails():
        found = [m for m in smtp.messages() if EXECUTED_SUBJECT in decoded_subject(m)]
        return found if len(found) >= len(receptions) else None
    mails = wait_until(executed_mails, 60, f"{len(receptions)} execution mails")
    time.sleep(2)  # a duplicate would arrive now
    mails = executed_mails()
    by_reception = collections.Counter()
    for mail in mails:
        body = mail.get_content()
        reception = next(r for r in receptions if r in body)
        by_reception[reception] += 1
        assert (LATE_WORDS in body) == (reception in late), (reception, body)
    assert len(by_reception) == len(receptions) and set(by_reception.values()) == {1}, \
        [r for r, n in by_reception.items() if n != 1]
    late_logged = set(re.findall(r"reception=(\S+) .*scheduled transfer ran after its day", logs))
    assert late_logged <= late, late_logged - late
    unlogged = late - late_logged
    assert unlogged <= unlogged_may_be and len(unlogged) <= 1, (len(late_logged), len(late), unlogged)


def test_two_servers_started_together_run_every_due_booking_once(kyoei_bin, bank, tmp_path):
    url, smtp, node = bank
    first = node().start()
    receptions = book_many(first, BOOKINGS, a_business_day_ahead())
    first.stop()
    balance_before = source_balance(url)
    late = make_due(url, receptions)

    second = node()
    with held(url, "transfers"):
        start_together([first, second])
        # The bank's operator runs it by hand too: a third runner on the same rows.
        by_hand = subprocess.Popen([kyoei_bin, "admin", "schedule", "run", "--json"], env=first.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # All three wait at their first claim: released together, their runs overlap whatever the start-up took.
        wait_until(lambda: claims_waiting(url) == 3, 60, "three runners waiting at the claim")
        start = time.monotonic()
    out, err = by_hand.communicate(timeout=120)
    assert by_hand.returncode == 0, err
    wait_until(lambda: waiting(url) == 0, 120, "every booking to run")
    ran = time.monotonic() - start
    counts = [executed_by(first), executed_by(second), len(json.loads(out)["entries"])]
    print(f"\n{BOOKINGS} due bookings ({len(late)} late) run by two servers started together and `kyoei admin "
          f"schedule run`, released together: {counts[0]} + {counts[1]} + {counts[2]} (by hand) in {ran:.1f}s")
    assert sum(counts) == BOOKINGS, counts
    assert all(counts), f"the three runs overlapped and shared the work: {counts}"
    check_exactly_once(url, smtp, receptions, late, balance_before, first.log() + second.log() + err)
    assert first.admin("verify-ledger")["consistent"] is True


def test_a_server_killed_mid_run_loses_nothing_and_runs_nothing_twice(kyoei_bin, bank, tmp_path):
    url, smtp, node = bank
    booker = node().start()
    receptions = book_many(booker, BOOKINGS, a_business_day_ahead())
    booker.stop()
    balance_before = source_balance(url)
    late = make_due(url, receptions)

    # The server that will die mails nothing (its SMTP server is unreachable): a mail it had
    # half-sent when killed could otherwise arrive twice, which no outbox can rule out.
    doomed = node(free_port()).launch()
    deadline = time.monotonic() + 120
    while waiting(url) > BOOKINGS * 3 // 4:  # as tight as psql goes: the run takes a few seconds
        assert time.monotonic() < deadline and doomed.process.poll() is None, doomed.log()
    doomed.kill()
    left = waiting(url)
    done_before = BOOKINGS - left
    listed = ",".join(f"'{r}'" for r in receptions)
    ran_before_kill = {r for (r,) in sql(url, "SELECT reception_number FROM transfers WHERE status = 'completed' "
                                              f"AND reception_number IN ({listed})")}
    print(f"\nSIGKILL after {done_before} of {BOOKINGS} bookings ran; {left} still 予約中")
    assert 0 < left < BOOKINGS, "killed in the middle of the run"

    # The same server started again (its mail now reaching the SMTP server), and a second beside it.
    killed_log = doomed.log()
    doomed.env["KYOEI_MAIL_URL"] = f"smtp://127.0.0.1:{smtp.port}"
    other = node()
    start_together([doomed, other])
    wait_until(lambda: waiting(url) == 0, 120, "the rest of the bookings to run")
    counts = [executed_by(doomed), executed_by(other)]
    print(f"restarted beside a second server: {counts[0]} + {counts[1]} more; the killed run's mails sent by them")
    assert sum(counts) == left, (counts, left)
    check_exactly_once(url, smtp, receptions, late, balance_before, doomed.log() + other.log(),
                       unlogged_may_be=ran_before_kill)
    assert "scheduled transfers run" not in killed_log, "the kill came before the run's end"
    assert other.admin("schedule", "run")["entries"] == [], "never twice"
    assert other.admin("verify-ledger")["consistent"] is True
