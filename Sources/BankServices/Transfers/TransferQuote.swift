import BankCore

/// What POST /api/v1/transfer-quotes answers: the 確認画面 kept under its nonce (the quote id),
/// and where a メール通知パスワード was mailed for it, if one was.
public struct TransferQuote: Sendable, Equatable {
    public var confirmation: TransferConfirmation
    /// The registered address a fresh メール通知パスワード went to; nil when none is needed.
    public var mailPasswordSentTo: String?
}
