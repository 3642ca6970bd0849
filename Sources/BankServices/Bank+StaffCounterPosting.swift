import BankCore
import BankStore
import Foundation
import SQLKit

/// A counter deposit or withdrawal as the result screen shows it.
public struct CounterPosting: Sendable, Equatable {
    public var direction: CounterDirection
    /// The customer's account (its balance as read with the result; the line has the one
    /// right after the posting).
    public var account: AccountRecord
    /// The account's side of the ledger transaction.
    public var line: StatementLine
    /// True when this form's token had been used already: this is the first posting, and
    /// nothing new was written.
    public var replayed: Bool
}

extension Bank {
    /// A new one-time token for the 入金・出金 form: 128 random bits as 32 hex digits.
    public func newCounterFormToken() -> String { Hex.encode(random.bytes(16)) }

    public static func isCounterFormToken(_ token: String) -> Bool {
        token.utf8.count == 32 && token.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// 入金・出金 on one of the customer's accounts. The form's one-time token is the ledger's
    /// idempotency key: a second submission (double click, reload, replay) gets the first
    /// posting back and writes nothing. Too little money is refused with nothing posted and
    /// the refusal audited (postCounter).
    public func postAtCounter(_ direction: CounterDirection, customerID: Int64, accountID: Int64, amount: String,
                              memo rawMemo: String, formToken: String, by staff: StaffRecord,
                              client: ClientInfo) async throws -> CounterPosting {
        let event = direction == .deposit ? "counter_deposit" : "counter_withdrawal"
        try await requireCounterWorker(staff, event: event, customerID: customerID, client: client)
        guard Self.isCounterFormToken(formToken) else {
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
            let line = try await postCounter(direction, branch: account.branchCode, accountNumber: account.accountNumber,
                                             amount: amount, memo: memo, staff: staff.staffID, idempotencyKey: key,
                                             client: client)
            var posted = account
            posted.balance = line.balanceAfter
            return CounterPosting(direction: direction, account: posted, line: line, replayed: false)
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
            guard let row = try await db.raw("""
                SELECT id, kind FROM ledger_transactions WHERE idempotency_key = \(bind: key)
                """).first() else { return nil }
            let transactionID = try row.decode(column: "id", as: Int64.self)
            let kind = try row.decode(column: "kind", as: String.self)
            let cashID = try await internalAccountID(db, "cash")
            guard let line = try await LedgerRecords.entries(db, transactionID: transactionID).first(where: { $0.accountID != cashID }),
                  let account = try await AccountRecords.find(db, id: line.accountID), account.customerID == customerID else {
                throw BankError.accountNotFound
            }
            return CounterPosting(direction: kind == "counter_deposit" ? .deposit : .withdrawal, account: account, line: line,
                                  replayed: true)
        }
    }
}
