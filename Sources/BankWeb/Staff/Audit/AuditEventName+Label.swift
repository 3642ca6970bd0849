import BankServices

extension AuditEventName {
    /// The string catalog's key of the event's name as a clerk reads it (both languages have
    /// one for every case: StaffAuditEventLabelTests).
    var labelKey: String { "staff_event.\(rawValue)" }
}
