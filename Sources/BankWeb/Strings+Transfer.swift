extension Strings {
    /// 振込・振替とメール通知パスワードの文言（お知らせ 別紙2 の表記どおり）。
    static let transferJa: [String: String] = [:]
    /// English for the transfer and mail-password screens.
    static let transferEn: [String: String] = [:]
}
