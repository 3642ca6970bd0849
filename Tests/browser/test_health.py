"""/healthz and /readyz of a real `kyoei serve`, on the customer and the back-office listeners,
as a proxy or an orchestrator probes them; X-Request-ID on every answer and in the audit row;
X-Forwarded-For believed only from KYOEI_TRUSTED_PROXIES; KYOEI_LOG_FORMAT=json lines."""

import json
import sqlite3
import subprocess
import urllib.parse

import requests
from mailtools import KyoeiServer, fresh_database_url, wait_until
from observetools import Customer


def probe(url):
    response = requests.get(url, timeout=10)
    return response.status_code, response.json(), response.headers


def set_schema_row(database_url, present):
    """Takes migration 17's row out of schema_version (a database an upgrade has not reached
    yet, as a new node sees it) or puts it back."""
    statement = ("INSERT INTO schema_version (version, name, applied_at) VALUES (17, 'audit_request_context', 0)"
                 if present else "DELETE FROM schema_version WHERE version = 17")
    if database_url.startswith("sqlite://"):
        path = database_url[len("sqlite://"):]
        with sqlite3.connect(path) as connection:
            connection.execute(statement)
    else:
        plain = urllib.parse.urlsplit(database_url)._replace(query="").geturl()
        subprocess.run(["psql", plain, "-v", "ON_ERROR_STOP=1", "-qc", statement], check=True)


def test_probes_on_both_listeners_and_readiness_follows_migrations(kyoei_bin, fresh_db, tmp_path):
    server = KyoeiServer(kyoei_bin, tmp_path, fresh_db, staff_listener=True).start()
    try:
        for base in (server.url, server.staff_url):
            status, body, headers = probe(base + "/healthz")
            assert (status, body) == (200, {"status": "alive"})
            assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
            status, body, _ = probe(base + "/readyz")
            assert status == 200 and body["status"] == "ready", body
            assert len(headers["X-Request-ID"]) == 32

        set_schema_row(fresh_db, present=False)
        for base in (server.url, server.staff_url):
            status, body, _ = probe(base + "/readyz")
            assert status == 503
            assert body == {"status": "not_ready", "reason": "migrations pending: 17"}
            assert probe(base + "/healthz")[0] == 200, "alive all the same: no restart for a database behind"
        set_schema_row(fresh_db, present=True)
        assert probe(server.url + "/readyz")[0] == 200
    finally:
        server.stop()


def test_request_id_and_forwarded_client_reach_the_audit_row(kyoei_bin, database_url, tmp_path):
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(__import__("os").environ, KYOEI_DATABASE_URL=url), check=True,
                   capture_output=True, cwd=tmp_path)
    server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_TRUSTED_PROXIES="127.0.0.1/32, ::1",
                         KYOEI_LOG_FORMAT="json").start()
    try:
        proxied = Customer(server.url, headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.7", "X-Request-ID": "edge-42"})
        answer = proxied.login(password="Wrong-Passw0rd")
        assert answer.headers["X-Request-ID"] == "edge-42"
        logged_in = Customer(server.url)
        assert logged_in.login().headers["Location"].endswith("/menu")
        menu = logged_in.get("/menu")
        assert menu.status_code == 200

        rows = server.admin("audit", "--login-id", "demo01")
        failed = [row for row in rows if row["event"] == "login" and row["result"] == "failure"]
        assert failed and failed[0]["ip"] == "198.51.100.7" and failed[0]["requestID"] == "edge-42"
        assert failed[0]["channel"] == "web"

        log = server.folder / "server.log"

        def request_lines():
            lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
            return [line for line in lines if line.get("msg") == "request"] or None

        lines = wait_until(request_lines, 10, "JSON access log lines")
        by_id = {line["request_id"]: line for line in lines}
        menu_line = by_id[menu.headers["X-Request-ID"]]
        assert menu_line["route"] == "/menu" and menu_line["status"] == 200 and menu_line["method"] == "GET"
        assert isinstance(menu_line["duration_ms"], (int, float)) and isinstance(menu_line["customer_id"], int)
        assert by_id["edge-42"]["client_ip"] == "198.51.100.7"
        text = log.read_text()
        for secret in ["Sakura2026", "Wrong-Passw0rd", *logged_in.session.cookies.values()]:
            assert secret not in text
        assert all(line.startswith("{") for line in text.splitlines() if line.startswith("{\""))
    finally:
        server.stop()
