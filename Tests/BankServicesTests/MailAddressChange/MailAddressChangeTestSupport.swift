import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// What the メールアドレス変更 tests share: the request as the form sends it, the link read from
/// the mail to the new address, and what the store holds.
extension TransferWorld {
    static let newAddress = "hanako.new@example.jp"

    @discardableResult
    func requestAddressChange(_ kind: MailAddressKind = .pc, to address: String = TransferWorld.newAddress, again: String? = nil,
                              password: String = SeededCustomer.confirmationPassword, code: String = "",
                              session: [Credential] = TransferWorld.session) async throws -> MailAddressChangeRequested {
        try await bank.mailAddresses.request(by: .customer(id: payer.id), kind: kind.rawValue, newAddress: address,
                                             newAddressAgain: again ?? address, confirmationPassword: password, code: code,
                                             session: session, client: TransferWorld.client)
    }

    /// The token in the newest confirmation mail, read from its body as the customer reads it.
    func mailedToken() async throws -> String {
        let mail = try #require(try await outbox(kind: "mail_address_confirm").first)
        let body = try MailText.body(mail)
        let match = try #require(body.firstMatch(of: /confirm\?token=([0-9a-f]{64})/))
        return String(match.1)
    }

    func confirmations() async throws -> [MailAddressConfirmationRecord] {
        try await bank.database.read { db in try await MailAddressConfirmationRecords.all(db, customerID: payer.id) }
    }

    func payerRecord() async throws -> CustomerRecord {
        try #require(try await bank.database.read { db in try await CustomerRecords.find(db, id: payer.id) })
    }

    /// トークン発行, the app's set-up and 利用開始; returns the secret (codes: `otpCode`).
    func activateOTP() async throws -> [UInt8] {
        let issued = try await bank.otp.issueToken(by: .customer(id: payer.id), mobileEmail: "tanaka01.mobile@example.jp",
                                                   activationPassword: "2468", confirmationPassword: SeededCustomer.confirmationPassword,
                                                   session: [.loginPassword], client: TransferWorld.client)
        guard case .provisioned(let secret, _) = try await bank.tokenApp.provision(
            serviceID: bank.settings.otp.serviceID, userID: issued.userID, activationPassword: "2468", client: TransferWorld.client) else {
            throw TransferTestError("token not provisioned")
        }
        try await bank.otp.activateToken(by: .customer(id: payer.id), code: otpCode(secret), sessionCookie: nil, client: TransferWorld.client)
        clock.advance(by: 60)
        return secret
    }

    func otpCode(_ secret: [UInt8], steps: Int = 0) -> String {
        let parameters = bank.settings.otp.parameters
        return TOTP.code(secret: secret, at: clock.now().addingTimeInterval(Double(steps * parameters.step)), parameters: parameters)
    }

    /// Everything a refused request must leave as it was.
    func addressState() async throws -> AddressState {
        let customer = try await payerRecord()
        return AddressState(pc: customer.pcEmail, mobile: customer.mobileEmail, confirmations: try await confirmations().count,
                            linkMails: try await outbox(kind: "mail_address_confirm").count,
                            notices: try await outbox(kind: "mail_address_requested").count,
                            requested: try await audit(payer, event: "mail_address_change_requested").count)
    }
}

struct AddressState: Equatable {
    var pc: String
    var mobile: String?
    var confirmations: Int
    var linkMails: Int
    var notices: Int
    var requested: Int
}

func addressInvalid(_ field: String, _ key: String) -> BankError {
    BankError.invalidInput([FieldError(field: field, messageKey: key)])
}
