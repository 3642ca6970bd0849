import BankCore
import BankStore
import Foundation

/// One line of 入出金明細照会 as a Japanese bank statement shows it: the 摘要 as a kind of
/// line with the other party's name, the amount, and the balance after it. A transfer's debit
/// becomes two lines, the amount and then the 振込手数料, each with its own 差引残高.
public struct StatementRow: Sendable, Equatable {
    /// What the 摘要 says; the screen words it in its language.
    public enum Summary: Sendable, Equatable {
        /// 振込 paid out, to the named 受取人.
        case transferSent(to: String)
        /// 振込 received, from the named payer.
        case transferReceived(from: String)
        /// 振込手数料 of the transfer on the line before it.
        case transferFee
        /// 振替 between the customer's own accounts.
        case ownTransfer
        /// 振込資金返却: another bank sent a transfer back.
        case transferReturned(to: String)
        /// Anything else (窓口入金, 窓口出金 …): the ledger's kind and its memo.
        case entry(kind: String, memo: String)
    }

    public var entryID: Int64
    public var at: Date
    public var summary: Summary
    public var amount: Yen
    public var balanceAfter: Yen

    /// The statement's rows for one entry, newest first (so a fee comes before its transfer:
    /// it is the later of the two, as in a passbook read from the bottom).
    public static func rows(for entry: StatementEntry) -> [StatementRow] {
        let line = entry.line
        let row = { (summary: Summary, amount: Yen, balance: Yen) in
            StatementRow(entryID: line.entryID, at: line.at, summary: summary, amount: amount, balanceAfter: balance)
        }
        switch line.kind {
        case "transfer", "transfer_own":
            let parties = TransferMemo(line.memo)
            let paid = line.amount < .zero
            let summary: Summary = line.kind == "transfer_own" ? .ownTransfer
                : paid ? .transferSent(to: parties.payee) : .transferReceived(from: parties.payer)
            guard paid, entry.fee > .zero else { return [row(summary, line.amount, line.balanceAfter)] }
            return [row(.transferFee, -entry.fee, line.balanceAfter),
                    row(summary, line.amount + entry.fee, line.balanceAfter + entry.fee)]
        case "transfer_return":
            return [row(.transferReturned(to: line.memo.dropping(prefix: "振込資金返却 ")), line.amount, line.balanceAfter)]
        default:
            return [row(.entry(kind: line.kind, memo: line.memo), line.amount, line.balanceAfter)]
        }
    }
}

/// A transfer's ledger memo, `振込 支払人→受取人` (Transfers/BankUseCase+Posting.swift): the names apart.
struct TransferMemo {
    var payer: String
    var payee: String

    init(_ memo: String) {
        let names = memo.dropping(prefix: "振込 ")
        if let arrow = names.firstIndex(of: "→") {
            payer = String(names[..<arrow])
            payee = String(names[names.index(after: arrow)...])
        } else {
            // Not our format: show it whole rather than guess.
            payer = names
            payee = names
        }
    }
}

extension String {
    fileprivate func dropping(prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
