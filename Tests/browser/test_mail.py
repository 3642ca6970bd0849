"""Mail that is never lost: `kyoei serve` delivers the outbox over real SMTP (aiosmtpd)."""

import subprocess
import time

import pytest

from mailtools import KyoeiServer, SmtpServer, decoded_subject, wait_until


@pytest.fixture
def running():
    """Stops every server the test started, also when it fails."""
    started = []
    yield started
    for server in reversed(started):
        server.stop()


def outbox(server):
    return server.admin("mail", "list", "--limit", "1000")


def queue_test_mails(server, count):
    return [server.admin("mail", "test", "--to", f"user{n}@example.jp")["messageID"] for n in range(count)]


def test_server_down_then_up_every_mail_arrives_once(kyoei_bin, fresh_db, tmp_path, running):
    smtp = SmtpServer(tmp_path)
    bank = KyoeiServer(kyoei_bin, tmp_path, fresh_db, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}")
    running.append(bank.start())
    ids = queue_test_mails(bank, 5)
    # Nothing listens yet: every mail is tried, fails as temporary, and waits.
    mails = wait_until(lambda: (lambda m: m if all(x["attempts"] >= 1 for x in m) else None)(outbox(bank)), 30,
                       "first attempts")
    assert {mail["status"] for mail in mails} <= {"queued", "sending"}
    assert all(mail["lastError"] for mail in mails if mail["status"] == "queued")
    running.append(smtp.start())
    wait_until(lambda: all(mail["status"] == "sent" for mail in outbox(bank)), 60, "delivery after the server came up")
    received = smtp.messages()
    assert sorted(message["Message-ID"] for message in received) == sorted(ids)
    message = received[0]
    assert decoded_subject(message) == "【きょうえい】テストメール (test message)"
    assert "メール送信設定を確認するためのテストメール" in message.get_content()
    assert {message["X-Test-Rcpt-To"] for message in received} == {f"user{n}@example.jp" for n in range(5)}


def test_two_workers_send_every_mail_exactly_once(kyoei_bin, fresh_db, tmp_path, running):
    smtp = SmtpServer(tmp_path)
    running.append(smtp.start())
    first = KyoeiServer(kyoei_bin, tmp_path, fresh_db, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                        KYOEI_MAIL_POLL_SECONDS=3600)
    ids = queue_test_mails(first, 40)
    second = KyoeiServer(kyoei_bin, tmp_path, fresh_db, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                         KYOEI_MAIL_POLL_SECONDS=3600)
    # Both start at once and find the same 40 due mails.
    running.append(first.start())
    running.append(second.start())
    wait_until(lambda: len(smtp.messages()) >= 40, 90, "40 mails")
    wait_until(lambda: all(mail["status"] == "sent" for mail in outbox(first)), 30, "all marked sent")
    received = [message["Message-ID"] for message in smtp.messages()]
    assert sorted(received) == sorted(ids), "every mail exactly once"
    assert all(mail["attempts"] == 1 for mail in outbox(first))


def test_killed_after_claim_the_mail_is_retried_not_lost(kyoei_bin, fresh_db, tmp_path, running):
    # The server never confirms the first message while its client lives: the bank dies
    # after the message is on the wire and before any answer, however slow the machine.
    smtp = SmtpServer(tmp_path, "--hold-first-data", "120")
    running.append(smtp.start())
    settings = dict(KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}", KYOEI_MAIL_LEASE_SECONDS=3)
    doomed = KyoeiServer(kyoei_bin, tmp_path, fresh_db, **settings)
    running.append(doomed.start())
    [message_id] = queue_test_mails(doomed, 1)
    wait_until(lambda: outbox(doomed)[0]["status"] == "sending", 20, "the claim")
    wait_until(lambda: "DATA received" in smtp.log.read_text(), 20, "the message on the wire")
    doomed.kill()
    assert outbox(doomed)[0]["status"] == "sending", "claimed, no result recorded"
    survivor = KyoeiServer(kyoei_bin, tmp_path, fresh_db, **settings)
    running.append(survivor.start())
    wait_until(lambda: outbox(survivor)[0]["status"] == "sent", 60, "the retry after the lease ran out")
    mail = outbox(survivor)[0]
    assert mail["attempts"] == 2
    received = [message["Message-ID"] for message in smtp.messages()]
    # At least once; a repeat is only ever the same Message-ID (the only duplicate allowed).
    assert received and set(received) == {message_id}


def test_permanent_refusal_fails_once_and_is_audited(kyoei_bin, fresh_db, tmp_path, running):
    smtp = SmtpServer(tmp_path, "--mode", "reject")
    running.append(smtp.start())
    bank = KyoeiServer(kyoei_bin, tmp_path, fresh_db, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}")
    running.append(bank.start())
    [message_id] = queue_test_mails(bank, 1)
    wait_until(lambda: outbox(bank)[0]["status"] == "failed", 30, "the permanent failure")
    time.sleep(3)
    mail = outbox(bank)[0]
    assert mail["status"] == "failed" and mail["attempts"] == 1, "no retry after a 5xx"
    assert mail["lastError"].startswith("permanent") and "550" in mail["lastError"]
    assert smtp.messages() == []
    audit = bank.admin("audit", "--limit", "20")
    failures = [event for event in audit if event["event"] == "mail_failed"]
    assert len(failures) == 1 and message_id in failures[0]["detail"]
    # The bank can send it again by hand once the address is fixed; it is refused again here.
    retried = bank.admin("mail", "retry", str(mail["id"]))
    assert retried["status"] == "queued"


def test_starttls_and_auth_from_the_configuration(kyoei_bin, fresh_db, tmp_path, running):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    smtp = SmtpServer(tmp_path, "--starttls", "--require-starttls", "--cert", str(cert), "--key", str(key),
                      "--user", "bankmail", "--password", "s3cret-Pass")
    running.append(smtp.start())
    bank = KyoeiServer(kyoei_bin, tmp_path, fresh_db, KYOEI_MAIL_URL=f"smtp+starttls://localhost:{smtp.port}",
                       KYOEI_MAIL_USER="bankmail", KYOEI_MAIL_PASSWORD="s3cret-Pass", KYOEI_MAIL_CA_FILE=str(cert))
    running.append(bank.start())
    [message_id] = queue_test_mails(bank, 1)
    wait_until(lambda: outbox(bank)[0]["status"] == "sent", 30, "delivery over STARTTLS")
    [message] = smtp.messages()
    assert message["Message-ID"] == message_id
    assert message["X-Test-TLS"] == "yes"
    assert message["X-Test-Auth"] == "bankmail"
    log = (bank.folder / "server.log").read_text()
    assert "s3cret-Pass" not in log, "the SMTP password is never logged"
