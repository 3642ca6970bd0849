import BankCore
import BankStore
import Foundation

/// The demo's back-office staff: an operator (事務担当) and two supervisors (役席) with public
/// passwords and public TOTP secrets, so people and browser tests can log in (any RFC 6238
/// app, or a script, computes the code from the printed secret). Only `kyoei demo` and
/// `serve --demo` create them: never on a real bank. Two 役席, because a 役席's own request
/// (maker-checker) can only be approved by another one.
public enum DemoStaff {
    public struct Member: Sendable, Codable, Equatable {
        public var staffID: String
        public var name: String
        public var role: StaffRole
        public var password: String
        /// Base32, as an authenticator app takes it.
        public var totpSecret: String
    }

    public static let clerk = Member(staffID: "clerk01", name: "窓口 一郎", role: .operator, password: "Madoguchi2026",
                                     totpSecret: "KYOEIDEMOCLERKAAKYOEIDEMOCLERKAA")
    public static let chief = Member(staffID: "chief01", name: "役席 花子", role: .supervisor, password: "Yakuseki2026x",
                                     totpSecret: "KYOEIDEMOCHIEFAAKYOEIDEMOCHIEFAA")
    public static let deputy = Member(staffID: "chief02", name: "役席 次郎", role: .supervisor, password: "Yakuseki2026y",
                                      totpSecret: "KYOEIDEMODEPUTYAKYOEIDEMODEPUTYA")
    public static let all = [clerk, chief, deputy]
}
