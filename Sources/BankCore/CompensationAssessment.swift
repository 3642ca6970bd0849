/// Which rule of the notice applies to a login or a transfer, from the factors that were in
/// force and presented (PRODUCT.md § Compensation; お知らせ本文):
///
/// > 万が一、インターネットバンキングの不正利用により、お客様の預金が不正に引出される被害に
/// > 遭われた場合は、原則、当組合が全額補償いたしますが、当機能を利用されていないときは、
/// > 減額される場合があります
///
/// "当機能" is the ワンタイムパスワード and the メール通知パスワード (the customer may use either
/// one). What counts is whether the customer *used* one, i.e. whether it was in force at the
/// time, not whether this particular step asked for it: a transfer to a 届出済み振込先 never asks
/// for the メール通知パスワード (notice 別紙2 (注)), yet the customer who turned it on uses it.
/// The presented factors are kept beside the rule so a reader sees both.
public struct CompensationAssessment: Sendable, Equatable, Codable {
    public enum Rule: String, Sendable, Codable, CaseIterable {
        /// 原則、全額補償: an extra factor was in force.
        case fullCompensation = "full_compensation"
        /// 減額される場合があります: neither the OTP nor the mail password was in use.
        case mayBeReduced = "may_be_reduced"
    }

    /// The two extra factors the notice introduces.
    public static let extraFactors: [Credential] = [.otp, .mailPassword]

    /// The notice's sentence, quoted in reports.
    public static var noticeSentence: String {
        "万が一、インターネットバンキングの不正利用により、お客様の預金が不正に引出される被害に遭われた場合は、原則、\(BankSelfName.current.ja)が全額補償いたしますが、当機能を利用されていないときは、減額される場合があります"
    }

    public var rule: Rule
    /// The extra factors in force (at most one: the notice allows どちらか一方).
    public var extraFactorsInForce: [Credential]
    /// The extra factors actually presented in this step.
    public var extraFactorsPresented: [Credential]

    public init(rule: Rule, extraFactorsInForce: [Credential], extraFactorsPresented: [Credential]) {
        self.rule = rule
        self.extraFactorsInForce = extraFactorsInForce
        self.extraFactorsPresented = extraFactorsPresented
    }

    /// The catalog key of the rule (原則全額補償 / 減額される場合あり).
    public var labelKey: String { "compensation.\(rule.rawValue)" }

    /// The rule's words in the notice.
    public var ruleJa: String {
        switch rule {
        case .fullCompensation: "原則、全額補償"
        case .mayBeReduced: "減額される場合あり（ワンタイムパスワード・メール通知パスワードとも利用なし）"
        }
    }

    /// The assessment of one recorded login or transfer.
    public static func assess(_ factors: FactorRecord) -> CompensationAssessment {
        let inForce = extraFactors.filter(factors.inForce.contains)
        let presented = extraFactors.filter(factors.presented.contains)
        return CompensationAssessment(rule: inForce.isEmpty ? .mayBeReduced : .fullCompensation,
                                      extraFactorsInForce: inForce, extraFactorsPresented: presented)
    }

    /// The assessment that would apply now, from the customer's current extra factor. A token
    /// issued but not yet activated (利用開始前) protects nothing yet, so it does not count.
    public static func assess(state: ExtraFactorState) -> CompensationAssessment {
        assess(FactorRecord(inForce: state.factorsInForce, presented: []))
    }
}
