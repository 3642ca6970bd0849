extension Strings {
    /// The token app's status check (POST /api/v1/token/status).
    static let tokenAppJa: [String: String] = [
        "provision.clock_skew": "端末の時計が正しくありません。時計を合わせてから、もう一度お試しください。",
    ]

    static let tokenAppEn: [String: String] = [
        "provision.clock_skew": "This device's clock is wrong. Set the clock and try again.",
    ]
}
