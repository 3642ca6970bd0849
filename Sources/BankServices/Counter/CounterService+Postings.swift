import BankCore
import BankStore
import Foundation
import SQLKit

extension CounterService {
    /// A counter deposit or withdrawal: one ledger transaction between the customer's
    /// account and the bank's cash account. `at` lets the demo write past history. With an
    /// `idempotencyKey` (the web form's one-time token) a second posting under the same key
    /// fails on the ledger's unique index and writes nothing.
    public func post(_ direction: CounterDirection, branch rawBranch: String, accountNumber rawNumber: String,
                     amount rawAmount: String, memo: String = "", by actor: BankActor, at: Date? = nil,
                     idempotencyKey: String? = nil, client: ClientInfo = .commandLine) async throws -> StatementLine {
        try await requireCounterWorker(actor, event: .counter(direction), customerID: nil, client: client)
        var errors: [FieldError] = []
        var branch: BranchCode?, number: AccountNumber?, amount: Yen?
        do { branch = try BranchCode(validating: rawBranch) } catch { errors.append(FieldError(field: "branch", messageKey: "error.branch_code.invalid")) }
        do { number = try AccountNumber(validating: rawNumber) } catch { errors.append(FieldError(field: "account", messageKey: "error.account_number.invalid")) }
        switch Yen.parseInput(rawAmount) {
        case .success(let value): amount = value
        case .failure(let error): errors.append(FieldError(field: "amount", messageKey: error.messageKey))
        }
        guard errors.isEmpty, let branch, let number, let amount else { throw BankError.invalidInput(errors) }
        let now = at ?? clock.now()
        let event = AuditEventName.counter(direction)
        do {
            return try await database.transaction { db in
                guard let account = try await AccountRecords.find(db, branch: branch.value, number: number.value),
                      account.customerID != nil else { throw BankError.accountNotFound }
                guard let cash = try await AccountRecords.internalAccount(db, code: "cash") else { throw BankError.accountNotFound }
                let signed = direction == .deposit ? amount : -amount
                let transactionID = try await LedgerRecords.post(
                    db, kind: event.rawValue, memo: String(memo.prefix(40)),
                    postings: [Posting(accountID: account.id, amount: signed), Posting(accountID: cash.id, amount: -signed)],
                    idempotencyKey: idempotencyKey, actor: AuditActor(actor).storedText, at: now)
                try await AuditRecords.write(db, event, .success, by: AuditActor(actor), customerID: account.customerID,
                    client: client,
                    detail: [.field(.tx, transactionID),
                             .field(.account, "\(account.branchCode)-\(account.accountNumber)"),
                             .field(.amount, amount.value)],
                    at: now)
                return try await LedgerRecords.entries(db, transactionID: transactionID).first(where: { $0.accountID == account.id })!
            }
        } catch StoreError.insufficientFunds {
            // The posting rolled back; the refusal itself is still recorded.
            try await database.transaction { db in
                let account = try await AccountRecords.find(db, branch: branch.value, number: number.value)
                try await AuditRecords.write(db, event, .refused, by: AuditActor(actor), customerID: account?.customerID,
                    client: client,
                    detail: [.field(.account, "\(branch.value)-\(number.value)"), .field(.amount, amount.value), .code(.insufficientFunds)],
                    at: now)
            }
            throw BankError.insufficientFunds
        }
    }

    /// A new one-time token for the 入金・出金 form: 128 random bits as 32 hex digits.
    public func newFormToken() -> String { Hex.encode(random.bytes(16)) }

    public static func isFormToken(_ token: String) -> Bool {
        token.utf8.count == 32 && token.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// 入金・出金 on one of the customer's accounts. The form's one-time token is the ledger's
    /// idempotency key: a second submission (double click, reload, replay) gets the first
    /// posting back and writes nothing. Too little money is refused with nothing posted and
    /// the refusal audited (as by the branch-and-number `post`).
    public func post(_ direction: CounterDirection, customerID: Int64, accountID: Int64, amount: String,
                     memo rawMemo: String, formToken: String, by actor: BankActor,
                     client: ClientInfo) async throws -> CounterPosting {
        try await requireCounterWorker(actor, event: .counter(direction), customerID: customerID, client: client)
        guard Self.isFormToken(formToken) else {
            throw BankError.invalidInput([FieldError(field: "form_token", messageKey: "error.counter.form_token")])
        }
        let key = "counter:\(formToken)"
        if let first = try await counterPosting(key: key, customerID: customerID) { return first }
        guard let account = try await database.read({ db in try await AccountRecords.find(db, id: accountID) }),
              account.customerID == customerID else { throw BankError.accountNotFound }
        let memo = rawMemo.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if memo.count > 40 || memo.contains(where: { $0.isNewline }) {
            errors.append(FieldError(field: "memo", messageKey: "error.counter.memo"))
        }
        if case .failure(let error) = Yen.parseInput(amount) {
            errors.append(FieldError(field: "amount", messageKey: error.messageKey))
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        do {
            let line = try await post(direction, branch: account.branchCode, accountNumber: account.accountNumber,
                                      amount: amount, memo: memo, by: actor, idempotencyKey: key, client: client)
            var posted = account
            posted.balance = line.balanceAfter
            return CounterPosting(direction: direction, account: AccountView(posted), line: line, replayed: false)
        } catch let refusal as BankError {
            throw refusal
        } catch {
            // The same form posted twice at the same moment: the other request's posting
            // took the key first and the ledger's unique index refused this one.
            if let first = try await counterPosting(key: key, customerID: customerID) { return first }
            throw error
        }
    }

    /// The posting made under `key`, if any; one of another customer's is not shown here.
    func counterPosting(key: String, customerID: Int64) async throws -> CounterPosting? {
        try await database.read { db in
            guard let (transactionID, kind) = try await LedgerRecords.transaction(db, idempotencyKey: key) else { return nil }
            let cashID = try await internalAccountID(db, "cash")
            guard let line = try await LedgerRecords.entries(db, transactionID: transactionID).first(where: { $0.accountID != cashID }),
                  let account = try await AccountRecords.find(db, id: line.accountID), account.customerID == customerID else {
                throw BankError.accountNotFound
            }
            return CounterPosting(direction: kind == AuditEventName.counter(.deposit).rawValue ? .deposit : .withdrawal,
                                  account: AccountView(account), line: line,
                                  replayed: true)
        }
    }
}
