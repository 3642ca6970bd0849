import BankCore
import BankStore
import Foundation
import SQLKit

extension MailAddressChangeService {
    /// 変更を申し込む: which address, the new one twice, the 確認用パスワード and, while the
    /// one-time password is active, a code (step-up: the passwords alone, if stolen, must not
    /// move the bank's notices to another mailbox). A wrong password or code counts toward its
    /// lock, as everywhere; any other refusal writes nothing. On success nothing changes yet:
    /// the link goes to the new address and the old address is told.
    public func request(by actor: BankActor, kind rawKind: String, newAddress rawAddress: String, newAddressAgain: String,
                        confirmationPassword: String, code rawCode: String, session presented: [Credential],
                        client: ClientInfo) async throws -> MailAddressChangeRequested {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        let needsCode = state == .otpActive
        let code = TextNormalizer.fullwidthASCIIToHalfwidth(rawCode).filter { !$0.isWhitespace }
        let (kind, address) = try validate(customer, kind: rawKind, address: rawAddress, again: newAddressAgain,
                                           confirmationPassword: confirmationPassword, code: needsCode ? code : nil)

        var factors = FactorRecord(inForce: state.factorsInForce,
                                   presented: presented.contains(.confirmationPassword) ? presented : presented + [.confirmationPassword])
        let wrong = BankError.invalidInput([FieldError(field: Field.confirmationPassword, messageKey: "error.confirmation_password.wrong")])
        try await checkPassword(.confirmationPassword, of: customer, password: confirmationPassword, event: .confirmationPassword,
                                purpose: .mailAddressChange, wrong: wrong, client: client, factors: factors)
        guard needsCode else {
            let requested = try await database.transaction { db in
                try await CustomerRecords.lockForChange(db, customerID: customerID)
                return try await record(db, customerID: customerID, kind: kind, address: address, factors: factors,
                                        client: client, at: now)
            }
            mailNotifier.notify()
            return requested
        }
        guard let token = try await database.read({ db in try await OTPTokenRecords.live(db, customerID: customerID) }),
              token.status == .active else { throw BankError.tryAgainLater }
        // The code asked again here (step-up) is listed once, as the login's was.
        if !factors.presented.contains(.otp) { factors.presented.append(.otp) }
        let recorded = factors
        let outcome = try await checkCode(code, token: token, customer: customer, activating: false,
                                          event: .mailAddressChangeRefused, client: client, factors: factors, at: now) { db, step in
            try await record(db, customerID: customerID, kind: kind, address: address, factors: recorded, step: step,
                             client: client, at: now)
        }
        mailNotifier.notify()
        let codeError = { (key: String) in BankError.invalidInput([FieldError(field: Field.code, messageKey: key)]) }
        switch outcome {
        case .accepted(let requested): return requested
        case .alreadyUsed: throw codeError("error.otp.already_used")
        case .wrong(locked: false): throw codeError("error.otp.wrong")
        case .wrong(locked: true), .locked: throw BankError.credentialLocked(.otp)
        case .tokenGone: throw BankError.tryAgainLater
        }
    }

    /// The form's own checks, every field at once.
    private func validate(_ customer: CustomerRecord, kind rawKind: String, address rawAddress: String, again: String,
                          confirmationPassword: String, code: String?) throws -> (MailAddressKind, String) {
        var errors: [FieldError] = []
        let kind = MailAddressKind(rawValue: rawKind)
        if kind == nil { errors.append(FieldError(field: Field.kind, messageKey: "error.mail_address.kind")) }
        var address: String?
        do { address = try MailAddress(validating: rawAddress).value } catch {
            errors.append(FieldError(field: Field.new, messageKey: error.messageKey))
        }
        if let address, let kind, address == (kind == .pc ? customer.pcEmail : customer.mobileEmail) {
            errors.append(FieldError(field: Field.new, messageKey: "error.mail_address.same"))
        }
        if let address, (try? MailAddress(validating: again))?.value != address {
            errors.append(FieldError(field: Field.newAgain, messageKey: "error.mail_address.mismatch"))
        }
        if confirmationPassword.isEmpty { errors.append(.confirmationPasswordRequired) }
        if let code {
            if code.isEmpty {
                errors.append(FieldError(field: Field.code, messageKey: "error.otp.required"))
            } else if code.count != settings.otp.parameters.digits || !code.allSatisfy(\.isASCII) || !code.allSatisfy(\.isNumber) {
                errors.append(FieldError(field: Field.code, messageKey: "error.otp.format"))
            }
        }
        guard errors.isEmpty, let kind, let address else { throw BankError.invalidInput(errors) }
        return (kind, address)
    }

    /// In the caller's transaction (which holds the customer's row): voids a request still
    /// waiting, stores the new one (the token's hash only), mails the link to the new address
    /// and the notice to the old one, and audits the request.
    private func record(_ db: any SQLDatabase, customerID: Int64, kind: MailAddressKind, address: String, factors: FactorRecord,
                        step: Int64? = nil, client: ClientInfo, at now: Date) async throws -> MailAddressChangeRequested {
        // Read again under the row's lock: the counter may have changed the address meanwhile.
        guard let customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
        let old = kind == .pc ? customer.pcEmail : customer.mobileEmail
        if old == address { throw BankError.invalidInput([FieldError(field: Field.new, messageKey: "error.mail_address.same")]) }
        let replaced = try await MailAddressConfirmationRecords.voidPending(db, customerID: customerID, at: now)
        let token = random.token256()
        let expiresAt = now.addingTimeInterval(Self.linkLifetime)
        let id = try await MailAddressConfirmationRecords.insert(db, MailAddressConfirmationRecord(
            customerID: customerID, kind: kind.rawValue, newAddress: address, tokenHash: Self.sha256Hex(token),
            createdAt: now, expiresAt: expiresAt))
        let link = confirmationLink(token)
        // The link is as good as the change itself for 24 hours: a secret (erased from the
        // outbox once sent) that is not worth sending once it has run out.
        let linkMail = composeMail(kind: "mail_address_confirm", customerID: customerID, to: [address],
                                   template: MailTemplates.compose { language in
            MailTemplates.mailAddressConfirm(kind: kind, bankName: settings.bankName, newAddress: address, link: link,
                                             expiresAt: expiresAt, at: now, language: language)
        }, urgent: true, containsSecret: true, expiresAt: expiresAt)
        // No mobile address yet: the PC address, where every security notice goes, is told.
        let noticeAddress = old.flatMap { $0.isEmpty ? nil : $0 } ?? customer.pcEmail
        let notice = composeMail(kind: "mail_address_requested", customerID: customerID, to: [noticeAddress],
                                 template: MailTemplates.compose { language in
            MailTemplates.mailAddressRequested(kind: kind, bankName: settings.bankName,
                                               maskedNewAddress: MailTemplates.maskedAddress(address), expiresAt: expiresAt,
                                               at: now, language: language)
        }, urgent: true)
        for mail in [linkMail, notice] { try await OutboxRecords.enqueue(db, mail, at: now) }
        var detail: AuditDetail = [.field(.kind, kind.rawValue), .field(.old, old ?? "-"), .field(.new, address),
                                   .field(.request, id), .field(.voided, replaced),
                                   .field(.messageIDs, [linkMail.messageID, notice.messageID].joined(separator: ","))]
        if let step { detail = detail + [.field(.step, step)] }
        try await AuditRecords.write(db, .mailAddressChangeRequested, .success, by: .customer, customerID: customerID,
                                     loginID: customer.loginID, client: client, factors: factors, detail: detail, at: now)
        return MailAddressChangeRequested(kind: kind, newAddress: address, noticeAddress: noticeAddress, expiresAt: expiresAt,
                                          replacedEarlier: replaced > 0, messageIDs: [linkMail.messageID, notice.messageID])
    }
}
