import BankCore
import BankStore
import Crypto
import Foundation
import SQLKit

extension InterbankService {
    /// 全銀ファイル作成: the day's 受付済 transfers to other banks (and any earlier one still
    /// waiting) as one 総合振込 file, the way they leave the bank. In one transaction: the
    /// file's row with its bytes, each transfer 受付済 → 送信済 naming the file, an audit row per
    /// transfer and one for the file. A transfer already in a file (or marked sent by hand) is
    /// never written again, so a second export the same day carries only what came since; nil
    /// when nothing waits.
    public func export(date: JapanTime.Day, by actor: BankActor, client: ClientInfo = .commandLine) async throws -> InterbankFileView? {
        try actor.requireStaff(StaffRole.counterWorkers)
        let now = clock.now()
        let zengin = settings.zengin
        let created = try await database.transaction { db -> InterbankFileRecord? in
            let waiting = try await InterbankFileRecords.waiting(db, acceptedBefore: date.nextDayStart)
            guard !waiting.isEmpty else { return nil }
            let transferDate: JapanTime.Day
            do { transferDate = try await businessCalendar(db).businessDay(onOrAfter: date) } catch {
                throw BankError.invalidInput([FieldError(field: "date", messageKey: "error.holidays.year_not_covered")])
            }
            let sequence = try await InterbankFileRecords.count(db, businessDate: date.iso) + 1
            let name = String(format: "SOGOFURI_%@_%04d%02d%02d_%02d.dat", settings.bankCode, date.year, date.month, date.day, sequence)
            let file = try await zenginFile(db, waiting, transferDate: transferDate)
            let bytes: [UInt8]
            do { bytes = try file.bytes(encoding: zengin.encoding, lineEnding: zengin.lineEnding) } catch let error as ZenginFileError {
                // Names are checked when the transfer is made: only a transfer from before that
                // check can get here. Nothing is marked; the clerk returns that one first.
                let reception = error.record >= 2 && error.record - 2 < waiting.count ? waiting[error.record - 2].receptionNumber : ""
                throw BankError.invalidInput([FieldError(field: "\(reception) \(error.field)", messageKey: "error.interbank.unwritable")])
            }
            let record = try await InterbankFileRecords.insert(db, NewInterbankFile(
                name: name, businessDate: date.iso, transferDate: transferDate.iso, transfers: waiting.count,
                totalAmount: file.totalAmount, encoding: zengin.encoding.rawValue, lineEnding: zengin.lineEnding,
                content: Data(bytes), sha256: Hex.encode(SHA256.hash(data: bytes)), createdBy: actor.recordedName), at: now)
            for transfer in waiting {
                guard try await InterbankFileRecords.markSent(db, transferID: transfer.id, file: name, at: now) else {
                    throw BankError.tryAgainLater  // another export took it meanwhile: this one is rolled back
                }
                try await AuditRecords.write(db, .interbankSent, .success, by: AuditActor(actor), customerID: transfer.customerID,
                    client: client, detail: [.field(.reception, transfer.receptionNumber), .field(.amount, transfer.amount.value),
                                             .field(.file, name)], at: now)
            }
            try await AuditRecords.write(db, .interbankExported, .success, by: AuditActor(actor), client: client,
                detail: [.field(.file, name), .field(.count, waiting.count), .field(.total, file.totalAmount)], at: now)
            return record
        }
        return created.map(InterbankFileView.init)
    }

    /// 再出力: a file made before, byte for byte as first written. Its transfers stay as they
    /// are (already 送信済); audited, since the same payments handed over twice would be paid twice.
    public func reexport(name: String, by actor: BankActor, client: ClientInfo = .commandLine) async throws -> InterbankFileView {
        try actor.requireStaff(StaffRole.counterWorkers)
        let now = clock.now()
        return try await database.transaction { db in
            guard let record = try await InterbankFileRecords.find(db, name: name) else {
                throw BankError.invalidInput([FieldError(field: "file", messageKey: "error.interbank.file_not_found")])
            }
            try await AuditRecords.write(db, .interbankFileReexported, .success, by: AuditActor(actor), client: client,
                detail: [.field(.file, record.name), .field(.count, record.transfers), .field(.total, record.totalAmount.value)], at: now)
            return InterbankFileView(record)
        }
    }

    /// The files made, newest first.
    public func files(limit: Int = 50, by actor: BankActor) async throws -> [InterbankFileView] {
        try actor.requireStaff(StaffRole.readers)
        return try await database.read { db in try await InterbankFileRecords.list(db, limit: limit).map(InterbankFileView.init) }
    }

    /// The file's records: 依頼人 is the bank's interbank clearing account, the names in kana
    /// from the bank/branch master (this bank's own entry for the header).
    private func zenginFile(_ db: any SQLDatabase, _ transfers: [TransferRecord], transferDate: JapanTime.Day) async throws -> ZenginTransferFile {
        guard let clearing = try await AccountRecords.internalAccount(db, code: "interbank_clearing") else { throw BankError.accountNotFound }
        let own = try await BankDirectoryRecords.find(db, bankCode: settings.bankCode, branchCode: clearing.branchCode)
        let header = ZenginTransferFile.Header(
            requesterCode: settings.zengin.requesterCode, requesterName: KanaName.normalize(clearing.holderName), transferDate: transferDate,
            bankCode: settings.bankCode, bankName: own?.bankNameKana ?? "", branchCode: clearing.branchCode,
            branchName: own?.branchNameKana ?? "", accountType: clearing.accountType.zenginCode, accountNumber: clearing.accountNumber)
        var names: [String: BankBranchName] = [:]
        var records: [ZenginTransferFile.Transfer] = []
        for transfer in transfers {
            let key = transfer.bankCode + "-" + transfer.branchCode
            if names[key] == nil { names[key] = try await BankDirectoryRecords.find(db, bankCode: transfer.bankCode, branchCode: transfer.branchCode) }
            records.append(ZenginTransferFile.Transfer(
                bankCode: transfer.bankCode, bankName: names[key]?.bankNameKana ?? "", branchCode: transfer.branchCode,
                branchName: names[key]?.branchNameKana ?? "", accountType: transfer.accountType.zenginCode,
                accountNumber: transfer.accountNumber, payeeName: transfer.holderName, amount: transfer.amount.value,
                customerCode: transfer.id))
        }
        return ZenginTransferFile(header: header, transfers: records)
    }
}
