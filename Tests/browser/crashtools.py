"""Helpers of test_transfer_crash.py: customers made at the counter (`kyoei admin`), each with a
session on the pages and a token of the JSON API, and a transfer load over both 実行 paths that
records, per request, what the bank answered and when — acknowledged (201 / 303 with its
受付番号), refused, or cut off by the kill (sent, no answer: the outcome is the bank's to tell)."""

import json
import re
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from apitools import ApiClient, ok
from opstools import Client, Furikae

LOGIN_PASSWORD, CONFIRMATION_PASSWORD = "Momiji2026a", "Kakunin2026x"
BANK_CODE = "2999"
FEES = "same_branch=0:0,other_branch=110:220,other_bank=330:550"
PAYEE_FEE = 110  # 本支店宛 below 30,000円 under FEES; 振替 between one's own accounts is free
OPENING_DEPOSIT = 1_000_000


def cli(binary, env, *args, stdin=""):
    result = subprocess.run([binary, *args, "--json"], input=stdin, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"kyoei {' '.join(args)} exited {result.returncode}: {result.stdout}{result.stderr}"
    return json.loads(result.stdout)


@dataclass
class Customer:
    """A customer of the test: 普通 at 本店 (pays), 貯蓄 at 吉田支店 (receives), and a 届出済み
    振込先 (the next customer's 貯蓄: 本支店宛, with a fee)."""
    index: int
    login_id: str
    customer_id: int
    ordinary: dict
    savings: dict
    payee_id: int = 0
    api: ApiClient = None
    web: Client = None
    furikae: Furikae = None

    def sign_in(self, url):
        self.api = ApiClient(url)
        self.api.login({"login_id": self.login_id, "password": LOGIN_PASSWORD})
        self.web = Client(url)
        self.web.login(self.login_id, LOGIN_PASSWORD)
        self.furikae = Furikae(self.web)

    def point_at(self, url):
        """The same token and cookies, sent to the restarted server (which may listen elsewhere)."""
        self.api.base_url = url
        cookies = self.web.cookies
        self.web.__init__(url)
        self.web.cookies = cookies


def make_customers(binary, env, count):
    """`count` customers made at the counter at once, then each one's payee."""
    def make(index):
        login_id = f"crash{index:02d}{uuid.uuid4().hex[:6]}"
        made = cli(binary, env, "admin", "customer", "create", "--login-id", login_id, "--name-kanji", "障害 試験",
                   "--name-kana", "ショウガイ シケン", "--pc-email", f"{login_id}@example.jp",
                   stdin=f"{LOGIN_PASSWORD}\n{CONFIRMATION_PASSWORD}\n")["customer"]
        ordinary = cli(binary, env, "admin", "account", "open", "--login-id", login_id, "--branch", "001", "--type", "ordinary")
        savings = cli(binary, env, "admin", "account", "open", "--login-id", login_id, "--branch", "002", "--type", "savings")
        cli(binary, env, "admin", "deposit", "--branch", "001", "--account", ordinary["accountNumber"],
            "--amount", str(OPENING_DEPOSIT))
        return Customer(index, login_id, made["id"], ordinary, savings)

    def register_payee(customer):
        receiver = customers[(customer.index + 1) % count]
        customer.payee_id = cli(binary, env, "admin", "payee", "register", "--login-id", customer.login_id,
                                "--bank", BANK_CODE, "--branch", "002", "--type", "savings",
                                "--account", receiver.savings["accountNumber"])["id"]

    with ThreadPoolExecutor(max_workers=count) as pool:
        customers = list(pool.map(make, range(count)))
        list(pool.map(register_payee, customers))
    return customers


@dataclass
class Transfer:
    """One request of the load. The amount is unique to it: a committed transfer found in the
    bank is this request's, and two with its amount would be a double payment."""
    n: int
    customer: Customer
    receiver: Customer
    path: str  # "api" or "web"
    to_payee: bool
    amount: int
    state: str = "planned"  # planned → executing → acknowledged | refused | unknown (sent, no answer)
    reception: str = None
    sent: float = None  # monotonic time 実行 was sent
    key: str = None
    quote_id: str = None
    nonce: str = None
    csrf: str = None
    answer: str = ""
    status_read: bool = False  # GET /transfers/{受付番号} answered it after a restart

    @property
    def fee(self):
        return PAYEE_FEE if self.to_payee else 0

    @property
    def destination_account(self):
        return (self.receiver if self.to_payee else self.customer).savings["id"]

    def prepare(self):
        """The quote (API) or the 確認画面 (pages): changes nothing in the bank."""
        customer = self.customer
        if self.path == "api":
            destination = {"payeeId": self.customer.payee_id} if self.to_payee else {"ownAccountId": customer.savings["id"]}
            quote = ok(customer.api.post("/transfer-quotes", {"sourceAccountId": customer.ordinary["id"],
                                                              "destination": destination, "amount": self.amount}), 201)
            assert (quote["amount"], quote["fee"]) == (self.amount, self.fee), quote
            self.quote_id, self.key = quote["quoteId"], str(uuid.uuid4())
        else:
            destination = f"bank:{customer.payee_id}" if self.to_payee else str(customer.savings["id"])
            self.nonce, self.csrf = customer.furikae.confirm(str(customer.ordinary["id"]), destination, self.amount)

    def execute(self):
        """実行 (or its replay: the same Idempotency-Key and body, the same 確認画面's form).
        Returns (受付番号 or None, HTTP status, whether the bank said to come back later, what
        else it said: Idempotent-Replayed on a 201, the refusal otherwise)."""
        if self.path == "api":
            response = self.customer.api.transfer(self.quote_id, CONFIRMATION_PASSWORD, key=self.key)
            status = response.status_code
            if status == 201:
                return response.json()["receptionNumber"], status, False, response.headers.get("Idempotent-Replayed", "")
            # 409 with Retry-After: the key is held by a request still running (or cut off: until its lease ends).
            later = status == 503 or (status == 409 and "Retry-After" in response.headers)
            return None, status, later, response.text[:400]
        status, location, page = self.customer.web.request("POST", "/transfer/execute", {
            "nonce": self.nonce, "confirmation_password": CONFIRMATION_PASSWORD, "mail_password": "", "_csrf": self.csrf})
        number = re.fullmatch(r"/transfer/done\?no=([0-9-]+)", location) if status == 303 else None
        return number and number.group(1), status, status == 503, location or page[-400:]


def plan(customers, per_customer):
    """Every customer's requests: both paths, to the payee and to their own 貯蓄, amounts unique."""
    transfers, n = [], 0
    for round_ in range(per_customer):
        for customer in customers:
            transfers.append(Transfer(n, customer, customers[(customer.index + 1) % len(customers)],
                                      "api" if (n // len(customers) + customer.index) % 2 == 0 else "web",
                                      to_payee=(round_ // 2) % 2 == 0, amount=1000 + n))
            n += 1
    return transfers


class Load:
    """One thread per customer working through its planned requests until they are done or
    the server stops answering (the first failed request ends the thread)."""

    def __init__(self, transfers):
        self.transfers = transfers
        self.lock = threading.Lock()
        self.errors = []  # (monotonic time, n, error): any before the kill fails the test
        customers = {t.customer.index: t.customer for t in transfers}
        self.threads = [threading.Thread(target=self._run, args=([t for t in transfers if t.customer.index == index],),
                                         daemon=True) for index in customers]

    def _run(self, mine):
        for transfer in mine:
            if transfer.state != "planned":
                continue
            try:
                transfer.prepare()
            except Exception as error:  # the server went away between requests: planned still
                self.errors.append((time.monotonic(), transfer.n, repr(error)))
                return
            transfer.sent, transfer.state = time.monotonic(), "executing"
            try:
                number, status, _, said = transfer.execute()
            except Exception as error:
                transfer.state, transfer.answer = "unknown", repr(error)
                self.errors.append((time.monotonic(), transfer.n, repr(error)))
                return
            with self.lock:
                transfer.reception, transfer.answer = number, f"{status} {said}"
                transfer.state = "acknowledged" if number else "refused"
            if not number:
                return

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def join(self):
        for thread in self.threads:
            thread.join(timeout=90)
        assert not any(thread.is_alive() for thread in self.threads), "a load thread hung"

    def acknowledged(self):
        with self.lock:
            return sum(1 for t in self.transfers if t.state == "acknowledged")

    def executing(self):
        with self.lock:
            return sum(1 for t in self.transfers if t.state == "executing")
