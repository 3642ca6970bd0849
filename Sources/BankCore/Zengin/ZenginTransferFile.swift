import Foundation

/// A 全銀協 規定 総合振込 file: 120-byte records, ヘッダー (1), データ (2) per transfer,
/// トレーラ (8) with the count and total, エンド (9). The layout followed field by field is
/// 群馬銀行「全銀協制定ファイルフォーマット【総合振込】」(データ伝送の仕様, JISコード;
/// 種別コード 21), which publishes the 全銀協 規定 layout unchanged: numbers (N) right-aligned
/// and zero-padded, characters (C) left-aligned and space-padded, optional CR LF after each
/// record (122 bytes then).
public struct ZenginTransferFile: Sendable, Equatable {
    /// The header: who sends (依頼人: the bank's interbank clearing account) and when.
    public struct Header: Sendable, Equatable {
        public var requesterCode: String          // 振込依頼人コード N(10)
        public var requesterName: String          // 振込依頼人名 C(40)
        public var transferDate: JapanTime.Day    // 振込指定日 N(4) MMDD
        public var bankCode: String               // 仕向銀行番号 N(4)
        public var bankName: String               // 仕向銀行名 C(15)
        public var branchCode: String             // 仕向支店番号 N(3)
        public var branchName: String             // 仕向支店名 C(15)
        public var accountType: String            // 預金種目 N(1): 1 普通, 2 当座, 9 その他
        public var accountNumber: String          // 口座番号 N(7)

        public init(requesterCode: String, requesterName: String, transferDate: JapanTime.Day, bankCode: String, bankName: String,
                    branchCode: String, branchName: String, accountType: String, accountNumber: String) {
            self.requesterCode = requesterCode; self.requesterName = requesterName; self.transferDate = transferDate
            self.bankCode = bankCode; self.bankName = bankName; self.branchCode = branchCode; self.branchName = branchName
            self.accountType = accountType; self.accountNumber = accountNumber
        }
    }

    /// One transfer.
    public struct Transfer: Sendable, Equatable {
        public var bankCode: String               // 被仕向銀行番号 N(4)
        public var bankName: String               // 被仕向銀行名 C(15)
        public var branchCode: String             // 被仕向支店番号 N(3)
        public var branchName: String             // 被仕向支店名 C(15)
        public var accountType: String            // 預金種目 N(1): 1 普通, 2 当座, 4 貯蓄
        public var accountNumber: String          // 口座番号 N(7)
        public var payeeName: String              // 受取人名 C(30)
        public var amount: Int64                  // 振込金額 N(10)
        public var customerCode: Int64            // 顧客コード1 N(10): the transfer's id, to match a 返却

        public init(bankCode: String, bankName: String, branchCode: String, branchName: String, accountType: String,
                    accountNumber: String, payeeName: String, amount: Int64, customerCode: Int64) {
            self.bankCode = bankCode; self.bankName = bankName; self.branchCode = branchCode; self.branchName = branchName
            self.accountType = accountType; self.accountNumber = accountNumber; self.payeeName = payeeName
            self.amount = amount; self.customerCode = customerCode
        }
    }

    public var header: Header
    public var transfers: [Transfer]

    public init(header: Header, transfers: [Transfer]) {
        self.header = header
        self.transfers = transfers
    }

    public static let recordLength = 120
    public var totalAmount: Int64 { transfers.reduce(0) { $0 + $1.amount } }

    /// The file's bytes. Refuses (naming the record and field) what the layout cannot carry;
    /// bank and branch names, optional in the layout and taken from the master, are cut at
    /// their width instead.
    public func bytes(encoding: ZenginEncoding, lineEnding: Bool) throws(ZenginFileError) -> [UInt8] {
        var writer = ZenginRecordWriter(encoding: encoding)
        var records: [[UInt8]] = []
        let h = header
        let mmdd = String(format: "%02d%02d", h.transferDate.month, h.transferDate.day)
        try writer.start(record: 1)
        try writer.number("1", 1, "data_kind"); try writer.number("21", 2, "kind_code"); try writer.number("0", 1, "code_kind")
        try writer.number(h.requesterCode, 10, "requester_code"); try writer.text(h.requesterName, 40, "requester_name")
        try writer.number(mmdd, 4, "transfer_date"); try writer.number(h.bankCode, 4, "bank_code")
        try writer.text(h.bankName, 15, "bank_name", cut: true); try writer.number(h.branchCode, 3, "branch_code")
        try writer.text(h.branchName, 15, "branch_name", cut: true); try writer.number(h.accountType, 1, "account_type")
        try writer.number(h.accountNumber, 7, "account_number"); try writer.text("", 17, "dummy")
        records.append(try writer.finish())
        for (index, t) in transfers.enumerated() {
            try writer.start(record: index + 2)
            try writer.number("2", 1, "data_kind"); try writer.number(t.bankCode, 4, "bank_code")
            try writer.text(t.bankName, 15, "bank_name", cut: true); try writer.number(t.branchCode, 3, "branch_code")
            try writer.text(t.branchName, 15, "branch_name", cut: true)
            try writer.number("0", 4, "clearing_house")          // 手形交換所番号: 未使用 (0)
            try writer.number(t.accountType, 1, "account_type"); try writer.number(t.accountNumber, 7, "account_number")
            guard ZenginName.problem(t.payeeName) == nil else { throw ZenginFileError(record: index + 2, field: "payee_name") }
            try writer.text(t.payeeName, 30, "payee_name")
            guard (1...9_999_999_999).contains(t.amount) else { throw ZenginFileError(record: index + 2, field: "amount") }
            try writer.number(String(t.amount), 10, "amount")
            try writer.number("0", 1, "new_code")                // 新規コード: 0 (その他)
            try writer.number(String(t.customerCode), 10, "customer_code1"); try writer.number("0", 10, "customer_code2")
            try writer.number("7", 1, "transfer_kind")           // 振込指定区分: 7 電信
            try writer.text("", 1, "edi_mark"); try writer.text("", 7, "dummy")  // 識別表示: space (顧客コード as N)
            records.append(try writer.finish())
        }
        try writer.start(record: transfers.count + 2)
        try writer.number("8", 1, "data_kind"); try writer.number(String(transfers.count), 6, "total_count")
        try writer.number(String(totalAmount), 12, "total_amount"); try writer.text("", 101, "dummy")
        records.append(try writer.finish())
        try writer.start(record: transfers.count + 3)
        try writer.number("9", 1, "data_kind"); try writer.text("", 119, "dummy")
        records.append(try writer.finish())
        return records.flatMap { lineEnding ? $0 + [0x0D, 0x0A] : $0 }
    }
}

/// A field the layout cannot carry: the record's number in the file (1 = header) and the field.
public struct ZenginFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let record: Int
    public let field: String

    public init(record: Int, field: String) {
        self.record = record
        self.field = field
    }

    public var description: String { "record \(record): \(field) cannot be written in the 全銀 layout" }
}

/// Builds one record field by field, checking widths and characters.
struct ZenginRecordWriter {
    let encoding: ZenginEncoding
    private var bytes: [UInt8] = []
    private var record = 0

    init(encoding: ZenginEncoding) { self.encoding = encoding }

    mutating func start(record: Int) throws(ZenginFileError) {
        self.record = record
        bytes = []
    }

    /// N(width): digits, right-aligned, zero-padded.
    mutating func number(_ digits: String, _ width: Int, _ field: String) throws(ZenginFileError) {
        guard digits.count <= width, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ZenginFileError(record: record, field: field)
        }
        bytes += Array(repeating: 0x30, count: width - digits.count) + Array(digits.utf8)
    }

    /// C(width): half-width characters, left-aligned, space-padded.
    mutating func text(_ value: String, _ width: Int, _ field: String, cut: Bool = false) throws(ZenginFileError) {
        guard var encoded = encoding.bytes(value) else { throw ZenginFileError(record: record, field: field) }
        if encoded.count > width {
            guard cut else { throw ZenginFileError(record: record, field: field) }
            encoded = Array(encoded.prefix(width))
        }
        bytes += encoded + Array(repeating: 0x20, count: width - encoded.count)
    }

    func finish() throws(ZenginFileError) -> [UInt8] {
        guard bytes.count == ZenginTransferFile.recordLength else { throw ZenginFileError(record: record, field: "length") }
        return bytes
    }
}
