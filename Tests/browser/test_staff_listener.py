"""KYOEI_STAFF_LISTEN: `kyoei serve` puts the back office on a listener of its own, which a
bank keeps on its internal network. The customer listener then has no /staff page at all; a
member of staff logs in with password and code on the staff listener in Chromium."""

import os
import subprocess
import urllib.error
import urllib.request

import pytest
from conftest import Site
from mailtools import KyoeiServer, free_port
from stafftools import code_step, fresh_code, password_step


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_back_office_on_its_own_listener(kyoei_bin, fresh_db, tmp_path, driver, screenshots_dir):
    server = KyoeiServer(kyoei_bin, tmp_path, fresh_db, staff_listener=True)
    try:
        server.start()
        staff_url = server.staff_url
        assert status(server.url + "/login") == 200
        for path in ["/staff", "/staff/login", "/staff/requests"]:
            assert status(server.url + path) == 404, f"{path} must not exist on the customer listener"
        assert status(staff_url + "/login") == 404
        assert status(staff_url + "/staff/login") == 200
        assert "listening on" in (server.folder / "server.log").read_text()

        created = server.admin("staff", "create", "--staff-id", "sepa01", "--name", "別室 太郎", "--role", "operator",
                               "--generate-password")
        site = Site(driver, staff_url, None)
        password_step(site, "sepa01", created["generated_password"])
        site.wait_for_path("/staff/login/otp")
        code_step(site, fresh_code(created["totp_secret"]))
        site.wait_for_path("/staff")
        assert site.text("#staff-badge") == "事務管理部"
    finally:
        server.stop()


def test_same_address_for_both_is_refused(kyoei_bin, fresh_db, tmp_path):
    # Refused before anything is bound: the port is never listened on.
    port = free_port()
    env = dict(os.environ, KYOEI_DATABASE_URL=fresh_db, KYOEI_LISTEN=f"127.0.0.1:{port}",
               KYOEI_STAFF_LISTEN=f"127.0.0.1:{port}")
    result = subprocess.run([kyoei_bin, "serve"], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode != 0
    assert "KYOEI_STAFF_LISTEN must differ from KYOEI_LISTEN" in result.stderr + result.stdout
