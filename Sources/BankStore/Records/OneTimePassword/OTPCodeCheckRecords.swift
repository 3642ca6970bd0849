import BankCore
import Foundation
import SQLKit

/// What the code check's transaction finds as it takes its rows (`OTPCodeCheckRecords.take`).
public struct CodeCheckTaking: Sendable, Equatable {
    /// The counter's failures and lock, as read under its row lock.
    public var failures: Int
    public var locked: Bool
    /// The step given was recorded on the token (later than every step used before, token in
    /// the status asked for); false also when none was given or the counter is locked.
    public var stepAccepted: Bool
}

/// The one-time password's code check in few round trips (issue 20), in the two `StepForm`s,
/// kept equal by LoginStepFormsTests.
public enum OTPCodeCheckRecords {
    /// In the code check's transaction, first: the customer's row, then the counter's (created
    /// at zero), then — with `step`, the step the code stands for on the token as read before,
    /// and the counter not locked — that step accepted on the token (as
    /// `OTPTokenRecords.acceptStep`; `activating` also makes the token active). The customer
    /// must exist. On PostgreSQL one statement, whose parts refer to the earlier ones so that the
    /// rows are taken in this order, the order every change of factors takes them in.
    public static func take(_ db: any SQLDatabase, customerID: Int64, tokenID: Int64, step: Int64?, activating: Bool,
                            at now: Date) async throws -> CodeCheckTaking {
        try await take(db, customerID: customerID, tokenID: tokenID, step: step, activating: activating, at: now,
                       form: StepForm.fastest(for: db))
    }

    static func take(_ db: any SQLDatabase, customerID: Int64, tokenID: Int64, step: Int64?, activating: Bool, at now: Date,
                     form: StepForm) async throws -> CodeCheckTaking {
        switch form {
        case .statements:
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let counter = try await CredentialRecords.lockCounter(db, customerID: customerID, credential: .otp)
            var taking = CodeCheckTaking(failures: counter.failures, locked: counter.isLocked, stepAccepted: false)
            if let step, !taking.locked {
                taking.stepAccepted = try await OTPTokenRecords.acceptStep(db, id: tokenID, step: step, activating: activating, at: now)
            }
            return taking
        case .oneStatement:
            var query: SQLQueryString = """
                WITH customer AS (\(CustomerRecords.lockForChangeStatement(customerID: customerID))),
                counter AS (\(CredentialRecords.lockCounterStatement(customerID: "(SELECT id FROM customer)", credential: .otp)))
                """
            if let step {
                query += """
                    , accepted AS (\(OTPTokenRecords.acceptStepStatement(
                        id: tokenID, step: step, activating: activating, at: now,
                        and: "EXISTS (SELECT 1 FROM counter WHERE locked_at IS NULL)")))
                    """
            }
            query += " SELECT (SELECT failures FROM counter) AS failures, (SELECT locked_at FROM counter) AS locked_at"
            if step != nil { query += ", (SELECT COUNT(*) FROM accepted) AS accepted" }
            let row = try await db.raw(query).first()!
            let accepted = step == nil ? 0 : try row.decode(column: "accepted", as: Int64.self)
            return CodeCheckTaking(failures: try row.decode(column: "failures", as: Int.self),
                                   locked: try row.decode(column: "locked_at", as: Int64?.self) != nil, stepAccepted: accepted == 1)
        }
    }
}
