import Foundation

/// 受付番号: what the result screen, the mail and the bank's staff call a transfer by.
/// `20261201-483920` — the JST date it was accepted and six random digits, so a customer
/// on the phone can read it out and staff can tell its day at a glance; random rather than
/// sequential so it says nothing about the bank's volume.
public enum ReceptionNumber {
    public static func generate(at instant: Date, random: any RandomSource) -> String {
        let day = JapanTime.Day(containing: instant)
        let bytes = random.bytes(4)
        let number = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } % 1_000_000
        let digits = String(number)
        return String(format: "%04d%02d%02d", day.year, day.month, day.day) + "-"
            + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Whether `text` has the form of a 受付番号 (checked before any lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 8 && parts[1].count == 6
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
