import BankCore
import BankStore
import Foundation

/// demo01's 届出済み振込先: an account at a fictitious bank of the demo master
/// (架空サンプル銀行 駅前支店), so a transfer to another bank can be tried without typing.
public enum DemoBankPayee {
    public static let form = PayeeForm(bankCode: "0998", branchCode: "201", accountType: "ordinary",
                                       accountNumber: "1234567", holderName: "ﾀﾅｶ ﾀﾛｳ")
}
