import BankCore
import BankServices
import Foundation
import Hummingbird

/// What the operations screens (メール送信状況, 他行振込) share: the status filter links and
/// who may press the change buttons.
extension StaffSite {
    /// The links that filter a list by status, each with how many there are; `all` first.
    func statusFilterLinks(route: StaffRoute, statuses: [String], counts: [String: Int], current: String?,
                           labelPrefix: String, _ lang: Language) -> [StaffStatusFilterLink] {
        let all = StaffStatusFilterLink(href: route.path, id: "filter-all", label: lang.text("staff.all"),
                                        count: counts.values.reduce(0, +), current: current == nil)
        return [all] + statuses.map { status in
            StaffStatusFilterLink(href: route.path(query: ["status": status]), id: "filter-\(status)",
                                  label: lang.text("\(labelPrefix).\(status)"), count: counts[status] ?? 0,
                                  current: current == status)
        }
    }

    /// Whether the member of staff may press the change buttons (the service checks again).
    static func mayOperate(_ staff: StaffIdentity) -> Bool {
        !staff.isDisabled && StaffRole.counterWorkers.contains(staff.role)
    }
}

/// A link that filters a list by status, with how many there are.
struct StaffStatusFilterLink {
    let href: String
    let id: String
    let label: String
    let count: Int
    let current: Bool
}
