import BankCore
import BankStore
import Foundation
import SQLKit

/// Maker-checker: what the counter may only ask for (unlocks, OTP resets, mail-password stops,
/// a higher 振込限度額, a mail address the mail password follows), and a different 役席's
/// decision on it.
public struct AccessRequestService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension AccessRequestService {
    /// Asks for an unlock, an OTP reset or a mail-password stop for a customer; it takes
    /// effect when a different 役席 approves. Everything is checked now, so that a request
    /// that could not be carried out is never queued. Audited as `access_requested`.
    public func request(customerID: Int64, _ form: AccessRequestForm, by actor: BankActor,
                        client: ClientInfo) async throws -> AccessRequestView {
        // An auditor (or a disabled account) asking to restore access is refused and audited.
        try await requireCounterWorker(actor, event: .accessRequested, customerID: customerID, client: client)
        guard form.kind != .transferLimit, form.kind != .mailAddress, form.kind != .scheduledTransferCancel else { throw BankError.invalidInput([FieldError(field: "kind", messageKey: "error.invalid_input")]) }
        var errors: [FieldError] = []
        let reason = AccessRequestRules.normalizeNote(form.reason, required: true)
        if reason == nil { errors.append(FieldError(field: "reason", messageKey: "error.access_request.reason")) }
        var credential: Credential?
        if form.kind == .unlock {
            credential = Credential(rawValue: form.credential)
            if credential == nil { errors.append(FieldError(field: "credential", messageKey: "error.access_request.credential")) }
        }
        var document: IdentityDocument?
        var identityNote = ""
        if form.kind == .otpReset {
            document = IdentityDocument(rawValue: form.identityDocument)
            if document == nil { errors.append(FieldError(field: "identity_document", messageKey: "error.access_request.identity")) }
            let note = AccessRequestRules.normalizeNote(form.identityNote, required: document == .other)
            if let note { identityNote = note } else {
                errors.append(FieldError(field: "identity_note", messageKey: "error.access_request.identity_note"))
            }
        }
        guard errors.isEmpty, let reason else { throw BankError.invalidInput(errors) }
        let now = clock.now()
        return try await database.transaction { db in
            let customer = try await customer(db, id: customerID)
            switch form.kind {
            case .unlock:
                guard let credential, try await CredentialRecords.state(db, customerID: customerID, credential: credential).isLocked
                else { throw BankError.accessRequest(.notLocked) }
            case .otpReset:
                guard try await OTPTokenRecords.live(db, customerID: customerID) != nil else { throw BankError.factor(.noTokenToEnd) }
            case .mailPasswordOff:
                guard try await MailPasswordSettingRecords.find(db, customerID: customerID) != nil else {
                    throw BankError.factor(.mailPasswordOff)
                }
            case .transferLimit, .mailAddress, .scheduledTransferCancel:
                break
            }
            let new = NewAccessRequest(customerID: customerID, kind: form.kind, target: credential?.rawValue ?? "",
                                       reason: reason, identityDocument: document, identityNote: identityNote)
            return try await insertRequest(db, new, customer: customer, by: actor, client: client, at: now)
        }
    }

    /// 振込限度額 from the counter: a lower (or equal) limit applies at once; a higher one
    /// (or back to a higher default) becomes a request for a 役席. Empty `amount` means the
    /// bank's default.
    public func changeTransferLimit(customerID: Int64, amount rawAmount: String, reason rawReason: String,
                                    by actor: BankActor, client: ClientInfo) async throws -> TransferLimitChange {
        try await requireCounterWorker(actor, event: .transferLimitChanged, customerID: customerID, client: client)
        var errors: [FieldError] = []
        var limit: Yen?
        let trimmed = rawAmount.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty {
            do { limit = try TransferLimit.parseLimit(trimmed) } catch {
                errors.append(FieldError(field: "amount", messageKey: error.messageKey))
            }
        }
        let reason = AccessRequestRules.normalizeNote(rawReason, required: true)
        if reason == nil { errors.append(FieldError(field: "reason", messageKey: "error.access_request.reason")) }
        guard errors.isEmpty, let reason else { throw BankError.invalidInput(errors) }
        let now = clock.now()
        return try await database.transaction { db in
            let customer = try await customer(db, id: customerID)
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let current = try await dailyLimit(db, customerID: customerID, at: now)
            let wanted = limit ?? settings.transfers.dailyLimit
            if wanted <= current {
                return .applied(try await applyDailyLimit(db, customer: customer, limit, actor: AuditActor(actor), client: client,
                                                          note: [.field(.reason, reason)], at: now))
            }
            let new = NewAccessRequest(customerID: customerID, kind: .transferLimit, amount: limit, reason: reason)
            return .requested(try await insertRequest(db, new, customer: customer, by: actor, client: client, at: now))
        }
    }

    func insertRequest(_ db: any SQLDatabase, _ new: NewAccessRequest, customer: CustomerRecord, by actor: BankActor,
                       client: ClientInfo, at now: Date) async throws -> AccessRequestView {
        let staff = try actor.requireStaffIdentity()
        guard let request = try await AccessRequestRecords.insert(db, new, by: staff.id, at: now) else {
            throw BankError.accessRequest(.duplicate)
        }
        var detail: AuditDetail = [.field(.request, request.id), .field(.kind, new.kind.rawValue)]
        if !new.target.isEmpty { detail.parts.append(.field(.target, new.target)) }
        if new.kind == .transferLimit { detail.parts.append(.field(.amount, new.amount.map { String($0.value) } ?? "default")) }
        if let document = new.identityDocument { detail.parts.append(.field(.identity, document.rawValue)) }
        if !new.newValue.isEmpty { detail.parts.append(.field(.new, new.newValue)) }
        detail.parts.append(.field(.reason, new.reason))
        try await AuditRecords.write(db, .accessRequested, .success, by: .staff(staff.loginID), customerID: customer.id,
                                     loginID: customer.loginID, client: client, detail: detail, at: now)
        return AccessRequestView(request)
    }

    /// Requests newest first (every role may read them; auditors too). The list names
    /// customers, so reading it is a `staff_view` like any other.
    public func list(status: AccessRequestStatus?, customerID: Int64? = nil, limit: Int = 200,
                     by actor: BankActor, client: ClientInfo? = nil) async throws -> [AccessRequestView] {
        try actor.requireStaff(StaffRole.readers)
        let now = clock.now()
        return try await database.transaction { db in
            let requests = try await AccessRequestRecords.list(db, status: status, customerID: customerID, limit: limit)
            try await auditStaffView(db, actor, client: client, customerID: customerID, loginID: nil,
                                     detail: [.code(.accessRequests), .field(.status, status?.rawValue ?? "all"), .field(.rows, requests.count)],
                                     at: now)
            return requests.map(AccessRequestView.init)
        }
    }

    /// How many requests wait for a decision (no customer data: the home screen shows it).
    public func pendingCount(by actor: BankActor) async throws -> Int {
        try actor.requireStaff(StaffRole.readers)
        return try await database.read { db in try await AccessRequestRecords.countPending(db) }
    }

    public func find(id: Int64, by actor: BankActor, client: ClientInfo? = nil) async throws -> AccessRequestView {
        try actor.requireStaff(StaffRole.readers)
        let now = clock.now()
        return try await database.transaction { db in
            guard let request = try await AccessRequestRecords.find(db, id: id) else { throw BankError.accessRequest(.notFound) }
            try await auditStaffView(db, actor, client: client, customerID: request.customerID, loginID: request.customerLoginID,
                                     detail: [.field(.accessRequest, id)], at: now)
            return AccessRequestView(request)
        }
    }
}
