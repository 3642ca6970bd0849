import BankCore
import Foundation
import SQLKit

/// A 全銀 総合振込 file as recorded (migration 14).
public struct InterbankFileRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// The day whose 受付済 transfers it carries (JST), and the 振込指定日 in its header.
    public var businessDate: String
    public var transferDate: String
    public var transfers: Int
    public var totalAmount: Yen
    public var encoding: String
    public var lineEnding: Bool
    public var content: Data
    public var sha256: String
    public var createdAt: Date
    public var createdBy: String
}

/// What is written for a new file.
public struct NewInterbankFile: Sendable {
    public var name: String
    public var businessDate: String
    public var transferDate: String
    public var transfers: Int
    public var totalAmount: Int64
    public var encoding: String
    public var lineEnding: Bool
    public var content: Data
    public var sha256: String
    public var createdBy: String

    public init(name: String, businessDate: String, transferDate: String, transfers: Int, totalAmount: Int64, encoding: String,
                lineEnding: Bool, content: Data, sha256: String, createdBy: String) {
        self.name = name; self.businessDate = businessDate; self.transferDate = transferDate; self.transfers = transfers
        self.totalAmount = totalAmount; self.encoding = encoding; self.lineEnding = lineEnding; self.content = content
        self.sha256 = sha256; self.createdBy = createdBy
    }
}

public enum InterbankFileRecords {
    /// 受付済 transfers to other banks accepted before `before`, oldest first: the day's, and
    /// any earlier one still waiting (nothing is left behind by a day without an export).
    public static func waiting(_ db: any SQLDatabase, acceptedBefore before: Date) async throws -> [TransferRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: TransferRecords.columns) FROM transfers
            WHERE route = \(bind: TransferRoute.otherBank.rawValue) AND status = \(bind: TransferStatus.accepted.rawValue)
              AND interbank_file IS NULL AND created_at < \(bind: before.millis)
            ORDER BY id
            """).all().map(TransferRecords.decode)
    }

    /// 受付済 → 送信済 with the file's name; false when the transfer is no longer 受付済 (another
    /// export or a clerk took it first: the caller's transaction is then abandoned).
    public static func markSent(_ db: any SQLDatabase, transferID: Int64, file: String, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE transfers SET status = \(bind: TransferStatus.sent.rawValue), status_changed_at = \(bind: now.millis),
                   interbank_file = \(bind: file)
            WHERE id = \(bind: transferID) AND status = \(bind: TransferStatus.accepted.rawValue) AND interbank_file IS NULL
            RETURNING id
            """).first() != nil
    }

    public static func insert(_ db: any SQLDatabase, _ file: NewInterbankFile, at now: Date) async throws -> InterbankFileRecord {
        let row = try await db.raw("""
            INSERT INTO interbank_files (name, business_date, transfer_date, transfers, total_amount, encoding, line_ending,
                                         content, sha256, created_at, created_by)
            VALUES (\(bind: file.name), \(bind: file.businessDate), \(bind: file.transferDate), \(bind: file.transfers),
                    \(bind: file.totalAmount), \(bind: file.encoding), \(bind: file.lineEnding ? 1 : 0),
                    \(bind: file.content.base64EncodedString()), \(bind: file.sha256), \(bind: now.millis), \(bind: file.createdBy))
            RETURNING id
            """).first()!
        return try await find(db, id: try row.decode(column: "id", as: Int64.self))!
    }

    /// How many files were made for a day (the next one's sequence number is one more).
    public static func count(_ db: any SQLDatabase, businessDate: String) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM interbank_files WHERE business_date = \(bind: businessDate)")
            .first()!.decode(column: "n", as: Int.self)
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> InterbankFileRecord? {
        try await db.raw("SELECT * FROM interbank_files WHERE id = \(bind: id)").first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, name: String) async throws -> InterbankFileRecord? {
        try await db.raw("SELECT * FROM interbank_files WHERE name = \(bind: name)").first().map(decode)
    }

    /// The newest files first.
    public static func list(_ db: any SQLDatabase, limit: Int = 50) async throws -> [InterbankFileRecord] {
        try await db.raw("SELECT * FROM interbank_files ORDER BY id DESC LIMIT \(bind: limit)").all().map(decode)
    }

    /// The transfers a file carried, in file order.
    public static func transfers(_ db: any SQLDatabase, file: String) async throws -> [TransferRecord] {
        try await db.raw("SELECT \(unsafeRaw: TransferRecords.columns) FROM transfers WHERE interbank_file = \(bind: file) ORDER BY id")
            .all().map(TransferRecords.decode)
    }

    static func decode(_ row: any SQLRow) throws -> InterbankFileRecord {
        InterbankFileRecord(
            id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
            businessDate: try row.decode(column: "business_date", as: String.self),
            transferDate: try row.decode(column: "transfer_date", as: String.self),
            transfers: try row.decode(column: "transfers", as: Int.self),
            totalAmount: Yen(try row.decode(column: "total_amount", as: Int64.self)),
            encoding: try row.decode(column: "encoding", as: String.self),
            lineEnding: try row.decode(column: "line_ending", as: Int.self) != 0,
            content: Data(base64Encoded: try row.decode(column: "content", as: String.self)) ?? Data(),
            sha256: try row.decode(column: "sha256", as: String.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: String.self))
    }
}
