"""Key rotation (issue 19): a new key put first in KYOEI_SECRET_KEYS, `kyoei admin secrets reseal`
while the bank serves (interrupted once and resumed, a login with a one-time password going on
beside it), the old key removed, the bank restarted: customers still log in with their token's
code, staff with their authenticator's, and a メール通知パスワード works."""

import base64
import http.client
import json
import os
import re
import signal
import subprocess
import threading
import time

import pyotp
import pytest

from mailtools import KyoeiServer, SmtpServer, fresh_database_url, wait_until
from opstools import CONFIRMATION_PASSWORD, Client, Furikae, run_kyoei
from stafftools import CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, fresh_code
from transfertools import DEMO_PC_MAIL, mailed_password

OLD = "old1:" + base64.b64encode(os.urandom(32)).decode()
NEW = "new2:" + base64.b64encode(os.urandom(32)).decode()
# demo02 uses the one-time password (token app), demo01 the メール通知パスワード: a customer has
# at most one of the two.
CUSTOMERS = {  # login id: (password, confirmation password, mobile address)
    "demo01": ("Sakura2026", "Fuji3776x", "demo01-mobile@example.jp"),
    "demo02": ("Momiji2026", "Kaede3776x", "demo02.mobile@example.jp"),
}


class Token:
    """A customer's token (the phone token app's flow): its TOTP and the last step the bank took."""

    def __init__(self, secret):
        self.totp = pyotp.TOTP(secret, interval=60)
        self.last_step = int(time.time() // 60)

    def next_code(self):
        """A step after the last one used and no later than the next (the bank allows ±1 step)."""
        step = self.last_step + 1
        while step > int(time.time() // 60) + 1:
            time.sleep(1)
        self.last_step = step
        return self.totp.at(step * 60)


def issue_token(server, login_id):
    password, confirmation, mobile = CUSTOMERS[login_id]
    client = Client(server.url)
    assert client.login(login_id, password).endswith("/menu")
    status, _, page = client.post_form("/otp/issue", {
        "mobile_email": mobile, "activation_password": "2468", "confirmation_password": confirmation})
    assert status == 303, page[-600:]
    shown = server.admin("otp", "show", "--login-id", login_id)
    user_id = next(token.get("userID") or token.get("user_id") for token in shown["tokens"] if token["status"] == "issued")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("POST", "/api/v1/token/provision", body=json.dumps(
        {"service_id": "KYOEI-IB", "user_id": user_id, "activation_password": "2468"}),
        headers={"Content-Type": "application/json"})
    token = Token(json.loads(connection.getresponse().read())["secret"])
    status, location, page = client.post_form("/otp/activate", {"otp": token.totp.now()})
    assert location.endswith("/otp/activate/done"), page[-600:]
    return token


def otp_login(server, login_id, token):
    client = Client(server.url)
    assert client.login(login_id, CUSTOMERS[login_id][0]).endswith("/login/otp")
    status, location, page = client.post_form("/login/otp", {"otp": token.next_code()})
    assert status == 303 and location.endswith("/menu"), (status, location, page[-600:])
    return client


def staff_login(server):
    client = Client(server.url)
    status, location, page = client.post_form("/staff/login", {"staff_id": CLERK_ID, "password": CLERK_PASSWORD})
    assert status == 303 and location.endswith("/staff/login/otp"), (status, location, page[-400:])
    status, location, page = client.post_form("/staff/login/otp", {"otp": fresh_code(CLERK_SECRET)})
    assert status == 303 and location.endswith("/staff"), (status, location, page[-400:])


def status(kyoei_bin, env, keys):
    shown = json.loads(run_kyoei(kyoei_bin, dict(env, KYOEI_SECRET_KEYS=keys), "admin", "secrets", "status", "--json").stdout)
    return {column["column"]: column for column in shown["sealed"]}, shown


@pytest.fixture
def bank(kyoei_bin, database_url, tmp_path):
    url = fresh_database_url(database_url, tmp_path)
    env = dict(os.environ, KYOEI_DATABASE_URL=url, KYOEI_STAFF="rotation-test", KYOEI_SECRET_KEYS=OLD)
    run_kyoei(kyoei_bin, env, "demo")
    smtp = SmtpServer(tmp_path).start()
    servers = []

    def serve(keys):
        server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_SECRET_KEYS=keys, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}")
        servers.append(server)
        return server.start()
    yield env, smtp, serve
    for server in servers:
        server.stop()
    smtp.stop()


def test_rotate_reseal_remove_old_key_and_everyone_still_logs_in(bank, kyoei_bin):
    env, smtp, serve = bank
    server = serve(OLD)
    token = issue_token(server, "demo02")
    customer = Client(server.url)
    assert customer.login("demo01", CUSTOMERS["demo01"][0]).endswith("/menu")
    _, _, page = customer.request("GET", "/mail-password")
    status_code, location, page = customer.post_form("/mail-password", {
        "address": re.search(r'name="address" id="[^"]*" value="([^"]+)"', page).group(1),
        "use": "on", "confirmation_password": CONFIRMATION_PASSWORD})
    assert status_code == 303 and "/mail-password/done" in location, (status_code, location, page[-400:])
    sealed, _ = status(kyoei_bin, env, OLD)
    seeds, staff = sealed["otp_tokens.secret_sealed"], sealed["staff.totp_secret_sealed"]
    assert seeds["total"] >= 1 and seeds["byKey"]["old1"] == seeds["total"]
    assert staff["total"] >= 1 and staff["byKey"]["old1"] == staff["total"]
    server.stop()

    # 1. The new key first, the old one second: the bank serves, still sealing nothing new yet.
    server = serve(f"{NEW},{OLD}")
    sealed, _ = status(kyoei_bin, env, NEW)
    assert sealed["otp_tokens.secret_sealed"]["other"] == seeds["total"], "without the old key nothing opens yet"

    # 2. Reseal, stopped dead after its first batch: what it did stays done and shows.
    rotation_env = dict(env, KYOEI_SECRET_KEYS=f"{NEW},{OLD}")
    interrupted = subprocess.Popen([kyoei_bin, "admin", "secrets", "reseal", "--batch-size", "1", "--pause-ms", "5000"],
                                   env=rotation_env, stdout=subprocess.PIPE, text=True)
    first = interrupted.stdout.readline()
    interrupted.send_signal(signal.SIGKILL)
    interrupted.wait(timeout=10)
    assert "1 resealed" in first, first
    sealed, _ = status(kyoei_bin, env, f"{NEW},{OLD}")
    done = sum(column["byKey"]["new2"] for column in sealed.values())
    left = sum(column["byKey"]["old1"] for column in sealed.values())
    assert done == 1 and left == seeds["total"] + staff["total"] - 1, sealed

    # 3. Resumed while a customer logs in with the code of a token being re-sealed.
    logins = []
    beside = threading.Thread(target=lambda: logins.append(otp_login(server, "demo02", token)))
    beside.start()
    resumed = json.loads(run_kyoei(kyoei_bin, rotation_env, "admin", "secrets", "reseal", "--batch-size", "1",
                                   "--pause-ms", "100", "--json").stdout)
    beside.join(timeout=60)
    assert len(logins) == 1, "the login beside the reseal reached the menu"
    assert resumed["resealed"] == left and resumed["unreadable"] == [] and resumed["keyID"] == "new2"
    assert resumed["after"]["sealed"][0]["byKey"]["new2"] == seeds["total"]
    again = json.loads(run_kyoei(kyoei_bin, rotation_env, "admin", "secrets", "reseal", "--json").stdout)
    assert again["resealed"] == 0 and again["skipped"] == 0, "a rerun does nothing twice"
    events = json.loads(run_kyoei(kyoei_bin, rotation_env, "admin", "audit", "--limit", "300", "--json").stdout)
    batches = [e for e in events if e["event"] == "secrets_resealed" and e["result"] == "success"]
    assert len(batches) >= seeds["total"] + staff["total"], "one audit row per batch"
    server.stop()

    # 4. The old key removed, the bank restarted: codes, staff codes and mailed passwords work.
    server = serve(NEW)
    sealed, shown = status(kyoei_bin, env, NEW)
    assert all(column["other"] == 0 and column["byKey"]["new2"] == column["total"] for column in sealed.values()), shown
    otp_login(server, "demo02", token)
    staff_login(server)
    customer = Client(server.url)
    assert customer.login("demo01", CUSTOMERS["demo01"][0]).endswith("/menu")
    furikae = Furikae(customer)
    nonce, csrf = furikae.confirm(furikae.accounts[0], furikae.payees[0], 1000)
    password, _ = mailed_password(smtp, DEMO_PC_MAIL)
    reception = furikae.execute(nonce, csrf, mail_password=password)
    print(f"\nrotation: {seeds['total']} token seeds and {staff['total']} staff seeds re-sealed under new2 "
          f"(first run killed after 1, resumed for {left}); after removing old1: OTP logins, staff login and "
          f"a メール通知パスワード transfer ({reception}) all work")
    assert reception
