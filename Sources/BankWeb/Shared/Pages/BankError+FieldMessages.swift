import BankServices

extension BankError {
    /// Bad input by form field name, for the message beside each field (the first one per
    /// field); empty for any other refusal. The same on both sites' forms.
    func fieldMessages(_ lang: Language) -> [String: String] {
        guard case .invalidInput(let fields) = self else { return [:] }
        var out: [String: String] = [:]
        for field in fields where out[field.field] == nil { out[field.field] = lang.text(field.messageKey) }
        return out
    }
}
