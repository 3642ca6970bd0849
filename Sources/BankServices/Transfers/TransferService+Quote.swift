import BankCore
import BankStore
import Foundation

extension TransferService {
    /// The JSON API's one step before 実行: the same `prepare` as 金額入力 → 確認画面 (every check,
    /// the confirmation under a fresh nonce bound to this session), then, where the destination
    /// needs it, the same fresh メール通知パスワード as the 確認画面's 再送 (voiding any earlier one).
    /// A locked mail password refuses the quote before anything is written, as choosing such a
    /// destination on the 振込・振替 screen does.
    public func quote(by actor: BankActor, sessionToken: String, sourceAccountID: Int64, choice: DestinationChoice,
                      amount: String, scheduledFor: String = "", client: ClientInfo) async throws -> TransferQuote {
        let customerID = try actor.requireCustomer()
        if choice.needsMailPassword {
            let (_, setting, locked) = try await mailPasswordState(customerID: customerID)
            if setting != nil, locked { throw BankError.mailPasswordRefused(.locked) }
        }
        let confirmation = try await prepare(by: actor, sessionCookie: sessionToken, sourceAccountID: sourceAccountID,
                                             choice: choice, amount: amount, scheduledFor: scheduledFor)
        guard confirmation.needsMailPassword else { return TransferQuote(confirmation: confirmation, mailPasswordSentTo: nil) }
        let address = try await resendMailPassword(by: actor, sessionCookie: sessionToken, nonce: confirmation.nonce,
                                                   client: client)
        return TransferQuote(confirmation: confirmation, mailPasswordSentTo: address)
    }

    /// 実行 of a quote for the JSON API: the web's 実行 (`execute`), after the one check the
    /// 確認画面 makes on its form: a 受取人名 typed unlike the account holder's is paid only
    /// once the customer confirmed the holder (`holderConfirmed`), refused before any password
    /// is looked at, so nothing is counted.
    public func executeQuote(by actor: BankActor, sessionToken: String, quoteID: String, confirmationPassword: String,
                             mailPassword: String, holderConfirmed: Bool, session presented: [Credential],
                             client: ClientInfo) async throws -> TransferOutcome {
        if !holderConfirmed,
           let pending = try await pendingConfirmation(by: actor, sessionCookie: sessionToken, nonce: quoteID),
           pending.destination.typedHolderName != nil {
            throw BankError.invalidInput([FieldError(field: "holderConfirmed", messageKey: "error.holder_name.confirm_required")])
        }
        return try await execute(by: actor, sessionCookie: sessionToken, nonce: quoteID,
                                 confirmationPassword: confirmationPassword, mailPassword: mailPassword,
                                 session: presented, client: client)
    }
}

extension DestinationChoice {
    /// 利用者登録 payees and hand-typed accounts (TransferDestination.needsMailPassword, known
    /// before the destination is resolved).
    var needsMailPassword: Bool {
        switch self {
        case .customerPayee, .other: true
        case .own, .bankPayee: false
        }
    }
}
