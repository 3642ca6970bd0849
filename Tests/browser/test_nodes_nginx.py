"""Three `kyoei serve` on one PostgreSQL behind a real nginx (issue 19 "Several nodes"): started at
once on an empty database (migrations applied once), then, through the proxy, a session made on
one node used on the others, a one-time code accepted on one and refused on another, a lock set
through one holding on all, one 確認画面 submitted to different nodes at once executing once,
every mail sent once while nodes stop and start, the audit trail keeping the client's address
(not nginx's), and mail queued by `kyoei admin` woken across processes by LISTEN/NOTIFY (delay
measured with and without it). The figures are printed (pytest -s shows them)."""

import collections
import concurrent.futures
import http.client
import json
import random
import re
import secrets
import statistics
import subprocess
import threading
import time

import pyotp
import pytest

from clitools import sql
from mailtools import SmtpServer, fresh_database_url, wait_until
from nginxtools import PROXY_ADDRESS, Nginx
from nodetools import Client, Node, confirmation_page, execute_form, postgres_only, start_together

CLIENT_ADDRESS = "127.0.0.2"
LIMIT = 5
POLL_SECONDS = 5


@pytest.fixture(scope="module")
def cluster(kyoei_bin, database_url, tmp_path_factory):
    postgres_only(database_url)
    tmp_path = tmp_path_factory.mktemp("nodes")
    url = fresh_database_url(database_url, tmp_path)
    smtp = SmtpServer(tmp_path).start()
    nodes = [Node(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}", KYOEI_LOCKOUT_LIMIT=LIMIT,
                  KYOEI_MAIL_POLL_SECONDS=POLL_SECONDS, KYOEI_TRUSTED_PROXIES=f"{PROXY_ADDRESS}/32") for _ in range(3)]
    nginx = Nginx(tmp_path / "nginx", [n.port for n in nodes])
    for node in nodes:
        # One bank, one address: every node answers for the proxy's URL (the Origin check).
        node.env["KYOEI_PUBLIC_URL"] = nginx.url
    try:
        nginx.start()
        # Three nodes starting at the same moment on an empty database.
        start_together(nodes)
        demo = subprocess.run([kyoei_bin, "demo"], env=nodes[0].env, capture_output=True, text=True, cwd=tmp_path)
        assert demo.returncode == 0, demo.stderr
        yield {"url": url, "nodes": nodes, "nginx": nginx, "smtp": smtp, "tmp": tmp_path}
    finally:
        for node in nodes:
            node.stop()
        nginx.stop()
        smtp.stop()


def client(cluster, node=None, source=CLIENT_ADDRESS):
    """A browser talking to nginx, pinned to one node (1–3) or going round the nodes."""
    headers = {"X-Test-Node": str(node)} if node else {}
    return Client(cluster["nginx"].url, source=source, headers=headers)


def served_by(client_, cluster):
    """Which node (1–3) served the last answer, from nginx's X-Upstream."""
    ports = [n.port for n in cluster["nodes"]]
    upstream = client_.last_headers.get("x-upstream", "")
    return ports.index(int(upstream.rsplit(":", 1)[1])) + 1


def in_parallel(calls):
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(call) for call in calls]]


def test_three_nodes_starting_at_once_apply_each_migration_once(cluster):
    nodes = cluster["nodes"]
    applied = collections.Counter()
    for node in nodes:
        for versions in re.findall(r"versions=([\d,]+) .*applied migrations", node.log()):
            applied.update(int(v) for v in versions.split(","))
    stored = sql(cluster["url"], "SELECT version, count(*) FROM schema_version GROUP BY version ORDER BY version")
    print(f"\nthree nodes started together: migrations applied per node "
          f"{[len(re.findall(r'applied migrations', n.log())) for n in nodes]} log line(s), {len(stored)} versions stored")
    assert stored and all(count == "1" for _, count in stored)
    assert applied == collections.Counter(int(v) for v, _ in stored), applied
    assert all(node.process.poll() is None for node in nodes)


def test_a_session_made_through_one_node_works_on_the_others(cluster):
    browser = client(cluster, node=1)
    assert browser.login()[1].endswith("/menu")
    assert served_by(browser, cluster) == 1
    for node in (2, 3):
        status, _, page = browser.sibling({"X-Test-Node": str(node)}).request("GET", "/menu")
        assert status == 200 and "共栄 太郎様" in page, (node, status)
    # Going round the nodes (no pin): every node serves the same session.
    roaming = browser.sibling({"X-Test-Node": ""})
    seen = set()
    for _ in range(6):
        status, _, page = roaming.request("GET", "/menu")
        assert status == 200 and "共栄 太郎様" in page
        seen.add(served_by(roaming, cluster))
    assert seen == {1, 2, 3}, seen
    # Logged out on node 3: gone on node 1 too.
    third = browser.sibling({"X-Test-Node": "3"})
    _, _, page = third.request("GET", "/menu")
    status, _, _ = third.request("POST", "/logout", {"_csrf": Client.csrf(page)})
    assert status == 303
    status, location, _ = browser.request("GET", "/menu")
    assert status == 303 and "/login" in location


def test_a_code_accepted_on_one_node_is_refused_on_another(cluster):
    nodes = cluster["nodes"]
    setup = client(cluster, node=1)
    assert setup.login("demo02", "Momiji2026")[1].endswith("/menu")
    status, _, page = setup.post_form("/otp/issue", {"mobile_email": "demo02.mobile@example.jp", "activation_password": "2468",
                                                     "confirmation_password": "Kaede3776x"})
    assert status == 303, page[-600:]
    shown = nodes[0].admin("otp", "show", "--login-id", "demo02")
    user_id = next(t.get("userID") or t.get("user_id") for t in shown["tokens"] if t["status"] == "issued")
    # The token app provisions through the proxy too (here: to node 2).
    connection = http.client.HTTPConnection("127.0.0.1", cluster["nginx"].port, timeout=30)
    connection.request("POST", "/api/v1/token/provision", body=json.dumps(
        {"service_id": "KYOEI-IB", "user_id": user_id, "activation_password": "2468"}),
        headers={"Content-Type": "application/json", "X-Test-Node": "2"})
    totp = pyotp.TOTP(json.loads(connection.getresponse().read())["secret"], interval=60)
    status, location, page = setup.sibling({"X-Test-Node": "2"}).post_form("/otp/activate", {"otp": totp.now()})
    assert location.endswith("/otp/activate/done"), page[-600:]

    first, second = client(cluster, node=1), client(cluster, node=3)
    for browser in (first, second):
        assert browser.login("demo02", "Momiji2026")[1].endswith("/login/otp")
    code = totp.at(time.time() + 60)  # a step 利用開始 did not use
    status, location, _ = first.post_form("/login/otp", {"otp": code})
    assert status == 303 and location.endswith("/menu"), (status, location)
    status, location, page = second.post_form("/login/otp", {"otp": code})
    print(f"\none code: accepted on node 1, answered {status} on node 3")
    assert "すでに使用されています" in page and not location.endswith("/menu"), (status, location)


def test_a_lock_set_through_one_node_holds_on_all(cluster, kyoei_bin):
    login_id = "nodes" + secrets.token_hex(4)
    created = subprocess.run([kyoei_bin, "admin", "customer", "create", "--login-id", login_id, "--name-kanji", "錠前 三郎",
                              "--name-kana", "ジヨウマエ サブロウ", "--pc-email", f"{login_id}@example.jp", "--json"],
                             input="Tsubaki2026\nKakunin2026x\n", env=cluster["nodes"][0].env, capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    through_one = client(cluster, node=2)
    answers = [through_one.login(login_id, f"Wrong-{n}-pass")[0] for n in range(LIMIT)]
    assert answers[-1] == 403, answers
    for node in (1, 2, 3):
        status, location, page = client(cluster, node=node).login(login_id, "Tsubaki2026")
        assert status == 403 and "ご利用を停止しています" in page, (node, status, location)
    rows = sql(cluster["url"], f"SELECT count(*) FROM audit_events WHERE login_id = '{login_id}' AND event = 'login' AND result = 'failure'")
    assert rows == [(str(LIMIT),)], rows


def test_one_confirmation_submitted_to_different_nodes_at_once_executes_once(cluster):
    browser = client(cluster, node=1)
    assert browser.login()[1].endswith("/menu")
    before = sql(cluster["url"], "SELECT count(*) FROM transfers")[0][0]
    outcomes = []
    for _ in range(3):
        form = execute_form(confirmation_page(browser, 1000))
        # The customer's double click: the same 確認画面 to three nodes at the same moment.
        submit = [browser.sibling({"X-Test-Node": str(n)}) for n in (1, 2, 3)]
        outcomes.append(in_parallel([lambda s=s: s.request("POST", "/transfer/execute", dict(form)) for s in submit]))
    after = sql(cluster["url"], "SELECT count(*) FROM transfers")[0][0]
    print(f"\n3 確認画面 each executed on 3 nodes at once: {int(after) - int(before)} transfers")
    for round_ in outcomes:
        done = {location for status, location, _ in round_ if status == 303 and "/transfer/done" in location}
        assert len(done) == 1 and all(status == 303 for status, _, _ in round_), [(s, l) for s, l, _ in round_]
    assert int(after) - int(before) == 3
    assert cluster["nodes"][2].admin("verify-ledger")["consistent"] is True


def test_every_mail_is_sent_once_while_nodes_stop_and_start(cluster, kyoei_bin):
    nodes, smtp = cluster["nodes"], cluster["smtp"]
    tag = secrets.token_hex(3)
    queued, stop = [], threading.Event()

    def enqueue():
        n = 0
        while not stop.is_set() or n < 40:
            answer = subprocess.run([kyoei_bin, "admin", "mail", "test", "--to", f"once-{tag}-{n}@example.jp", "--json"],
                                    env=nodes[0].env, capture_output=True, text=True)
            assert answer.returncode == 0, answer.stderr
            queued.append(json.loads(answer.stdout)["messageID"])
            n += 1
    writer = threading.Thread(target=enqueue)
    writer.start()
    try:
        for node in nodes + nodes:  # each node stopped (SIGTERM) and started twice while mail flows
            node.stop()
            time.sleep(0.5)
            node.launch().wait_ready()
    finally:
        stop.set()
        writer.join()
    ids = set(queued)
    wait_until(lambda: {m["Message-ID"].strip("<>") for m in smtp.messages()} >= {i.strip("<>") for i in ids}, 60,
               f"{len(ids)} mails")
    time.sleep(2)  # a duplicate would arrive now
    counts = collections.Counter(m["Message-ID"].strip("<>") for m in smtp.messages() if f"once-{tag}-" in m["To"])
    print(f"\n{len(ids)} mails queued while the nodes were stopped and started twice each: "
          f"{sum(counts.values())} delivered, {len([c for c in counts.values() if c > 1])} twice")
    assert set(counts) == {i.strip("<>") for i in ids} and set(counts.values()) == {1}


def test_the_audit_keeps_the_clients_address_not_the_proxys(cluster):
    browser = client(cluster)
    assert browser.login()[1].endswith("/menu")
    proxy_request_id = browser.last_headers.get("x-proxy-request-id")
    # A client writing its own X-Forwarded-For through the proxy: nginx appends the real address.
    forger = client(cluster, source=CLIENT_ADDRESS)
    forger.headers["X-Forwarded-For"] = "203.0.113.7"
    assert forger.login("demo01", "Wrong-pass-1")[0] in (200, 401)
    # The same forgery sent to a node directly: its peer is no trusted proxy, the header counts for nothing.
    direct = Client(cluster["nodes"][0].url, origin=cluster["nginx"].url, source=CLIENT_ADDRESS,
                    headers={"X-Forwarded-For": "203.0.113.8"})
    assert direct.login("demo01", "Wrong-pass-2")[0] in (200, 401)
    rows = sql(cluster["url"], "SELECT ip, COALESCE(request_id, '') FROM audit_events WHERE login_id = 'demo01' "
                               "AND event = 'login' ORDER BY id DESC LIMIT 3")
    print(f"\naudit addresses (newest first): {[ip for ip, _ in rows]}; nginx request id {proxy_request_id}")
    assert [ip for ip, _ in rows] == [CLIENT_ADDRESS] * 3, rows
    assert rows[2][1] == proxy_request_id, (rows[2], proxy_request_id)


def delivery_delays(cluster, kyoei_bin, count=6):
    """Seconds from a `kyoei admin mail test` commit (created_at) to its delivery (sent_at)."""
    delays = []
    for n in range(count):
        time.sleep(random.uniform(0, POLL_SECONDS))  # not in step with the nodes' polls
        answer = subprocess.run([kyoei_bin, "admin", "mail", "test", "--to", f"wake-{n}@example.jp", "--json"],
                                env=cluster["nodes"][0].env, capture_output=True, text=True)
        assert answer.returncode == 0, answer.stderr
        message_id = json.loads(answer.stdout)["messageID"]
        row = wait_until(lambda: sql(cluster["url"], f"SELECT sent_at - created_at FROM mail_outbox WHERE message_id = "
                                                     f"'{message_id}' AND sent_at IS NOT NULL"), 30, "the mail")
        delays.append(int(row[0][0]) / 1000)
    return delays


def restart_all(nodes, **settings):
    for node in nodes:
        node.stop()
        node.env.update({k: str(v) for k, v in settings.items()})
    start_together(nodes)


def test_mail_queued_by_kyoei_admin_wakes_the_nodes_at_once(cluster, kyoei_bin):
    nodes = cluster["nodes"]
    try:
        restart_all(nodes, KYOEI_MAIL_LISTEN="off")
        polled = delivery_delays(cluster, kyoei_bin)
        restart_all(nodes, KYOEI_MAIL_LISTEN="on")
        woken = delivery_delays(cluster, kyoei_bin)
    finally:
        for node in nodes:
            node.env["KYOEI_MAIL_LISTEN"] = "on"
            if node.process.poll() is not None:
                node.launch().wait_ready()
    print(f"\nenqueue (kyoei admin) → delivered by a node, poll every {POLL_SECONDS}s:"
          f"\n  poll only (KYOEI_MAIL_LISTEN=off): median {statistics.median(polled):.3f}s, max {max(polled):.3f}s {polled}"
          f"\n  LISTEN/NOTIFY:                     median {statistics.median(woken):.3f}s, max {max(woken):.3f}s {woken}")
    assert max(woken) < POLL_SECONDS / 4, woken
