"""The back office's 全銀ファイル作成 button in a real (headless) Chromium: demo01 makes two
transfers to another bank on the site (受付済); the demo's 事務担当 clerk01 presses the button on
他行振込 and the browser downloads a 全銀協 総合振込 file (120-byte records: header, two data
records, trailer, end); both transfers become 送信済; pressing it again makes no file; 再出力 of
the file is the same bytes and is audited under the clerk; the ledger verifies."""

import time

from conftest import Site
from stafftools import CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, staff_login
from transfertools import DEMO_CONFIRMATION, DEMO_ORDINARY, choose_source, fill, screenshot
from transfertools import bank  # noqa: F401  the fixture, found by pytest under its name


def transfer_to_other_bank(site, payee_id, amount):
    site.open("/transfer")
    choose_source(site, DEMO_ORDINARY)
    site.find(f"#dest-bank-{payee_id}").click()
    site.click_and_wait("#next")
    fill(site, "amount", str(amount))
    site.click_and_wait("#next")
    fill(site, "confirmation_password", DEMO_CONFIRMATION)
    site.click_and_wait("#execute")
    assert site.path == "/transfer/done", site.error_text()
    return site.text("#reception-number")


def downloads_into(site, folder):
    folder.mkdir(parents=True, exist_ok=True)
    site.browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def downloaded(folder, seconds=20):
    """The one file the browser finished downloading into `folder`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        files = [f for f in folder.iterdir() if not f.name.endswith(".crdownload")]
        if files and not any(f.name.endswith(".crdownload") for f in folder.iterdir()):
            assert len(files) == 1, files
            return files[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing downloaded into {folder}")


def records(data):
    assert len(data) % 120 == 0, len(data)
    return [data[i:i + 120] for i in range(0, len(data), 120)]


def test_the_export_button_downloads_the_file_marks_sent_once_and_reexport_is_audited(driver, bank, screenshots_dir,
                                                                                       tmp_path):
    server, smtp = bank
    payee = server.admin("payee", "register", "--login-id", "demo01", "--bank", "0998", "--branch", "201", "--type", "ordinary",
                         "--account", "7654321", "--name", "ﾀｺｳ ｼﾞﾛｳ")
    site = Site(driver, server.url, screenshots_dir)
    site.login()
    receptions = [transfer_to_other_bank(site, payee["id"], 12_345), transfer_to_other_bank(site, payee["id"], 6_000)]
    accepted = {t["reception_number"]: t for t in server.admin("interbank", "list", "--status", "accepted")}
    assert set(receptions) <= set(accepted)

    staff_login(site, CLERK_ID, CLERK_PASSWORD, CLERK_SECRET, clear_cookies=True)
    site.click_and_wait("#nav-interbank")
    assert site.label_text("export-date") == "受付日"
    screenshot(site, "ie01-staff-interbank-before-export.png")
    first = downloads_into(site, tmp_path / "first")
    site.find("#export-button").click()
    made = downloaded(first)
    rows = records(made.read_bytes())
    assert [r[0:1] for r in rows] == [b"1", b"2", b"2", b"8", b"9"]
    assert sorted(int(r[80:90]) for r in rows if r[0:1] == b"2") == [6_000, 12_345]
    assert int(rows[3][1:7]) == 2 and int(rows[3][7:19]) == 18_345
    assert made.name.startswith("SOGOFURI_2999_")

    # Both 送信済 with the file's name; the file is listed under the button.
    sent = {t["reception_number"] for t in server.admin("interbank", "list", "--status", "sent")}
    assert set(receptions) <= sent
    site.open("/staff/interbank?status=sent")
    for reception in receptions:
        assert site.find(f'tr[data-reception="{reception}"]').get_attribute("data-status") == "sent"
    assert made.name in site.text("#zengin-files")
    screenshot(site, "ie02-staff-interbank-exported.png")

    # Pressed again: nothing waits, no file.
    site.open("/staff/interbank")
    again = downloads_into(site, tmp_path / "again")
    site.click_and_wait("#export-button")
    assert "全銀ファイルに載せる受付済の他行振込はありません。" in site.text("p.notice")
    assert list(again.iterdir()) == []
    screenshot(site, "ie03-staff-interbank-nothing-to-export.png")

    # 再出力: the same bytes, audited under the clerk.
    copy = downloads_into(site, tmp_path / "copy")
    site.find(f'tr.zengin-file[data-name="{made.name}"] button').click()
    assert downloaded(copy).read_bytes() == made.read_bytes()
    events = [(e["event"], e["actor"], e["detail"]) for e in server.admin("audit", "--limit", "100")]
    assert any(event == "interbank_exported" and actor == f"staff:{CLERK_ID}" and made.name in detail
               for event, actor, detail in events)
    assert any(event == "interbank_file_reexported" and actor == f"staff:{CLERK_ID}" and made.name in detail
               for event, actor, detail in events)
    assert server.admin("verify-ledger")["consistent"] is True
