/// Through which door a request came, as the audit trail records it: the customer site (web),
/// the JSON API (api), the back office (staff) or the `kyoei` command line and the bank's own
/// jobs (cli).
public enum ClientChannel: String, Sendable, Equatable, CaseIterable, Codable {
    case web, api, staff, cli
}
