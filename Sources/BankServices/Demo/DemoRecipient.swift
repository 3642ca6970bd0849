import BankCore
import BankStore
import Foundation

/// A second demo customer in this bank, so that demo01 has someone to transfer to and the
/// money can be seen arriving. Its passwords are public too.
public enum DemoRecipient {
    public static let loginID = "demo02"
    public static let loginPassword = "Momiji2026"
    public static let confirmationPassword = "Kaede3776x"
    public static let nameKanji = "栄 花子"
    public static let nameKana = "ｻｶｴ ﾊﾅｺ"
    public static let pcEmail = "demo02@example.jp"
    /// Its ordinary account is at 吉田支店, so a transfer from demo01's 本店 account is 本支店宛.
    public static let branch = "002"
}
