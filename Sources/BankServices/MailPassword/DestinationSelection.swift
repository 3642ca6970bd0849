/// The result of choosing a destination on the 振込・振替 screen.
public struct DestinationSelection: Sendable, Equatable {
    public var destination: TransferDestination
    /// A メール通知パスワード was mailed for this destination just now.
    public var mailPasswordSent: Bool
    /// Where it was sent (the registered address), for the screen's notice.
    public var mailPasswordAddress: String?
}
