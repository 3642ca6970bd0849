"""Login lockout after 5 wrong passwords, and unlock at the counter (kyoei admin unlock).

Uses a customer of its own, created through the CLI on the server's database, so the demo
customer is never locked.
"""

import secrets

INVALID_LOGIN = "ログインIDまたはログインパスワードが正しくありません。"
LOCKED = "ご利用を停止しています"
LOCKOUT_LIMIT = 5


def create_customer(kyoei, password):
    login_id = "lock" + secrets.token_hex(5)
    _, created = kyoei.json("admin", "customer", "create", "--login-id", login_id,
                            "--name-kanji", "錠前 一郎", "--name-kana", "ジヨウマエ イチロウ",
                            "--pc-email", f"{login_id}@example.jp",
                            stdin=f"{password}\nKakunin2026x\n")
    assert created["customer"]["loginID"] == login_id
    kyoei.json("admin", "account", "open", "--login-id", login_id, "--branch", "001", "--type", "ordinary")
    return login_id


def login_failures(kyoei, login_id):
    _, shown = kyoei.json("admin", "customer", "show", "--login-id", login_id)
    return {row["credential"]: row["failures"] for row in shown["credentials"]}["login_password"]


def test_five_wrong_passwords_lock_until_unlocked(site, kyoei):
    password = "Tsubaki2026"
    login_id = create_customer(kyoei, password)

    # Wrong passwords 1..4 are plain errors; the 5th locks; then the right one is refused.
    answers = []
    for attempt in range(1, LOCKOUT_LIMIT + 1):
        site.login(login_id, f"Wrong-{attempt}-pass")
        answers.append((site.path, site.error_text(), site.session_cookie()))
    site.login(login_id, password)
    site.screenshot("09-locked.png")
    refused = (site.path, site.error_text(), site.session_cookie())

    for attempt, (path, errors, cookie) in enumerate(answers[:-1], start=1):
        assert path == "/login" and cookie == [], f"attempt {attempt}"
        assert INVALID_LOGIN in errors and LOCKED not in errors, f"attempt {attempt}: {errors!r}"
    path, errors, cookie = answers[-1]
    assert path == "/login" and cookie == []
    assert LOCKED in errors, f"attempt {LOCKOUT_LIMIT}: {errors!r}"
    assert login_failures(kyoei, login_id) >= LOCKOUT_LIMIT
    path, errors, cookie = refused
    assert path == "/login" and cookie == [], "the right password must not open a session while locked"
    assert LOCKED in errors, f"right password while locked: {errors!r}"
    site.open("/menu")
    site.wait_for_path("/login")

    # The counter clears the lock; the right password works again.
    result = kyoei.run("admin", "unlock", "--login-id", login_id)
    assert result.returncode == 0, result.stdout + result.stderr
    assert login_failures(kyoei, login_id) == 0
    site.open("/login")
    site.login(login_id, password)
    site.wait_for_path("/menu")
    assert site.text("#customer-name").startswith("錠前 一郎")
    assert len(site.session_cookie()) == 1

    # The audit trail recorded the lock and the unlock.
    _, events = kyoei.json("admin", "audit", "--login-id", login_id, "--limit", "50")
    names = [event["event"] for event in events]
    assert "credential_locked" in names, names
