import BankCore
import BankStore
import Foundation
import SQLKit

extension OTPService {
    /// トークン発行: a new token for the customer, replacing one still pending, and the
    /// mail to the mobile address with the app's address, the service ID and the user ID.
    /// For `.authenticator` no 利用開始パスワード is asked: the secret is made at once, and the
    /// session `sessionCookie` may see it once (`takeAuthenticatorSetup`).
    public func issueToken(by actor: BankActor, kind: OTPTokenKind = .app, mobileEmail rawMobileEmail: String,
                           activationPassword rawActivation: String, confirmationPassword: String, session presented: [Credential],
                           sessionCookie: String? = nil, client: ClientInfo) async throws -> IssuedToken {
        let customerID = try actor.requireCustomer()
        var errors: [FieldError] = []
        var mobileEmail: MailAddress?
        do { mobileEmail = try MailAddress(validating: rawMobileEmail) } catch {
            errors.append(FieldError(field: "mobile_email", messageKey: error.messageKey))
        }
        // An authenticator app is set up from the QR code: there is no 利用開始パスワード to ask.
        let activation = kind == .authenticator ? "" : ActivationPasswordPolicy.normalize(rawActivation)
        if activation == nil {
            errors.append(FieldError(field: "activation_password",
                                     messageKey: rawActivation.isEmpty ? "error.activation_password.required" : "error.activation_password.format"))
        }
        if confirmationPassword.isEmpty {
            errors.append(.confirmationPasswordRequired)
        }
        guard errors.isEmpty, let mobileEmail, let activation else { throw BankError.invalidInput(errors) }
        let keys = try requireSecretKeys()
        let now = clock.now()

        let (customer, state) = try await customerAndFactor(customerID, at: now)
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkIssue(state) }
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .otpIssue, client: client, factors: factors)

        let setupBy = now.addingTimeInterval(settings.otp.setupPeriod)
        // No app set-up can match the authenticator's placeholder: it is no keyed hash at all.
        let activationHash = kind == .authenticator ? Self.noActivationPassword : KeyedHash(ring: keys).hash("otp-activation:" + activation)
        let issued = try await database.transaction { db -> IssuedToken in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let (current, _) = try await extraFactorState(db, customerID: customerID, at: now)
            try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkIssue(current) }
            // A token past its set-up period, or one still pending, gives way to the new one.
            if let old = try await OTPTokenRecords.live(db, customerID: customerID) {
                let ending: OTPTokenStatus = old.status == .issued && old.setupExpiresAt <= now ? .expired : .replaced
                _ = try await OTPTokenRecords.end(db, id: old.id, expected: old.status, as: ending, reason: "new_issue", at: now)
                try await AuditRecords.write(db, .tokenEnded(ending), .info, by: .customer, customerID: customerID,
                    loginID: customer.loginID, client: client, detail: [.field(.userID, old.userID)], at: now)
            }
            var userID = TokenUserID.generate(random: random)
            while try await OTPTokenRecords.find(db, userID: userID) != nil { userID = TokenUserID.generate(random: random) }
            let tokenID = try await OTPTokenRecords.insertIssued(db, customerID: customerID, userID: userID, mobileEmail: mobileEmail.value,
                                                                 activationHash: activationHash, at: now, setupExpiresAt: setupBy,
                                                                 kind: kind)
            try await CustomerRecords.updateMobileEmail(db, customerID: customerID, address: mobileEmail.value)
            try await CredentialRecords.reset(db, customerID: customerID, credential: .activationPassword)
            if kind == .authenticator {
                try await provisionForAuthenticator(db, tokenID: tokenID, userID: userID, customer: customer, keys: keys,
                                                    sessionCookie: sessionCookie, client: client, at: now)
            }
            let template = kind == .authenticator ? MailTemplates.compose { language in
                MailTemplates.tokenIssuedForAuthenticator(bankName: settings.bankName, userID: userID, language: language)
            } : MailTemplates.compose { language in
                MailTemplates.tokenIssued(bankName: settings.bankName, downloadURL: tokenAppURL(userID: userID), serviceID: settings.otp.serviceID,
                                          userID: userID, setupBy: setupBy, language: language)
            }
            let mail = composeMail(kind: "otp_token_issued", customerID: customerID, to: [mobileEmail.value],
                                   template: template, urgent: true)
            try await OutboxRecords.enqueue(db, mail, at: now)
            // The registered PC address hears of it too: a token sent to someone else's phone
            // is how a takeover would start.
            let notice = composeMail(kind: "otp_token_issued_notice", customerID: customerID, to: [customer.pcEmail],
                                     template: MailTemplates.compose { language in
                                         MailTemplates.tokenIssuedNotice(bankName: settings.bankName, mobileEmail: mobileEmail.value,
                                                                         setupBy: setupBy, at: now, language: language)
                                     }, urgent: true)
            try await OutboxRecords.enqueue(db, notice, at: now)
            try await AuditRecords.write(db, .otpTokenIssued, .success, by: .customer, customerID: customerID,
                loginID: customer.loginID, client: client, factors: factors,
                detail: [.field(.userID, userID), .field(.mobile, mobileEmail.value), .field(.messageID, mail.messageID)]
                    + (kind == .authenticator ? [.field(.kind, kind.rawValue)] : []),
                at: now)
            return IssuedToken(userID: userID, mobileEmail: mobileEmail.value, setupExpiresAt: setupBy, kind: kind)
        }
        mailNotifier.notify()
        return issued
    }

    /// The issuance mail's link: the phone token app on its own origin, with the service ID and
    /// the user ID in the query so its 初期設定画面 opens filled in (both still editable).
    func tokenAppURL(userID: String) -> String {
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "service_id", value: settings.otp.serviceID), URLQueryItem(name: "user_id", value: userID)]
        return settings.tokenAppHome + "?" + (query.percentEncodedQuery ?? "")
    }
}
