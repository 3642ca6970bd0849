/// The keys of an audit detail's `key=value` fields, as stored. The 監査ログ screen labels each
/// (`staff_detail_key.<key>`; StaffDetailLabelTests checks both languages for every case).
public enum AuditDetailKey: String, CaseIterable, Sendable, Codable {
    case account, actor, address, amount, attempts, banks, branches, cleared, consistent, count, destination, entries
    case error, event, failures, fee, from, id, identity, kind, limit, mobile, new, note, old, outcome, payee, reason
    case reception, refusal, refused, request, results, role, route, rows, status, step, target, to, total, transfer
    case tx, was, years, file
    // 振込限度額変更: the raise's number, when it applies, the ceiling, the raises a change replaced.
    case raise, effective, ceiling, superseded
    // メールアドレス変更: how many earlier requests a newer one voided.
    case voided
    // 予約振込: the 振込指定日, and the day a late run executed it.
    case scheduled, late
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
    case requestID = "request_id"
    case sessionsEnded = "sessions_ended"
    case staffID = "staff_id"
    case tokenEnded = "token_ended"
    case userID = "user_id"
}
