import BankServices

/// How a refusal reads on the customer's screens: the messages above the form and the one
/// beside each field.
extension CustomerSite {
    /// The customer-facing messages of a refusal: one per field for bad input.
    func messages(_ error: BankError, _ lang: Language) -> [String] {
        if case .invalidInput(let fields) = error { return fields.map { lang.text($0.messageKey) } }
        return [lang.text(error.messageKey)]
    }

    /// The customer-facing messages of a refusal, with the amounts of a transfer refusal filled in.
    func transferMessages(_ error: BankError, _ lang: Language) -> [String] {
        if case .transferRefused(let refusal) = error {
            return [lang.text(refusal.messageKey, refusal.messageArguments)]
        }
        if case .scheduleRefused(let refusal) = error {
            return [lang.text(refusal.messageKey, refusal.messageArguments.map { Self.dayText($0, lang) })]
        }
        return messages(error, lang)
    }
}
