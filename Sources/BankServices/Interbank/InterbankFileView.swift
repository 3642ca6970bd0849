import BankCore
import BankStore
import Foundation

/// A 全銀 総合振込 file as the back office and `kyoei admin interbank` see it, with its bytes.
public struct InterbankFileView: Sendable, Equatable {
    public var id: Int64
    public var name: String
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

    init(_ record: InterbankFileRecord) {
        id = record.id; name = record.name; businessDate = record.businessDate; transferDate = record.transferDate
        transfers = record.transfers; totalAmount = record.totalAmount; encoding = record.encoding
        lineEnding = record.lineEnding; content = record.content; sha256 = record.sha256
        createdAt = record.createdAt; createdBy = record.createdBy
    }
}
