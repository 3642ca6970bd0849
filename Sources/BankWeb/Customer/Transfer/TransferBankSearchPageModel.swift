/// 金融機関の検索: the major banks as shortcuts, the search box and 50音 index, the banks found;
/// each bank leads to its branches with the transfer form's fields carried along.
struct TransferBankSearchPageModel {
    let majorBanks: [DirectorySearchPanel.Entry]
    let hasMajorBanks: Bool
    let panel: DirectorySearchPanel
    /// Back to 他口座への振込・振替 with what was typed, nothing chosen.
    let backPath: String
}
