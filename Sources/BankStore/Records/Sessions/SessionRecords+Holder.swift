import BankCore
import Foundation
import SQLKit

/// A customer's session read together with what a request needs beside it, in one statement:
/// every page view looks its session up, and on PostgreSQL each statement is a round trip.
extension SessionStore where Session == SessionRecord {
    /// The session behind `tokenHash` and its customer (a page view's look-up).
    public static func findWithCustomer(_ db: any SQLDatabase, tokenHash: String) async throws
        -> (session: SessionRecord, customer: CustomerRecord)? {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: JoinedSessionColumns.session), \(unsafeRaw: JoinedSessionColumns.customer)
            FROM sessions s JOIN customers c ON c.id = s.customer_id
            WHERE s.token_hash = \(bind: tokenHash)
            """).first() else { return nil }
        return (try SessionRecord.decode(row), try CustomerRecords.decode(row, prefix: JoinedSessionColumns.customerPrefix))
    }

    /// The session behind `tokenHash`, its customer and the customer's live token (issued,
    /// provisioned or active; nil when there is none): the login's code step.
    public static func findWithCustomerAndToken(_ db: any SQLDatabase, tokenHash: String) async throws
        -> (session: SessionRecord, customer: CustomerRecord, token: OTPTokenRecord?)? {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: JoinedSessionColumns.session), \(unsafeRaw: JoinedSessionColumns.customer),
                   \(unsafeRaw: JoinedSessionColumns.token)
            FROM sessions s JOIN customers c ON c.id = s.customer_id
            LEFT JOIN otp_tokens t ON t.customer_id = s.customer_id AND t.status IN \(unsafeRaw: OTPTokenRecords.liveStatuses)
            WHERE s.token_hash = \(bind: tokenHash)
            """).first() else { return nil }
        let prefix = JoinedSessionColumns.tokenPrefix
        let token = try row.decode(column: prefix + "id", as: Int64?.self) == nil ? nil : try OTPTokenRecords.decode(row, prefix: prefix)
        return (try SessionRecord.decode(row), try CustomerRecords.decode(row, prefix: JoinedSessionColumns.customerPrefix), token)
    }
}

/// The column lists of those statements, built once.
private enum JoinedSessionColumns {
    static let customerPrefix = "holder_"
    static let tokenPrefix = "token_"
    static let session = JoinedColumns.aliased(SessionRecord.columns, of: "s")
    static let customer = JoinedColumns.aliased(CustomerRecords.columns, of: "c", prefixedWith: customerPrefix)
    static let token = JoinedColumns.aliased(OTPTokenRecords.columns, of: "t", prefixedWith: tokenPrefix)
}
