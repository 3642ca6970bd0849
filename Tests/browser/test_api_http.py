"""/api/v1 over real HTTP against a real `kyoei serve` (each test a bank of its own on the engine
under test): the whole path a bank's app takes — login (with and without the ワンタイムパスワード)
→ accounts → quote → transfer with an Idempotency-Key → replay → history and status — and the
refusals as they come over the wire (401 without or with an expired token, 403 while the OTP is
owed or a password locked, 404 for another customer's transfer, 413, 400 for malformed JSON and
unknown fields, 409 for a quote already executed, 422 for a reused Idempotency-Key, 429 with
Retry-After, no CORS), the lock shared with the web login both ways, and the ledger verified after."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pyotp

from apitools import (DEMO01, DEMO02, ApiClient, api_bank_factory, assert_no_cors, ok,  # noqa: F401 (fixture)
                      problem)
from test_two_servers_concurrency import Client as WebClient

LOCK_LIMIT = 3


def balances(client):
    return {account["id"]: account["balance"] for account in ok(client.get("/accounts"))["accounts"]}


def demo02_payee(client):
    """demo01's own payee (利用者登録): demo02's 普通 account at 吉田支店 (本支店宛)."""
    lists = ok(client.get("/payees"))
    return next(payee for payee in lists["customerRegistered"] if payee["branchCode"] != "001")


def quote(client, source, payee, amount):
    return ok(client.post("/transfer-quotes", {"sourceAccountId": source, "destination": {"payeeId": payee},
                                               "amount": amount}), 201)


def test_login_quote_transfer_replay_and_history(api_bank_factory):
    bank = api_bank_factory()
    client = bank.client()
    session = ok(client.start_session(DEMO01["login_id"], DEMO01["password"]), 201)
    assert session["step"] == "active" and session["token"] and session["idleTimeoutSeconds"] > 0
    client.token = session["token"]

    accounts = ok(client.get("/accounts"))["accounts"]
    ordinary = next(account for account in accounts if account["accountType"] == "ordinary")
    assert ordinary["branch"]["code"] == "001" and len(ordinary["accountNumber"]) == 7
    before = balances(client)
    payee = demo02_payee(client)

    offer = quote(client, ordinary["id"], payee["id"], 1234)
    assert offer["amount"] == 1234 and offer["total"] == 1234 + offer["fee"]
    assert offer["route"] == "other_branch" and offer["mailPasswordSent"] is False
    assert offer["remainingLimit"] <= offer["dailyLimit"]

    key = str(uuid.uuid4())
    first = client.transfer(offer["quoteId"], DEMO01["confirmation"], key=key)
    made = ok(first, 201)
    assert made["amount"] == 1234 and made["status"] == "completed" and made["receptionNumber"]

    # A replay (same key, same body) answers the first result with the same status, once.
    again = client.transfer(offer["quoteId"], DEMO01["confirmation"], key=key)
    assert again.status_code == 201 and again.json() == made
    assert again.headers.get("Idempotent-Replayed") == "true", again.headers
    after = balances(client)
    assert after[ordinary["id"]] == before[ordinary["id"]] - offer["total"]

    # Eight clients sending that request again at once (a retrying app): one transfer, one answer.
    with ThreadPoolExecutor(max_workers=8) as pool:
        replays = list(pool.map(lambda _: ApiClient(bank.url, client.token).transfer(
            offer["quoteId"], DEMO01["confirmation"], key=key), range(8)))
    assert {(replay.status_code, replay.json()["receptionNumber"]) for replay in replays} == \
        {(201, made["receptionNumber"])}, [replay.text[:200] for replay in replays]
    # The executed quote under a new key pays nothing more: 409, naming the transfer it made.
    used = problem(client.transfer(offer["quoteId"], DEMO01["confirmation"], key=str(uuid.uuid4())), 409,
                   field="quoteId")
    assert made["receptionNumber"] in used["detail"], used
    assert balances(client) == after

    # The same key with another body is refused, and nothing is paid.
    second_offer = quote(client, ordinary["id"], payee["id"], 99)
    conflict = client.transfer(second_offer["quoteId"], DEMO01["confirmation"], key=key)
    problem(conflict, 422)
    assert balances(client) == after

    # History and status.
    history = ok(client.get("/transfers"))
    assert history["transfers"][0]["receptionNumber"] == made["receptionNumber"]
    completed = ok(client.get("/transfers?status=completed"))["transfers"]
    assert made["receptionNumber"] in [transfer["receptionNumber"] for transfer in completed]
    status = ok(client.get(f"/transfers/{made['receptionNumber']}"))
    assert status["status"] == "completed" and status["total"] == offer["total"]

    # The statement shows the transfer and its fee, newest first, with the running balance.
    lines = ok(client.get(f"/accounts/{ordinary['id']}/transactions"))["transactions"]
    assert lines[0]["balance"] == after[ordinary["id"]]
    assert -1234 in [line["amount"] for line in lines[:2]]

    # Another customer cannot see it: the same 404 as a reception number that does not exist.
    other = bank.client()
    other.login(DEMO02)
    hidden = problem(other.get(f"/transfers/{made['receptionNumber']}"), 404)
    unknown = problem(other.get("/transfers/NOSUCH0000"), 404)
    assert hidden["type"] == unknown["type"]

    # Logout ends the token.
    assert client.delete("/sessions/current").status_code == 204
    problem(client.get("/accounts"), 401)
    bank.verify_ledger()


def fresh_code(totp):
    """The token's code with at least 10 seconds left in its 60-second step."""
    while True:
        left = totp.interval - time.time() % totp.interval
        if left >= 10:
            return totp.now()
        time.sleep(left + 0.5)


def activate_token(bank, customer):
    """トークン発行 on the web pages, the token app's provisioning call, 利用開始 with its code."""
    web = WebClient(bank.url)
    assert web.login(customer["login_id"], customer["password"])[1].endswith("/menu")
    status, _, page = web.post_form("/otp/issue", {"mobile_email": "phone@example.jp", "activation_password": "2468",
                                                   "confirmation_password": customer["confirmation"]})
    assert status == 303, page[-600:]
    shown = bank.admin("otp", "show", "--login-id", customer["login_id"])
    user_id = next(token.get("userID") or token.get("user_id") for token in shown["tokens"] if token["status"] == "issued")
    provision = ApiClient(bank.url).post("/token/provision", {"service_id": "KYOEI-IB", "user_id": user_id,
                                                              "activation_password": "2468"}, token=None)
    totp = pyotp.TOTP(ok(provision)["secret"], interval=60)
    code = fresh_code(totp)
    status, location, page = web.post_form("/otp/activate", {"otp": code})
    assert location.endswith("/otp/activate/done"), page[-600:]
    return totp, code


def test_login_with_the_one_time_password(api_bank_factory):
    bank = api_bank_factory()
    totp, _ = activate_token(bank, DEMO02)
    client = bank.client()
    first = ok(client.start_session(DEMO02["login_id"], DEMO02["password"]), 201)
    assert first["step"] == "otp"
    client.token = first["token"]
    # Until the code passes, the token opens nothing else.
    problem(client.get("/accounts"), 403)
    problem(client.post("/sessions/otp", {"code": "000000" if totp.now() != "000000" else "111111"}), 401)
    # The next step's code: later than the one 利用開始 used, and inside the ±1 step window now.
    second = ok(client.post("/sessions/otp", {"code": totp.at(time.time() + 60)}), 201)
    assert second["step"] == "active" and second["token"] != first["token"]
    problem(client.get("/accounts"), 401)  # the OTP-step token ended with the step
    client.token = second["token"]
    assert ok(client.get("/security"))["extraFactor"] == "otp_active"
    assert ok(client.get("/accounts"))["accounts"]


def test_tokens_are_refused_without_being_valid(api_bank_factory):
    bank = api_bank_factory(KYOEI_SESSION_IDLE_SECONDS="2", KYOEI_SESSION_WARNING_SECONDS="1")
    client = bank.client()
    for token in (None, "not-a-token", "x" * 43):
        refused = client.get("/accounts", token=token)
        problem(refused, 401)
        assert refused.headers.get("WWW-Authenticate", "").startswith("Bearer"), refused.headers
    problem(client.get("/accounts", token=None, headers={"Accept-Language": "en-US,en;q=0.9"}), 401, language="en")
    # An unknown login ID and a wrong password answer alike: nothing tells which IDs exist.
    unknown = problem(client.start_session("nosuchcustomer", "Wrong-pass-1"), 401)
    wrong = problem(client.start_session(DEMO01["login_id"], "Wrong-pass-1"), 401)
    assert {key: unknown[key] for key in ("type", "detail", "messages")} == \
        {key: wrong[key] for key in ("type", "detail", "messages")}
    client.login(DEMO01)
    assert ok(client.get("/accounts"))["accounts"]
    time.sleep(3)  # past the idle timeout
    problem(client.get("/accounts"), 401)


def test_malformed_oversize_and_unknown_input_is_refused_naming_the_problem(api_bank_factory):
    bank = api_bank_factory()
    client = bank.client()
    malformed = problem(client.post("/sessions", data=b'{"loginId": "demo01", "password": ', token=None), 400)
    assert malformed["type"].endswith("api.malformed") and "not valid JSON" in malformed["detail"], malformed
    assert [error["code"] for error in malformed["errors"]] == ["error.api.malformed_json"], malformed
    wrong_type = problem(client.post("/sessions", {"loginId": "demo01", "password": 2026}, token=None), 400,
                         field="password")
    assert wrong_type["errors"][0]["code"] == "error.api.wrong_type", wrong_type
    # A field the document does not name is refused before anything runs, naming it (400: the
    # body does not fit the operation; 422 is kept for the bank's own rules).
    unknown = problem(client.post("/sessions", {"loginId": "demo01", "password": "Sakura2026", "admin": True},
                                  token=None), 400, field="admin")
    assert unknown["errors"][0]["code"] == "error.api.unknown_field", unknown
    oversize = client.post("/sessions", {"loginId": "demo01", "password": "x" * 70_000}, token=None)
    problem(oversize, 413)
    # None of it was a login attempt: the right password still works at once.
    client.login(DEMO01)
    shown = bank.admin("customer", "show", "--login-id", "demo01")
    assert {row["credential"]: row for row in shown["credentials"]}["login_password"]["failures"] == 0


def test_anonymous_calls_are_limited_per_address_with_retry_after(api_bank_factory):
    bank = api_bank_factory(KYOEI_API_ANON_RATE_LIMIT="4/60")
    signed_in = bank.client()
    signed_in.login(DEMO01)  # 1 of 4
    client = bank.client()
    for n in range(3):
        problem(client.start_session(f"nobody{n}", "Wrong-pass-1"), 401)
    limited = client.start_session("nobody9", "Wrong-pass-1")
    problem(limited, 429)
    retry_after = int(limited.headers["Retry-After"])
    assert 1 <= retry_after <= 60, limited.headers
    # Calls with a token are not anonymous: the customer already signed in goes on.
    assert ok(signed_in.get("/accounts"))["accounts"]


def test_cors_stays_closed(api_bank_factory):
    bank = api_bank_factory()
    client = bank.client()
    client.login(DEMO01)
    evil = {"Origin": "https://evil.example"}
    assert_no_cors(client.get("/accounts", headers=evil))
    preflight = client.call("OPTIONS", "/transfers", token=None, headers=dict(
        evil, **{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}))
    assert_no_cors(preflight)
    assert_no_cors(client.post("/sessions", {"loginId": "demo01", "password": "Sakura2026"}, token=None, headers=evil))


def locked(bank, login_id):
    shown = bank.admin("customer", "show", "--login-id", login_id)
    return bool({row["credential"]: row for row in shown["credentials"]}["login_password"].get("lockedAt"))


def test_guesses_over_the_api_lock_the_web_login_and_the_reverse(api_bank_factory):
    bank = api_bank_factory(KYOEI_LOCKOUT_LIMIT=str(LOCK_LIMIT), KYOEI_API_ANON_RATE_LIMIT="1000/60")
    client = bank.client()
    # Over the API: demo02's password guessed LOCK_LIMIT times; then the web refuses the right one.
    for n in range(LOCK_LIMIT):
        guess = client.start_session(DEMO02["login_id"], f"Wrong-{n}-pass")
        problem(guess, 401 if n < LOCK_LIMIT - 1 else guess.status_code)
        assert guess.status_code in (401, 403), guess.text  # the last guess may answer "now locked"
    assert locked(bank, DEMO02["login_id"])
    status, location, page = WebClient(bank.url).login(DEMO02["login_id"], DEMO02["password"])
    assert not location.endswith("/menu") and "ログインパスワードの誤入力が規定の回数を超えたため" in page, (status, location)
    problem(client.start_session(DEMO02["login_id"], DEMO02["password"]), 403)

    # On the web: demo01's password guessed LOCK_LIMIT times; then the API refuses the right one.
    for n in range(LOCK_LIMIT):
        status, location, _ = WebClient(bank.url).login(DEMO01["login_id"], f"Wrong-{n}-pass")
        assert not location.endswith("/menu")
    assert locked(bank, DEMO01["login_id"])
    problem(client.start_session(DEMO01["login_id"], DEMO01["password"]), 403)
    bank.verify_ledger()
