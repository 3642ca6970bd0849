/// The keys of an audit detail's `key=value` fields, as stored. The 監査ログ screen labels them
/// (`staff_detail_key.<key>`).
public enum AuditDetailKey: String, CaseIterable, Sendable, Codable {
    case account, address, amount, banks, branches, count, destination, entries, event, fee, from, id, kind, mobile
    case new, note, old, outcome, payee, reason, reception, refusal, refused, request, role, route, rows, status
    case step, to, total, transfer, tx, was
    case actor
    case consistent
    case failures
    case idHash = "id_hash"
    case keyID = "key_id"
    case loginID = "login_id"
    case mailPasswordMoved = "mail_password_moved"
    case messageID = "message_id"
    case messageIDs = "message_ids"
    case requestedBy = "requested_by"
    case results
    case sessionsEnded = "sessions_ended"
    case staffID = "staff_id"
    case userID = "user_id"
    case attempts, cleared, identity, limit, target
    case tokenEnded = "token_ended"
    case accessRequest = "access_request"
    case customerID = "customer_id"
    case nameKana = "name_kana"
    case error
}
