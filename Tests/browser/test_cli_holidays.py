"""`kyoei admin holidays …` and KYOEI_HOLIDAYS_FILE: the national holidays the business-day
calendar reads. A new database has the bundled Cabinet Office list (2024–2027); the operator
imports the office's syukujitsu.csv (Shift_JIS as published, or UTF-8), which replaces the
years it covers in one audited step; a bad file changes nothing and names the field and line;
`kyoei serve` imports KYOEI_HOLIDAYS_FILE at start and refuses a bad one."""

import os
import socket
import subprocess

from clitools import refused, sql

HEADER = "国民の祝日・休日月日,国民の祝日・休日名称\r\n"


def write(tmp_path, name, text, encoding):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def admin(kyoei_bin, url, *args):
    env = dict(os.environ, KYOEI_DATABASE_URL=url, KYOEI_STAFF="browser-test")
    return subprocess.run([kyoei_bin, "admin", *args], capture_output=True, text=True, env=env, timeout=60)


def imports(kyoei):
    """The holidays_imported rows of the audit trail, newest first."""
    return [event for event in kyoei.json("admin", "audit", "--limit", "500")[1] if event["event"] == "holidays_imported"]


class Fresh:
    """`kyoei` on a database of the test's own (imports must not change the server's calendar)."""

    def __init__(self, kyoei_bin, url):
        self.binary, self.url = kyoei_bin, url
        self.env = dict(os.environ, KYOEI_DATABASE_URL=url, KYOEI_STAFF="browser-test")

    def run(self, *args, stdin=""):
        return subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True, env=self.env, timeout=60)

    def json(self, *args, expect_ok=True):
        import json
        result = self.run(*args, "--json")
        data = json.loads(result.stdout)
        if expect_ok:
            assert result.returncode == 0, result.stdout + result.stderr
        return result.returncode, data


def test_bundled_years_then_an_import_in_shift_jis(kyoei_bin, fresh_db, tmp_path):
    kyoei = Fresh(kyoei_bin, fresh_db)
    _, years = kyoei.json("admin", "holidays", "list")
    assert [(y["year"], y["source"], y["holidays"]) for y in years] == \
        [(2024, "bundled", 21), (2025, "bundled", 19), (2026, "bundled", 18), (2027, "bundled", 17)]
    _, days = kyoei.json("admin", "holidays", "list", "--year", "2026")
    named = {day["date"]: (day["weekday"], day["name"]) for day in days}
    assert named["2026-05-06"] == ("水", "休日"), "振替休日 for 憲法記念日 on a Sunday"
    assert named["2026-09-22"] == ("火", "休日"), "国民の休日 between 敬老の日 and 秋分の日"
    assert named["2026-09-21"] == ("月", "敬老の日")
    assert "2026-12-31" not in named, "年末年始 is the banks' rule, not a national holiday"
    plain = kyoei.run("admin", "holidays", "list", "--year", "2025").stdout
    assert "2025-09-15 (月) 敬老の日" in plain
    refused(kyoei, "admin", "holidays", "list", "--year", "2031", field="year")

    # The office's file for 2027 and 2028, in Shift_JIS as published (2027 made different on purpose).
    text = HEADER + "2027/1/1,元日\r\n2027/1/11,成人の日\r\n2028/1/1,元日\r\n2028/1/10,成人の日\r\n2028/2/11,建国記念の日\r\n"
    path = write(tmp_path, "syukujitsu.csv", text, "shift_jis")
    _, result = kyoei.json("admin", "holidays", "import", path)
    assert result == {"years": [2027, 2028], "holidays": 5, "changed": True}
    _, years = kyoei.json("admin", "holidays", "list")
    assert [(y["year"], y["source"], y["holidays"]) for y in years][-2:] == [(2027, "syukujitsu.csv", 2), (2028, "syukujitsu.csv", 3)]
    assert [(y["year"], y["source"]) for y in years][:2] == [(2024, "bundled"), (2025, "bundled")]
    audit = imports(kyoei)
    assert audit[0]["detail"] == "file=syukujitsu.csv years=2027,2028 count=5" and audit[0]["actor"] == "staff:browser-test"

    # UTF-8 reads the same.
    path8 = write(tmp_path, "utf8.csv", HEADER + "2028/1/1,元日\r\n", "utf-8")
    assert kyoei.json("admin", "holidays", "import", path8)[1]["years"] == [2028]
    assert [day["date"] for day in kyoei.json("admin", "holidays", "list", "--year", "2028")[1]] == ["2028-01-01"]


def test_a_bad_file_changes_nothing_and_names_the_line(kyoei_bin, fresh_db, tmp_path):
    kyoei = Fresh(kyoei_bin, fresh_db)
    before = kyoei.json("admin", "holidays", "list")[1]
    cases = [
        (HEADER + "2027/1/1,元日\r\n2027/2/30,ありえない日\r\n", "date", 3, "error.holidays.date"),
        (HEADER + "2027/1/1,元日\r\n2027/1/1,元日\r\n", "date", 3, "error.holidays.duplicate"),
        (HEADER + "2027/1/1,元日\r\n2027/11/3\r\n", "line", 3, "error.holidays.field_count"),
        (HEADER + "2027/1/1,元日\r\n2027/11/3,\r\n", "name", 3, "error.holidays.name"),
        ("日付,名前\r\n2027/1/1,元日\r\n", "header", 1, "error.holidays.header"),
        (HEADER + "2029/5/3,憲法記念日\r\n", "date", None, "error.holidays.incomplete_year"),
    ]
    for text, field, line, code in cases:
        path = write(tmp_path, "bad.csv", text, "utf-8")
        errors = refused(kyoei, "admin", "holidays", "import", path, field=field)
        assert errors[0]["code"] == code and errors[0].get("line") == line, errors
        assert "2027" in errors[0]["message_ja"] or line is None or str(line) in errors[0]["message_ja"]
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00\x81\x82")
    assert refused(kyoei, "admin", "holidays", "import", str(tmp_path / "binary.csv"), field="file")[0]["code"] == "error.holidays.encoding"
    assert refused(kyoei, "admin", "holidays", "import", str(tmp_path / "missing.csv"), field="file", code=2)
    assert kyoei.json("admin", "holidays", "list")[1] == before
    assert imports(kyoei) == []


def test_serve_imports_the_file_at_start_and_refuses_a_bad_one(kyoei_bin, fresh_db, tmp_path):
    # A port already taken: `kyoei serve` does everything before listening, then stops at the bind.
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    env = dict(os.environ, KYOEI_DATABASE_URL=fresh_db, KYOEI_LISTEN=f"127.0.0.1:{taken.getsockname()[1]}")
    bad = write(tmp_path, "bad.csv", HEADER + "2027/1/1,元日\r\n2027/13/1,だめ\r\n", "shift_jis")
    result = subprocess.run([kyoei_bin, "serve"], env=dict(env, KYOEI_HOLIDAYS_FILE=bad), capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.returncode != 0
    assert "KYOEI_HOLIDAYS_FILE" in result.stderr + result.stdout and "line 3: date" in result.stderr + result.stdout
    missing = subprocess.run([kyoei_bin, "serve"], env=dict(env, KYOEI_HOLIDAYS_FILE=str(tmp_path / "none.csv")),
                             capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert missing.returncode != 0 and "cannot read" in missing.stderr + missing.stdout
    kyoei = Fresh(kyoei_bin, fresh_db)
    assert imports(kyoei) == []

    # A good file is imported before the listener opens.
    good = write(tmp_path, "syukujitsu.csv", HEADER + "2027/1/1,元日\r\n2027/1/11,成人の日\r\n", "shift_jis")
    started = subprocess.run([kyoei_bin, "serve"], env=dict(env, KYOEI_HOLIDAYS_FILE=good), capture_output=True, text=True,
                             timeout=60, cwd=tmp_path)
    assert "holidays imported from KYOEI_HOLIDAYS_FILE" in started.stdout, started.stdout + started.stderr
    assert [day["date"] for day in kyoei.json("admin", "holidays", "list", "--year", "2027")[1]] == ["2027-01-01", "2027-01-11"]
    assert len(imports(kyoei)) == 1
    # The same file again: nothing written, nothing audited.
    subprocess.run([kyoei_bin, "serve"], env=dict(env, KYOEI_HOLIDAYS_FILE=good), capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert len(imports(kyoei)) == 1
    assert sql(fresh_db, "SELECT source FROM holiday_years WHERE year = 2027") == [("syukujitsu.csv",)]
    taken.close()
