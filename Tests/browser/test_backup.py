"""Backups taken while the bank serves and writes (issue 19), and the restore drill.

SQLite: `kyoei admin backup --out FILE` (SQLite's online backup API) in the middle of a 振替 load;
the copy opens on its own, passes `PRAGMA integrity_check`, is restored into place and passes
`verify-ledger`, and holds every transfer the bank acknowledged before the backup began.
PostgreSQL: the procedure of docs/operations.md, as written there: `pg_dump -Fc` of the live
database under the same load (with the pg_dump of the server's own major version), `pg_restore`
into a new database, `verify-ledger` against it, and the same acknowledged transfers there.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from mailtools import KyoeiServer, fresh_database_url
from opstools import TransferLoad, run_kyoei


@pytest.fixture
def serving(kyoei_bin, database_url, tmp_path):
    """A demo bank of its own on the test server's engine, served, under a 振替 load."""
    url = fresh_database_url(database_url, tmp_path)
    env = dict(os.environ, KYOEI_DATABASE_URL=url, KYOEI_STAFF="backup-test")
    run_kyoei(kyoei_bin, env, "demo")
    server = KyoeiServer(kyoei_bin, tmp_path, url).start()
    load = TransferLoad(server.url, clients=4).start()
    yield url, env, server, load
    load.stop()
    server.stop()


def transfers_in_sqlite(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {row[0] for row in db.execute("SELECT reception_number FROM transfers")}


def psql(url, statement):
    result = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", statement],
                            capture_output=True, text=True, check=True)
    return result.stdout.split()


def postgres_program(url, name):
    """The client program of the server's own major version (pg_dump refuses a newer server,
    and an older pg_restore may not read a newer dump)."""
    major = int(psql(url, "SHOW server_version_num")[0]) // 10000
    path = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    assert path.exists(), f"{path} missing: install postgresql-client-{major}"
    return str(path)


def test_backup_under_transfer_load_holds_every_acknowledged_transfer_and_restores(serving, kyoei_bin, tmp_path):
    """Each engine's own procedure, on the engine the suite runs on."""
    if serving[0].startswith("sqlite://"):
        sqlite_backup_drill(serving, kyoei_bin, tmp_path)
    else:
        postgres_dump_restore_drill(serving, kyoei_bin, tmp_path)


def sqlite_backup_drill(serving, kyoei_bin, tmp_path):
    url, env, server, load = serving
    load.wait_for(20)
    out = tmp_path / "backups" / "kyoei-backup.sqlite"
    out.parent.mkdir()
    started = time.monotonic()
    result = run_kyoei(kyoei_bin, env, "admin", "backup", "--out", str(out), "--json")
    report = json.loads(result.stdout)
    load.wait_for(len(load.acknowledged) + 10)  # the bank went on writing after the copy
    load.stop()
    acknowledged = load.acknowledged_before(started)
    print(f"\nbackup under load: {len(acknowledged)} transfers acknowledged before it began, "
          f"{len(load.acknowledged)} in all; {report['bytes']} bytes in {report['pages']} pages; errors {load.errors[:3]}")
    assert not load.errors, load.errors[:5]
    assert report["integrity"] == "ok" and report["path"] == str(out)
    ledger = report["ledger"]
    assert not ledger["unbalancedTransactions"] and not ledger["mismatchedAccounts"] and ledger["sumOfAllEntries"] == 0

    # The file is whole and alone: no scratch copy or journal beside it, rollback-journal mode.
    assert sorted(p.name for p in out.parent.iterdir()) == ["kyoei-backup.sqlite"]
    with sqlite3.connect(f"file:{out}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    in_copy = transfers_in_sqlite(out)
    missing = acknowledged - in_copy
    assert not missing, f"{len(missing)} acknowledged transfers missing from the backup: {sorted(missing)[:5]}"
    live = transfers_in_sqlite(url.removeprefix("sqlite://"))
    assert in_copy < live, "the load went on after the copy, so the live bank has more"

    # The restore drill: the file put in place of a database, the bank opens it and it verifies.
    restored = tmp_path / "restored" / "kyoei.sqlite"
    restored.parent.mkdir()
    shutil.copy(out, restored)
    checked = run_kyoei(kyoei_bin, dict(env, KYOEI_DATABASE_URL=f"sqlite://{restored}"), "admin", "verify-ledger", "--json")
    assert json.loads(checked.stdout)["consistent"] is True
    assert transfers_in_sqlite(restored) == in_copy

    # Audited in the live bank.
    events = json.loads(run_kyoei(kyoei_bin, env, "admin", "audit", "--limit", "200", "--json").stdout)
    assert any(e["event"] == "database_backup" and e["result"] == "success" for e in events)


def postgres_dump_restore_drill(serving, kyoei_bin, tmp_path):
    url, env, server, load = serving
    load.wait_for(20)
    dump = tmp_path / "kyoei.dump"
    libpq_url = url.split("?")[0] + "?sslmode=disable"
    started = time.monotonic()
    subprocess.run([postgres_program(url, "pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), libpq_url],
                   check=True, capture_output=True, text=True)
    load.wait_for(len(load.acknowledged) + 10)
    load.stop()
    acknowledged = load.acknowledged_before(started)
    assert not load.errors, load.errors[:5]

    parts = urllib.parse.urlsplit(url)
    restored_name = "ops_restore_" + os.urandom(4).hex()
    admin = parts._replace(path="/postgres").geturl()
    psql(admin, f"CREATE DATABASE {restored_name}")
    restored = parts._replace(path="/" + restored_name).geturl()
    subprocess.run([postgres_program(url, "pg_restore"), "--no-owner", "--exit-on-error", "--dbname",
                    restored.split("?")[0] + "?sslmode=disable", str(dump)], check=True, capture_output=True, text=True)
    checked = run_kyoei(kyoei_bin, dict(env, KYOEI_DATABASE_URL=restored), "admin", "verify-ledger", "--json")
    assert json.loads(checked.stdout)["consistent"] is True
    in_copy = set(psql(restored, "SELECT reception_number FROM transfers"))
    missing = acknowledged - in_copy
    print(f"\npg_dump under load: {len(acknowledged)} acknowledged before it began, {len(in_copy)} in the dump, "
          f"{len(load.acknowledged)} in all; dump {dump.stat().st_size} bytes")
    assert not missing, f"{len(missing)} acknowledged transfers missing from the dump: {sorted(missing)[:5]}"
    assert in_copy < set(psql(url.split("?")[0] + "?sslmode=disable", "SELECT reception_number FROM transfers"))


def test_backup_refusals_write_nothing(kyoei_bin, database_url, tmp_path):
    """PostgreSQL: refused, pointing at the pg_dump procedure. SQLite: an existing file is kept
    unless --replace, and a replaced one is whole, with no scratch copy left beside it."""
    url = fresh_database_url(database_url, tmp_path)
    env = dict(os.environ, KYOEI_DATABASE_URL=url, KYOEI_STAFF="backup-test")
    run_kyoei(kyoei_bin, env, "demo")
    if not url.startswith("sqlite://"):
        refused = run_kyoei(kyoei_bin, env, "admin", "backup", "--out", str(tmp_path / "x.sqlite"), "--json", check=False)
        assert refused.returncode == 1
        problem = json.loads(refused.stdout)["errors"][0]
        assert problem["code"] == "backup_postgres" and "pg_dump" in problem["message_en"]
        assert "docs/operations.md" in problem["message_ja"]
        assert not (tmp_path / "x.sqlite").exists()
        return
    out = tmp_path / "b.sqlite"
    out.write_text("an older backup")
    refused = run_kyoei(kyoei_bin, env, "admin", "backup", "--out", str(out), "--json", check=False)
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["errors"][0]["code"] == "backup_exists"
    assert out.read_text() == "an older backup"
    run_kyoei(kyoei_bin, env, "admin", "backup", "--out", str(out), "--replace")
    with sqlite3.connect(f"file:{out}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("b.sqlite")) == ["b.sqlite"]
