extension Strings {
    /// 入出金明細照会の摘要: the kind of line and the other party, as Japanese statements word it.
    static let statementJa: [String: String] = [
        "statement_summary.transfer_sent": "振込 {0}",
        "statement_summary.transfer_received": "振込 {0}",
        "statement_summary.transfer_fee": "振込手数料",
        "statement_summary.own_transfer": "振替",
        "statement_summary.transfer_returned": "振込資金返却 {0}",
    ]

    static let statementEn: [String: String] = [
        "statement_summary.transfer_sent": "Transfer to {0}",
        "statement_summary.transfer_received": "Transfer from {0}",
        "statement_summary.transfer_fee": "Transfer fee",
        "statement_summary.own_transfer": "Transfer between your accounts",
        "statement_summary.transfer_returned": "Returned transfer to {0}",
    ]
}
