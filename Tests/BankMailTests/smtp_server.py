#!/usr/bin/env python3
"""A real SMTP server for the BankMail tests, built on PyPI aiosmtpd.

Every accepted message is written to MAILDIR/new/ (via tmp/, like a real Maildir) as:
    X-Test-Mail-From: <envelope sender>
    X-Test-Rcpt-To: <recipient>, <recipient>
    X-Test-TLS: yes|no
    X-Test-Auth: <login>|-
followed by the message bytes exactly as received (already un-dot-stuffed by aiosmtpd),
so the tests can compare them byte for byte with what the client meant to send.

Modes (--mode): capture (accept everything), reject (RCPT gets 550), tempfail (RCPT gets
451). --user/--password turn on AUTH (then required before MAIL); --auth-plaintext allows
it without TLS; --no-auth-plain offers only AUTH LOGIN. --cert/--key with --starttls offer STARTTLS, with --smtps speak TLS from
the first byte. --no-ehlo answers EHLO with 502; --size-limit sets the announced SIZE;
--data-delay waits that many seconds after storing a message before confirming it;
--hold-first-data does not confirm the first message at all while its client stays connected
(up to that many seconds): a client killed after "DATA received" never had its answer, with no
window to hit.

--port 0 lets the kernel pick a free port; --fd N listens on a socket the caller bound
already and passed down (its port was never free for anyone else to take). The line
"listening on HOST:PORT" (stdout) says that the server accepts connections and which port it
has: the tests wait for that line.
Run until SIGTERM.
"""
import argparse
import asyncio
import os
import signal
import socket
import ssl
import threading
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir, mode, no_ehlo, data_delay=0.0, hold_first=0.0):
        self.maildir = maildir
        self.data_delay = data_delay
        self.hold_first = hold_first
        self.mode = mode
        self.no_ehlo = no_ehlo
        self.counter = 0
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(maildir, sub), exist_ok=True)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.no_ehlo:
            return ["502 5.5.1 EHLO not implemented, use HELO"]
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "reject":
            return "550 5.1.1 No such user here"
        if self.mode == "tempfail":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else (session.auth_data or "-")
        # session.ssl is set only after STARTTLS; implicit TLS shows on the transport.
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        head = (
            f"X-Test-Mail-From: {envelope.mail_from}\r\n"
            f"X-Test-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n"
            f"X-Test-TLS: {'yes' if tls else 'no'}\r\n"
            f"X-Test-Auth: {login}\r\n"
        ).encode()
        self.counter += 1
        name = f"{time.time():.6f}.{os.getpid()}_{self.counter}.test"
        tmp = os.path.join(self.maildir, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(head + envelope.content)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, os.path.join(self.maildir, "new", name))
        print("DATA received", flush=True)
        if self.hold_first and self.counter == 1:
            # Cancelled by aiosmtpd as soon as the client's connection is gone.
            await asyncio.sleep(self.hold_first)
        if self.data_delay:
            # The window between "message stored" and "client told": a client killed in it
            # must send again (the end-to-end test of the outbox's at-least-once delivery).
            await asyncio.sleep(self.data_delay)
        return "250 2.0.0 Message accepted for delivery"


class Authenticator:
    """Accepts exactly one login/password pair."""

    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password:
            return AuthResult(success=True, auth_data=auth_data.login)
        return AuthResult(success=False, handled=False)


class BoundController(Controller):
    """Listens on a socket handed down (`sock`) or on `port` (0: any); learns the port before
    aiosmtpd connects to itself."""

    def __init__(self, handler, sock=None, **kwargs):
        self.sock = sock
        super().__init__(handler, **kwargs)

    def _create_server(self):
        if self.sock is None:
            return super()._create_server()
        return self.loop.create_server(self._factory_invoker, sock=self.sock, ssl=self.ssl_context)

    def _trigger_server(self):
        if self.port == 0:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    # aiosmtpd warns about AUTH without TLS, which the loopback test does on purpose.
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fd", type=int, help="a bound socket to listen on, instead of --port")
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--mode", choices=["capture", "reject", "tempfail"], default="capture")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--auth-plaintext", action="store_true")
    parser.add_argument("--no-auth-plain", action="store_true", help="offer only AUTH LOGIN")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--smtps", action="store_true")
    parser.add_argument("--no-ehlo", action="store_true")
    parser.add_argument("--size-limit", type=int, default=33554432)
    parser.add_argument("--data-delay", type=float, default=0.0, help="seconds to wait before confirming DATA")
    parser.add_argument("--hold-first-data", type=float, default=0.0,
                        help="seconds the first message's confirmation waits while its client stays connected")
    args = parser.parse_args()

    # Swift's Foundation.Process starts us with the spawning thread's signal mask, in
    # which SIGTERM may be blocked; unblock before any thread starts so terminate() works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    tls = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)

    kwargs = dict(hostname=args.host, port=args.port, data_size_limit=args.size_limit)
    if args.user is not None:
        # aiosmtpd counts only STARTTLS as TLS, so under implicit TLS it must be told that
        # AUTH is fine (the whole connection is encrypted anyway).
        kwargs.update(authenticator=Authenticator(args.user, args.password or ""), auth_required=True,
                      auth_require_tls=not (args.auth_plaintext or args.smtps),
                      auth_exclude_mechanism=["PLAIN"] if args.no_auth_plain else None)
    if args.starttls:
        kwargs.update(tls_context=tls, require_starttls=args.require_starttls)
    if args.smtps:
        kwargs.update(ssl_context=tls)

    sock = None
    if args.fd is not None:
        sock = socket.socket(fileno=args.fd)
        sock.listen(100)
        kwargs["port"] = sock.getsockname()[1]
    controller = BoundController(Handler(args.maildir, args.mode, args.no_ehlo, args.data_delay, args.hold_first_data),
                                 sock=sock, **kwargs)
    controller.start()
    print(f"listening on {args.host}:{controller.port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    parent = os.getppid()
    # Also stop when the test process is gone, so a killed test run leaves no server behind.
    while not stop.wait(0.2) and os.getppid() == parent:
        pass
    controller.stop()


if __name__ == "__main__":
    main()
