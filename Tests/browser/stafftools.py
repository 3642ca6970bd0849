"""The demo's back-office staff in the browser tests, and the one way they log in: password,
then a TOTP code (pyotp, from the demo's public secrets, as any authenticator app computes it).

The bank accepts each 30-second step's code once per member of staff. `fresh_code` keeps the
one memory of the steps this test run has used, per secret, for every test module, so no
login ever sends a code the bank has already taken (which would be refused and counted)."""

import time

import pyotp

CLERK_ID = "clerk01"
CLERK_PASSWORD = "Madoguchi2026"
CLERK_SECRET = "KYOEIDEMOCLERKAAKYOEIDEMOCLERKAA"
CLERK_NAME = "窓口 一郎"
CHIEF_ID = "chief01"
CHIEF_PASSWORD = "Yakuseki2026x"
CHIEF_SECRET = "KYOEIDEMOCHIEFAAKYOEIDEMOCHIEFAA"
WRONG_CODE = "ワンタイムパスワードが正しくありません。"

_last_steps = {}


def fresh_code(secret=CLERK_SECRET):
    """The code of a step no earlier login of this run used for `secret`, with at least 5 s
    left so that it is still current when the form arrives (waits for the next step if not)."""
    totp = pyotp.TOTP(secret)  # SHA-1, 6 digits, 30 s: what the bank gives its staff
    while True:
        now = time.time()
        step = int(now // 30)
        if step > _last_steps.get(secret, -1) and 30 - now % 30 >= 5:
            _last_steps[secret] = step
            return totp.at(now)
        time.sleep(30 - now % 30 + 0.2)


def password_step(site, staff_id=CLERK_ID, password=CLERK_PASSWORD):
    site.open("/staff/login")
    site.find("#staff_id").clear()
    site.find("#staff_id").send_keys(staff_id)
    site.find("#password").send_keys(password)
    site.click_and_wait("#staff-login-button")


def code_step(site, code):
    site.find("#otp").send_keys(code)
    site.click_and_wait("#staff-otp-button")


def submit_fresh_code(site, secret=CLERK_SECRET):
    code_step(site, fresh_code(secret))
    site.wait_for_path("/staff")


def staff_login(site, staff_id=CLERK_ID, password=CLERK_PASSWORD, secret=CLERK_SECRET, clear_cookies=False):
    """Password, then a fresh code; with `clear_cookies`, as someone else at the same browser."""
    if clear_cookies:
        site.browser.delete_all_cookies()
    password_step(site, staff_id, password)
    site.wait_for_path("/staff/login/otp")
    submit_fresh_code(site, secret)
