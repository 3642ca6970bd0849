/// The keys of an audit detail's `key=value` fields, as stored. The 監査ログ screen labels each
/// (`staff_detail_key.<key>`; StaffDetailLabelTests checks both languages for every case).
public enum AuditDetailKey: String, CaseIterable, Sendable, Codable {
    case account, actor, address, amount, attempts, banks, branches, cleared, consistent, count, destination, entries
    case error, event, failures, fee, from, id, identity, kind, limit, mobile, new, note, old, outcome, payee, reason
    case reception, refusal, refused, request, results, role, route, rows, status, step, target, to, total, transfer
    case tx, was
    case accessRequest = "access_request"
    case customerID = "customer_id"
    case idHash = "id_hash"
    case keyID = "key_id"
    case loginID = "login_id"
    case mailPasswordMoved = "mail_password_moved"
    case messageID = "message_id"
    case messageIDs = "message_ids"
    case nameKana = "name_kana"
    case requestedBy = "requested_by"
    case sessionsEnded = "sessions_ended"
    case staffID = "staff_id"
    case tokenEnded = "token_ended"
    case userID = "user_id"
}
