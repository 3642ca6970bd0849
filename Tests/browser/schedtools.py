"""予約振込 test helpers: a bank of its own whose clock the test moves (KYOEI_TEST_CLOCK_FILE,
honoured only on a loopback http bank), and the customer's steps to book and to read the
history."""

import datetime
import os
import re
import subprocess

import pytest

from mailtools import KyoeiServer, SmtpServer, fresh_database_url

JST = datetime.timezone(datetime.timedelta(hours=9))


class TestClock:
    """The file the server reads its time from: `set` an instant (the server's clock is there
    at once and runs on), `reset` to the real time."""
    __test__ = False

    def __init__(self, path):
        self.path = path
        self.reset()

    def set(self, instant):
        self.path.write_text(instant.isoformat())

    def reset(self):
        self.path.write_text("0")


def jst(day, hour=0, minute=0, second=0):
    """`day` (YYYY-MM-DD) at that JST time, as an aware datetime."""
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour, minute, second), JST)


@pytest.fixture
def clocked_bank(kyoei_bin, database_url, tmp_path):
    """A bank of its own (fresh database, `kyoei demo`, a real SMTP server) on a test clock,
    whose scheduler runs at 09:00 JST so that a booking still waits after 00:00 of its day."""
    url = fresh_database_url(database_url, tmp_path)
    subprocess.run([kyoei_bin, "demo"], env=dict(os.environ, KYOEI_DATABASE_URL=url), check=True, capture_output=True,
                   cwd=tmp_path)
    clock = TestClock(tmp_path / "clock")
    smtp = SmtpServer(tmp_path).start()
    server = KyoeiServer(kyoei_bin, tmp_path, url, KYOEI_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                         KYOEI_TEST_CLOCK_FILE=str(clock.path), KYOEI_SCHEDULE_HOUR="9").start()
    yield server, smtp, clock
    server.stop()
    smtp.stop()


def next_business_day_named(error):
    """The next business day a refused 振込指定日 names (「次の営業日は2026年12月7日（月）です」)."""
    match = re.search(r"次の営業日は(\d{4})年(\d{1,2})月(\d{1,2})日", error)
    assert match, error
    return datetime.date(*map(int, match.groups())).isoformat()
