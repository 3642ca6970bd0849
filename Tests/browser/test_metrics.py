"""/metrics on KYOEI_METRICS_LISTEN of a real `kyoei serve`: scraped, then a customer fails a
login, logs in, pays a 振替, a test mail is queued while the SMTP server is down and sent once
it is up; the next scrapes show every counter and gauge moved. /metrics is never on the
public listener."""

import os
import subprocess

import pytest
from mailtools import KyoeiServer, SmtpServer, fresh_database_url, free_port, wait_until
from observetools import Customer, scrape, value


@pytest.fixture
def observed_bank(kyoei_bin, database_url, tmp_path):
    """A bank of its own with the metrics listener on, mailing to an SMTP server that is not
    started yet (connections refused: every attempt fails until the test starts it)."""
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True, capture_output=True,
                   cwd=tmp_path)
    smtp = SmtpServer(tmp_path)
    metrics_port = free_port()
    server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                         KYOEI_METRICS_LISTEN=f"127.0.0.1:{metrics_port}").start()
    yield server, smtp, f"http://127.0.0.1:{metrics_port}"
    server.stop()
    smtp.stop()


def test_counters_and_gauges_move(observed_bank):
    server, smtp, metrics_url = observed_bank
    before = scrape(metrics_url)
    assert "# TYPE kyoei_database_connections gauge" in before
    assert value(before, "kyoei_database_up") == 1
    # Never on the public listener (nor under /staff there).
    customer = Customer(server.url)
    assert customer.get("/metrics").status_code == 404
    assert customer.get("/staff/metrics").status_code in (302, 303, 404)

    # A wrong password, then the right one.
    refused = customer.login(password="Wrong-Passw0rd")
    assert refused.status_code not in (302, 303)
    assert customer.login().headers["Location"].endswith("/menu")
    paid = customer.own_transfer()
    assert "/transfer/done" in paid.headers.get("Location", ""), paid.status_code
    server.admin("mail", "test", "--to", "ops@example.jp")

    def moved():
        text = scrape(metrics_url)
        return text if value(text, "kyoei_mail_delivery_failures_total") >= 1 else None

    during = wait_until(moved, 30, "a failed delivery attempt while SMTP is down")
    assert value(during, "kyoei_logins_total", who="customer", step="password", outcome="invalid_credentials") == 1
    assert value(during, "kyoei_logins_total", who="customer", outcome="success", channel="web") == 1
    assert value(during, "kyoei_transfers_total", route="own", outcome="executed", channel="web") == 1
    assert value(during, "kyoei_http_requests_total", route="/login", method="POST") == 2
    assert value(during, "kyoei_http_request_duration_seconds_count", route="/transfer/execute", method="POST") == 1
    assert value(during, "kyoei_http_request_duration_seconds_bucket", route="/login", method="POST", le="+Inf") == 2
    assert value(during, "kyoei_outbox_pending_mails") >= 1, "the test mail, the login notice, the 振替 mail"
    assert value(during, "kyoei_mail_delivery_attempts_total", outcome="retried") >= 1
    assert value(during, "kyoei_scheduler_runs_total") >= 1, "the scheduler looked at least once at start"

    # SMTP comes up: everything queued goes out, the backlog empties.
    smtp.start()

    def drained():
        text = scrape(metrics_url)
        return text if value(text, "kyoei_outbox_pending_mails") == 0 else None

    after = wait_until(drained, 60, "the outbox to drain once SMTP is up")
    assert value(after, "kyoei_mail_delivery_attempts_total", outcome="sent") >= 3
    assert value(after, "kyoei_outbox_due_mails") == 0
    assert value(after, "kyoei_outbox_oldest_due_age_seconds") == 0
    assert any(message["X-Test-Rcpt-To"] == "ops@example.jp" for message in smtp.messages())
    # Counters never go back.
    assert value(after, "kyoei_logins_total") >= value(during, "kyoei_logins_total")
    print("metrics after the run:\n" + "\n".join(line for line in after.splitlines() if line.startswith("kyoei_")
                                                 and "_bucket" not in line))


def test_metrics_listener_must_be_its_own(kyoei_bin, fresh_db, tmp_path):
    port = free_port()
    env = dict(os.environ, KYOEI_DATABASE_URL=fresh_db, KYOEI_LISTEN=f"127.0.0.1:{port}",
               KYOEI_METRICS_LISTEN=f"127.0.0.1:{port}")
    result = subprocess.run([kyoei_bin, "serve"], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode != 0
    assert "KYOEI_METRICS_LISTEN must be a listener of its own" in result.stderr + result.stdout
