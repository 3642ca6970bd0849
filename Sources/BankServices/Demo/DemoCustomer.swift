import BankCore
import BankStore
import Foundation

/// The demo customer that `kyoei demo` (and the run command) creates once, so a person
/// can try the site at once. Its passwords are public: never run `demo` on a real bank.
public enum DemoCustomer {
    public static let loginID = "demo01"
    public static let loginPassword = "Sakura2026"
    public static let confirmationPassword = "Fuji3776x"
    public static let nameKanji = "共栄 太郎"
    public static let nameKana = "ｷﾖｳｴｲ ﾀﾛｳ"
    public static let pcEmail = "demo01@example.jp"
    public static let mobileEmail = "demo01-mobile@example.jp"
}
