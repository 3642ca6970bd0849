import BankCore
import BankStore
import Foundation
import SQLKit

/// A customer's sessions (`sessions`): ten minutes idle, an hour at most (`settings.sessions`).
public enum CustomerSessions: SessionKind {
    public static func policy(_ settings: BankSettings) -> SessionPolicy { settings.sessions }

    public static func holder(_ db: any SQLDatabase, of session: SessionRecord) async throws -> CustomerRecord? {
        try await CustomerRecords.find(db, id: session.customerID).flatMap(admitted)
    }

    /// The session and its customer in one statement (a join).
    public static func lookUp(_ db: any SQLDatabase, tokenHash: String) async throws -> (session: SessionRecord, holder: CustomerRecord?)? {
        guard let found = try await SessionRecords.findWithCustomer(db, tokenHash: tokenHash) else { return nil }
        return (found.session, admitted(found.customer))
    }

    /// Only an active customer keeps a session (a closed or frozen one is let go).
    static func admitted(_ customer: CustomerRecord) -> CustomerRecord? {
        customer.status.isActive ? customer : nil
    }

    public static func view(_ customer: CustomerRecord) -> SignedInCustomer { SignedInCustomer(customer) }

    public static func auditTimeout(_ db: any SQLDatabase, _ session: SessionRecord, _ state: SessionPolicy.State,
                                    at now: Date) async throws {
        try await AuditRecords.write(db, .sessionTimeout, .info, by: .system, customerID: session.customerID,
                                     client: ClientInfo(ip: session.ip, userAgent: session.userAgent),
                                     detail: [.code(state == .absoluteExpired ? .absolute : .idle)], at: now)
    }

    public static func loggedOut(_ db: any SQLDatabase, _ session: SessionRecord, client: ClientInfo, at now: Date) async throws {
        // A mailed password lives until logout (notice 別紙2).
        try await MailPasswordRecords.discard(db, customerID: session.customerID)
        try await AuditRecords.write(db, .logout, .success, by: .customer, customerID: session.customerID,
                                     client: client, factors: FactorRecord(inForce: [], presented: session.factorsPresented), at: now)
    }

    /// Counters of unknown IDs last as long as a locked customer would wait for the bank in
    /// practice, so the lock message does not give real IDs away after a day.
    public static func afterSweep(_ db: any SQLDatabase, at now: Date) async throws {
        try await CredentialRecords.pruneUnknownFailures(db, before: now.addingTimeInterval(-90 * 86_400))
        // The JSON API's Idempotency-Key answers are kept for a day (IdempotencyService.retention).
        try await IdempotencyRecords.deleteExpired(db, at: now)
    }
}

/// The logged-in customer as the web sees them: who, and what the pages show (no password hashes).
public struct SignedInCustomer: Sendable, Equatable {
    public let id: Int64
    public let loginID: String
    public let nameKanji: String
    public let nameKana: String
    public let pcEmail: String
    public let mobileEmail: String?
    public let lastLoginAt: Date?
    /// The login before this one: what the menu shows as 前回ログイン日時.
    public let previousLoginAt: Date?

    init(_ record: CustomerRecord) {
        id = record.id
        loginID = record.loginID
        nameKanji = record.nameKanji
        nameKana = record.nameKana
        pcEmail = record.pcEmail
        mobileEmail = record.mobileEmail
        lastLoginAt = record.lastLoginAt
        previousLoginAt = record.previousLoginAt
    }

    /// Who acts when this customer uses a screen: what every customer use case is given.
    public var actor: BankActor { .customer(id: id) }
}
