"""`kyoei admin interbank export / reexport / files`: the day's 受付済 transfers to other banks,
made through the real site, leave the bank as a 全銀協 総合振込 file (120-byte records: header,
data, trailer, end), each marked 送信済 with the file's name; a second export carries nothing
twice; a re-export is the same bytes and audited."""

import datetime
import hashlib

from clitools import make_customer, refused, register_args, transfer_on_site


def jst_today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=9)).date().isoformat()


def records(data):
    assert len(data) % 120 == 0, len(data)
    return [data[i:i + 120] for i in range(0, len(data), 120)]


def kana(field):
    """JIS X 0201 bytes back to text (half-width katakana at 0xA1…)."""
    return "".join(chr(0xFF61 + b - 0xA1) if b >= 0xA1 else chr(b) for b in field).rstrip(" ")


def test_export_marks_sent_once_and_reexport_is_the_same_file(kyoei, site, tmp_path):
    customer = make_customer(kyoei)
    login_id, ordinary = customer["login_id"], customer["ordinary"]
    _, payee = kyoei.json(*register_args(login_id, account="7654321", name="ﾀｺｳ ｼﾞﾛｳ"))
    reception = transfer_on_site(site, login_id, ordinary["id"], f"dest-bank-{payee['id']}", 12_345)
    transfer = next(row for row in kyoei.json("admin", "interbank", "list", "--status", "accepted")[1]
                    if row["reception_number"] == reception)

    out = tmp_path / "zengin.dat"
    _, made = kyoei.json("admin", "interbank", "export", "--date", jst_today(), "--out", str(out))
    data = out.read_bytes()
    assert made["path"] == str(out) and made["bytes"] == len(data) and made["sha256"] == hashlib.sha256(data).hexdigest()
    assert made["name"].startswith("SOGOFURI_2999_") and made["encoding"] == "jis" and made["crlf"] is False
    rows = records(data)
    assert [r[0:1] for r in rows] == [b"1"] + [b"2"] * made["transfers"] + [b"8", b"9"]
    assert rows[0][1:4] == b"210" and kana(rows[0][14:54]) == "ﾀｺｳｶﾝｹﾂｻｲ"
    ours = [r for r in rows if r[0:1] == b"2" and int(r[91:101]) == transfer["id"]]
    assert len(ours) == 1, "the transfer's id is 顧客コード1"
    record = ours[0]
    assert (record[1:5], record[20:23], record[42:43], record[43:50]) == (b"0998", b"201", b"1", b"7654321")
    assert kana(record[50:80]) == "ﾀｺｳ ｼﾞﾛｳ" and int(record[80:90]) == 12_345 and record[111:112] == b"7"
    trailer = rows[-2]
    assert int(trailer[1:7]) == made["transfers"] and int(trailer[7:19]) == made["total_amount"]
    assert rows[-1] == b"9" + b" " * 119

    sent = next(row for row in kyoei.json("admin", "interbank", "list", "--status", "sent")[1] if row["reception_number"] == reception)
    assert sent["id"] == transfer["id"]
    assert refused(kyoei, "admin", "interbank", "mark-sent", str(transfer["id"]))[0]["code"] == "error.transfer.status"

    # Again: nothing waits, no file, nothing written.
    again = tmp_path / "again.dat"
    assert kyoei.json("admin", "interbank", "export", "--date", jst_today(), "--out", str(again))[1] == {"transfers": 0}
    assert not again.exists()
    # Never over an existing file.
    refused(kyoei, "admin", "interbank", "export", "--out", str(out), field="out")

    copy = tmp_path / "copy.dat"
    _, redo = kyoei.json("admin", "interbank", "reexport", made["name"], "--out", str(copy))
    assert copy.read_bytes() == data and redo["sha256"] == made["sha256"]
    refused(kyoei, "admin", "interbank", "reexport", "NO_SUCH.dat", "--out", str(tmp_path / "x.dat"), field="file")
    assert made["name"] in [f["name"] for f in kyoei.json("admin", "interbank", "files")[1]]
    events = [(e["event"], e["detail"]) for e in kyoei.json("admin", "audit", "--limit", "200")[1]]
    assert ("interbank_exported", f"file={made['name']} count={made['transfers']} total={made['total_amount']}") in events
    assert any(event == "interbank_file_reexported" and made["name"] in detail for event, detail in events)
    assert kyoei.json("admin", "verify-ledger")[1]["consistent"] is True
