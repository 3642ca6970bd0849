import BankCore
import BankStore
import Foundation
import SQLKit

/// 他行振込: transfers to other banks, from 受付済 to sent (handed to the interbank batch) or
/// returned (資金返却). Every role reads the queue; only 事務担当 and 役席 (and the command line)
/// change anything, checked here for every caller, and a refused change is itself audited.
public struct InterbankService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension InterbankService {
    /// 他行振込: transfers to other banks by status (受付済 first in line), for the counter.
    public func list(status: TransferStatus?, limit: Int = 200) async throws -> [TransferView] {
        try await database.read { db in
            try await TransferRecords.list(db, status: status, route: .otherBank, limit: limit).map(TransferView.init)
        }
    }

    /// 他行振込 of one status (nil: every status), newest first. Audited: it names customers.
    public func queue(status: TransferStatus?, limit: Int = BackOfficeScreen.rows, by actor: BankActor,
                      client: ClientInfo? = nil) async throws -> InterbankQueue {
        try actor.requireStaff(StaffRole.readers)
        let limit = min(max(limit, 1), 1_000)
        let now = clock.now()
        return try await database.transaction { db in
            let transfers = try await TransferRecords.list(db, status: status, route: .otherBank, limit: limit + 1)
            var customers: [Int64: CustomerRecord] = [:]
            var names: [String: BankBranchName] = [:]
            var entries: [InterbankEntry] = []
            for transfer in transfers.prefix(limit) {
                if customers[transfer.customerID] == nil {
                    customers[transfer.customerID] = try await CustomerRecords.find(db, id: transfer.customerID)
                }
                let key = transfer.bankCode + "-" + transfer.branchCode
                if names[key] == nil {
                    names[key] = try await BankDirectoryRecords.find(db, bankCode: transfer.bankCode, branchCode: transfer.branchCode)
                }
                let customer = customers[transfer.customerID]
                entries.append(InterbankEntry(transfer: TransferView(transfer), loginID: customer?.loginID ?? "",
                                              customerName: customer?.nameKanji ?? "",
                                              bankName: names[key]?.bankName ?? transfer.bankCode,
                                              branchName: names[key]?.branchName ?? transfer.branchCode))
            }
            let counts = try await TransferRecords.interbankCounts(db)
            try await auditStaffView(db, actor, client: client, customerID: nil, loginID: nil,
                                     detail: [.code(.interbankQueue), .field(.status, status?.rawValue ?? "all"), .field(.rows, entries.count)],
                                     at: now)
            return InterbankQueue(entries: entries, counts: counts, truncated: transfers.count > limit)
        }
    }
}
