/// 支店の検索: the chosen bank, the search box and 50音 index, the branches found (every branch
/// of a small bank at once); a branch leads back to the transfer form with both codes filled.
struct TransferBranchSearchPageModel {
    let bankName: String
    let bankCode: String
    let panel: DirectorySearchPanel
    /// 金融機関を選び直す: the bank picker again, with what was typed.
    let changeBankPath: String
    /// Back to 他口座への振込・振替 with the bank's code filled in, no branch.
    let backPath: String
}
