import BankCore
import BankStore
import Foundation
import SQLKit

/// 他行振込: the transfers of one status (or all), newest first, and how many are in each.
public struct InterbankQueue: Sendable, Equatable {
    public var entries: [InterbankEntry]
    public var counts: [TransferStatus: Int]
    public var truncated: Bool
}
