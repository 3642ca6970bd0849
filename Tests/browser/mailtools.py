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
import tempfile
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
    """aiosmtpd capturing every message into MAILDIR/new, started and stopped by the test.

    The port is bound here, at once, and the bound socket handed to the server when it starts:
    until then connections to it are refused (nothing listens), and no one else can take it."""

    def __init__(self, tmp_path, *extra):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.maildir = tmp_path / f"smtp-{self.port}"
        self.extra = list(extra)
        self.process = None
        self.log = tmp_path / f"smtp-{self.port}.log"

    def start(self):
        python = os.environ.get("KYOEI_TEST_PYTHON") or sys.executable
        fd = self.socket.fileno()
        self.process = subprocess.Popen(
            [python, str(SMTP_SERVER), "--fd", str(fd), "--maildir", str(self.maildir), *self.extra],
            stdout=open(self.log, "w"), stderr=subprocess.STDOUT, pass_fds=(fd,))
        self.socket.close()  # the server holds it now
        ready = f"listening on 127.0.0.1:{self.port}"
        wait_until(lambda: ready in self.log.read_text() or self.process.poll() is not None, 20, "the SMTP server")
        assert self.process.poll() is None, self.log.read_text()
        return self

    def stop(self):
        self.socket.close()
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
    """`kyoei serve` on a database, with mail settings of the test's choosing; with
    `staff_listener`, the back office on a listener of its own (`staff_port`, `staff_url`).
    The phone token app always has its own listener (`token_app_port`, `token_app_url`), on a
    free port rather than the default next port, which another server may hold."""

    def __init__(self, binary, tmp_path, database_url, staff_listener=False, **settings):
        self.binary = binary
        self.folder = Path(tempfile.mkdtemp(prefix="serve-", dir=tmp_path))
        self.env = dict(os.environ, KYOEI_DATABASE_URL=database_url, KYOEI_STAFF="mail-test", KYOEI_MAIL_POLL_SECONDS="1",
                        KYOEI_MAIL_RETRY_BASE_SECONDS="1", KYOEI_MAIL_RETRY_MAX_SECONDS="2")
        self.env.update({key: str(value) for key, value in settings.items()})
        self.staff_listener = staff_listener
        self.process = None
        self._choose_ports()

    def _choose_ports(self):
        """Ports the kernel says are free now. The public URL must be known before the server
        starts (the Origin check compares with it), so port 0 cannot be used; should another
        process take a port before `serve` binds it, `start` picks new ones."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env.update(KYOEI_LISTEN=f"127.0.0.1:{self.port}", KYOEI_PUBLIC_URL=self.url)
        self.token_app_port = free_port()
        while self.token_app_port == self.port:
            self.token_app_port = free_port()
        self.token_app_url = f"http://127.0.0.1:{self.token_app_port}"
        self.env.update(KYOEI_TOKEN_APP_LISTEN=f"127.0.0.1:{self.token_app_port}", KYOEI_TOKEN_APP_URL=self.token_app_url)
        if self.staff_listener:
            self.staff_port = free_port()
            self.staff_url = f"http://127.0.0.1:{self.staff_port}"
            self.env["KYOEI_STAFF_LISTEN"] = f"127.0.0.1:{self.staff_port}"

    def start(self):
        log = self.folder / "server.log"
        for _ in range(5):
            self.process = subprocess.Popen([self.binary, "serve"], cwd=self.folder, env=self.env,
                                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
            wait_until(lambda: self._healthy() or self.process.poll() is not None, 60, "kyoei serve")
            if self.process.poll() is None:
                return self
            if "Address already in use" not in log.read_text():
                break
            self._choose_ports()
        raise AssertionError(log.read_text())

    def _healthy(self):
        """Both listeners answer (the server stops as a whole when one of them cannot bind)."""
        try:
            for url in (self.url + "/healthz", self.token_app_url + "/config.json"):
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status != 200:
                        return False
            return True
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
