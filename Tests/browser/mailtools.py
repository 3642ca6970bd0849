"""Helpers for the end-to-end mail tests: a real SMTP server (aiosmtpd, Tests/BankMailTests/
smtp_server.py), `kyoei serve` processes with their own mail settings, fresh databases."""

import email
import email.header
import email.policy
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SMTP_SERVER = REPO_ROOT / "Tests" / "BankMailTests" / "smtp_server.py"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def fresh_database_url(database_url, tmp_path):
    """An empty database on the same engine as the test server's."""
    if database_url.startswith("sqlite://"):
        return f"sqlite://{tmp_path}/fresh-{secrets.token_hex(3)}.sqlite"
    parts = urllib.parse.urlsplit(database_url)
    name = "kyoei_fresh_" + secrets.token_hex(4)
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", f"CREATE DATABASE {name}"], check=True)
    return parts._replace(path="/" + name).geturl()


class SmtpServer:
    """aiosmtpd capturing every message into MAILDIR/new, started and stopped by the test."""

    def __init__(self, tmp_path, port=None, *extra):
        self.port = port or free_port()
        self.maildir = tmp_path / f"smtp-{self.port}"
        self.extra = list(extra)
        self.process = None
        self.log = tmp_path / f"smtp-{self.port}.log"

    def start(self):
        python = os.environ.get("KYOEI_TEST_PYTHON") or sys.executable
        self.process = subprocess.Popen(
            [python, str(SMTP_SERVER), "--port", str(self.port), "--maildir", str(self.maildir), *self.extra],
            stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: self._accepts() or self.process.poll() is not None, 20, "the SMTP server")
        assert self.process.poll() is None, self.log.read_text()
        return self

    def _accepts(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def messages(self):
        folder = self.maildir / "new"
        if not folder.exists():
            return []
        return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(folder.iterdir())]


class KyoeiServer:
    """`kyoei serve` on a database, with mail settings of the test's choosing."""

    def __init__(self, binary, tmp_path, database_url, **settings):
        self.binary = binary
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = tmp_path / f"serve-{self.port}"
        self.folder.mkdir()
        self.env = dict(os.environ, KYOEI_DATABASE_URL=database_url, KYOEI_LISTEN=f"127.0.0.1:{self.port}",
                        KYOEI_PUBLIC_URL=self.url, KYOEI_STAFF="mail-test", KYOEI_MAIL_POLL_SECONDS="1",
                        KYOEI_MAIL_RETRY_BASE_SECONDS="1", KYOEI_MAIL_RETRY_MAX_SECONDS="2")
        self.env.update({key: str(value) for key, value in settings.items()})
        self.process = None

    def start(self):
        self.process = subprocess.Popen([self.binary, "serve"], cwd=self.folder, env=self.env,
                                        stdout=open(self.folder / "server.log", "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: self._healthy() or self.process.poll() is not None, 60, "kyoei serve")
        assert self.process.poll() is None, (self.folder / "server.log").read_text()
        return self

    def _healthy(self):
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def kill(self):
        """SIGKILL: no shutdown handler runs, as when a machine dies."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def admin(self, *args):
        result = subprocess.run([self.binary, "admin", *args, "--json"], env=self.env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)


def decoded_subject(message):
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))
