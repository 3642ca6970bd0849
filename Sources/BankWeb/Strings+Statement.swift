extension Strings {
    /// 入出金明細照会の摘要: the kind of line and the other party, as Japanese statements word it.
    static let statementJa: [String: String] = [
        "statement_summary.transfer_sent": "振込 {0}",
        "statement_summary.transfer_received": "振込 {0}",
        "statement_summary.transfer_fee": "振込手数料",
        "statement_summary.own_transfer": "振替",
        "statement_summary.transfer_returned": "振込資金返却 {0}",
        // 振込・振替先登録 (kept here with the other issue-13 wording, in the transfer tables).
        "error.holder_name.not_account_holder": "受取人名がこの口座の名義と異なります。口座名義どおりに入力するか、{bank_self}の口座は空欄にしてください（口座名義で登録されます）。",
    ]

    static let statementEn: [String: String] = [
        "statement_summary.transfer_sent": "Transfer to {0}",
        "statement_summary.transfer_received": "Transfer from {0}",
        "statement_summary.transfer_fee": "Transfer fee",
        "statement_summary.own_transfer": "Transfer between your accounts",
        "statement_summary.transfer_returned": "Returned transfer to {0}",
        "error.holder_name.not_account_holder": "The payee name is not the name of this account's holder. Type it as the holder's name, or leave it blank for an account with {bank_self} (the holder's name is then used).",
    ]
}
