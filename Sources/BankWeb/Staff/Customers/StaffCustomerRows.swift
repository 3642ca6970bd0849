import BankCore
import BankServices
import Foundation

/// 状態 as the lists and the header show it: 利用中 and one badge per lock, so a customer
/// who cannot log in or pay is never shown as simply 利用中.
struct StaffCustomerStatus {
    struct Lock {
        let credential: String
        let label: String
    }

    let status: String
    let locks: [Lock]
    let isLocked: Bool
    /// The whole state in words, for a screen reader and a tooltip: 利用中・ロック中（…）.
    let statusText: String
}

/// A customer found (顧客検索, 補償判定資料's choices): a link to them, their accounts and state.
struct StaffCustomerRow {
    let id: String
    let loginID: String
    let nameKanji: String
    let nameKana: String
    let status: StaffCustomerStatus
    let accounts: [AccountRow]
    let path: String
}

/// A customer's personal data, as 顧客詳細, アクセス回復 and 補償判定資料 head them.
struct StaffCustomerProfile {
    let id: String
    let loginID: String
    let nameKanji: String
    let nameKana: String
    let pcEmail: String
    let mobileEmail: String
    let status: StaffCustomerStatus
    let createdAt: String
    let lastLogin: String
    let previousLogin: String
}

/// 追加認証の状態: none / token issued / token set up / OTP active / mail password on.
struct StaffFactorRow {
    struct MailPassword {
        let address: String
        let enabledAt: String
    }

    let state: String
    let stateClass: String
    let otpLocked: Bool
    let token: LocalOptional<StaffTokenRow>
    let mailPassword: LocalOptional<MailPassword>
}

struct StaffTokenRow {
    let userID: String
    let status: String
    let mobileEmail: String
    let issuedAt: String
    let setupExpiresAt: String
    let provisionedAt: String
    let activatedAt: String
    let endedAt: String
    let endReason: String
}

/// One credential's consecutive failures and lock.
struct StaffCredentialRow {
    let credential: String
    let name: String
    let failures: String
    let locked: Bool
    let lockedAt: String
}

struct StaffTransferRow {
    let id: String
    let receptionNumber: String
    let at: String
    let route: String
    let destination: String
    let amount: String
    let fee: String
    let status: String
    let presented: String
    let ip: String
    /// 補償判定資料 for this transfer.
    let compensationPath: String
}

struct StaffPayeeRow {
    let id: String
    let customerID: String
    let bank: String
    let branch: String
    let type: String
    let number: String
    let holder: String
    /// The counter's 削除 of this payee (a payee the bank registered).
    let deletePath: String
}

/// A customer as every back-office screen shows them: the profile, the extra factor, the
/// tokens, the credentials' counters, transfers and payees (顧客詳細, アクセス回復, 補償判定資料, 窓口).
extension StaffSite {
    func statusValues(_ customer: CustomerSummary, _ lang: Language) -> StaffCustomerStatus {
        let status = label("staff_customer_status.\(customer.status)", or: customer.status.rawValue, lang)
        let locks = customer.locks.map { credential in
            StaffCustomerStatus.Lock(credential: credential.rawValue,
                                     label: lang.text("staff_customer.lock", lang.text(credential.labelKey)))
        }
        return StaffCustomerStatus(status: status, locks: locks, isLocked: !locks.isEmpty,
                                   statusText: ([status] + locks.map(\.label)).joined(separator: lang == .ja ? "・" : ", "))
    }

    func summaryRow(_ customer: CustomerSummary, _ lang: Language, path: String? = nil) -> StaffCustomerRow {
        StaffCustomerRow(id: String(customer.id), loginID: customer.loginID, nameKanji: customer.nameKanji,
                         nameKana: customer.nameKana, status: statusValues(customer, lang),
                         accounts: customer.accounts.map { AccountRow($0, lang) },
                         path: path ?? StaffRoute.customer(id: customer.id).path)
    }

    func profileRow(_ customer: CustomerSummary, _ lang: Language) -> StaffCustomerProfile {
        StaffCustomerProfile(
            id: String(customer.id), loginID: customer.loginID, nameKanji: customer.nameKanji, nameKana: customer.nameKana,
            pcEmail: customer.pcEmail, mobileEmail: customer.mobileEmail ?? "—", status: statusValues(customer, lang),
            createdAt: formatTimestamp(customer.createdAt), lastLogin: customer.lastLoginAt.map(formatTimestamp) ?? "—",
            previousLogin: customer.previousLoginAt.map(formatTimestamp) ?? "—")
    }

    func factorRow(_ overview: FactorOverview, _ lang: Language) -> StaffFactorRow {
        let state: String, stateClass: String
        switch overview.state {
        case .none:
            (state, stateClass) = (lang.text("staff_factor.none"), "none")
        case .otpPending(let status):
            (state, stateClass) = (lang.text("staff_factor.\(status.rawValue)"), "otp-\(status.rawValue)")
        case .otpActive:
            (state, stateClass) = (lang.text("staff_factor.active"), "otp-active")
        case .mailPassword:
            (state, stateClass) = (lang.text("staff_factor.mail_password"), "mail-password")
        }
        return StaffFactorRow(
            state: state, stateClass: stateClass, otpLocked: overview.otpLocked,
            token: LocalOptional(overview.token.map { tokenRow($0, lang) }),
            mailPassword: LocalOptional(overview.mailPassword.map {
                StaffFactorRow.MailPassword(address: $0.address, enabledAt: formatTimestamp($0.enabledAt))
            }))
    }

    func tokenRow(_ token: OTPTokenView, _ lang: Language) -> StaffTokenRow {
        StaffTokenRow(
            userID: token.userID, status: label("staff_token_status.\(token.status.rawValue)", or: token.status.rawValue, lang),
            mobileEmail: token.mobileEmail, issuedAt: formatTimestamp(token.issuedAt),
            setupExpiresAt: formatTimestamp(token.setupExpiresAt), provisionedAt: token.provisionedAt.map(formatTimestamp) ?? "—",
            activatedAt: token.activatedAt.map(formatTimestamp) ?? "—", endedAt: token.endedAt.map(formatTimestamp) ?? "—",
            // A reason the bank typed (an OTP reset's) is shown as typed; the services' own are labelled.
            endReason: token.endReason.map { label("staff_token_end_reason.\($0)", or: $0, lang) } ?? "")
    }

    func credentialRow(_ state: CredentialStateView, _ lang: Language) -> StaffCredentialRow {
        StaffCredentialRow(credential: state.credential.rawValue, name: lang.text(state.credential.labelKey),
                           failures: String(state.failures), locked: state.isLocked,
                           lockedAt: state.lockedAt.map(formatTimestamp) ?? "")
    }

    func transferRow(_ transfer: TransferView, _ lang: Language) -> StaffTransferRow {
        StaffTransferRow(
            id: String(transfer.id), receptionNumber: transfer.receptionNumber, at: formatTimestamp(transfer.createdAt),
            route: label(transfer.route.labelKey, or: transfer.route.rawValue, lang),
            destination: "\(transfer.bankCode)-\(transfer.branchCode) \(lang.text(transfer.accountType.labelKey)) "
                + "\(transfer.accountNumber) \(transfer.holderName)",
            amount: transfer.amount.formatted, fee: transfer.fee.formatted,
            status: lang.text("transfer.status.\(transfer.status.rawValue)"),
            presented: factorList(transfer.factors.presented, lang), ip: transfer.ip,
            compensationPath: StaffRoute.compensation.path(query: ["transfer": transfer.receptionNumber]))
    }

    func payeeRow(_ payee: PayeeView, _ lang: Language) -> StaffPayeeRow {
        StaffPayeeRow(
            id: String(payee.record.id), customerID: String(payee.record.customerID),
            bank: "\(payee.bankName)（\(payee.record.bankCode)）", branch: "\(payee.branchName)（\(payee.record.branchCode)）",
            type: lang.text(payee.record.accountType.labelKey), number: payee.record.accountNumber,
            holder: payee.record.holderName,
            deletePath: StaffRoute.payeeDelete(customerID: payee.record.customerID, payeeID: payee.record.id).path)
    }
}
