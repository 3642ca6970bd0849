import BankCore
import BankStore
import Foundation

/// メールアドレス変更 by the customer (PC and 携帯). Asking changes nothing: a single-use link,
/// valid 24 hours, goes to the new address and the old address is told; the change is made
/// (by the same code as the counter's, `applyMailAddressChange`) when the link's page is
/// confirmed. A newer request voids an older one.
public struct MailAddressChangeService: BankUseCase {
    public let context: BankContext

    /// How long the link works.
    public static let linkLifetime: TimeInterval = 24 * 60 * 60
    /// The confirmation page's path, written once: the mail's link and the site's route.
    public static let confirmationPath = "/settings/mail-address/confirm"

    /// Field names of the form, also those of the errors.
    public enum Field {
        public static let kind = "kind"
        public static let new = "new_address"
        public static let newAgain = "new_address_again"
        public static let confirmationPassword = "confirmation_password"
        public static let code = "otp_code"
        /// The confirmation page's hidden field.
        public static let token = "token"
    }

    public func overview(by actor: BankActor) async throws -> MailAddressOverview {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        return try await database.read { db in
            guard let customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
            let state = try await extraFactorState(db, customerID: customerID, at: now).0
            let pending = try await MailAddressConfirmationRecords.pending(db, customerID: customerID, at: now)
            return MailAddressOverview(
                pcAddress: customer.pcEmail, mobileAddress: customer.mobileEmail.flatMap { $0.isEmpty ? nil : $0 },
                mailPasswordAddress: try await MailPasswordSettingRecords.find(db, customerID: customerID)?.address,
                needsCode: state == .otpActive,
                pending: pending.flatMap { record in
                    MailAddressKind(rawValue: record.kind).map {
                        PendingMailAddressChange(kind: $0, newAddress: record.newAddress, requestedAt: record.createdAt,
                                                 expiresAt: record.expiresAt)
                    }
                })
        }
    }

    /// The link in the mail: the site's public URL, the page, the token.
    func confirmationLink(_ token: String) -> String {
        var base = settings.publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + Self.confirmationPath + "?" + Field.token + "=" + token
    }

    /// A token as the bank makes them (`random.token256()`: 64 lowercase hex digits); anything
    /// else is refused before the database is asked.
    static func wellFormed(_ token: String) -> Bool {
        token.count == 64 && token.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
