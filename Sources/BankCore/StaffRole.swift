/// What a member of staff may do in the back office (issue 6 § Staff and access).
///
/// - 事務担当 (operator): counter work; asks for changes that restore a customer's access.
/// - 役席 (supervisor): approves what another member of staff asked for (maker-checker).
/// - 監査 (auditor): reads, and nothing else.
public enum StaffRole: String, Sendable, Codable, CaseIterable {
    case `operator` = "operator"
    case supervisor = "supervisor"
    case auditor = "auditor"

    /// The catalog key of the role's name (事務担当 / 役席 / 監査).
    public var labelKey: String { "staff_role.\(rawValue)" }

    /// The role's Japanese name, for places without the catalog (the command line, CSV).
    public var nameJa: String {
        switch self {
        case .operator: "事務担当"
        case .supervisor: "役席"
        case .auditor: "監査"
        }
    }

    /// Every role may read customer data and the audit trail.
    public static let readers: Set<StaffRole> = Set(allCases)
    /// Counter work (customers, accounts, postings, payees, addresses) and asking for an
    /// access-restoring change: 事務担当 and 役席; 監査 only reads.
    public static let counterWorkers: Set<StaffRole> = [.operator, .supervisor]
    /// Who may approve (or reject) what another member of staff asked for: 役席 only.
    public static let approvers: Set<StaffRole> = [.supervisor]
}
