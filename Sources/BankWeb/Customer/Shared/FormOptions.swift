import BankCore

/// One `<option>` of a select.
struct SelectOption {
    let value: String
    let label: String
    let selected: Bool
}

/// One radio button with its label (`radioID` ties the two).
struct RadioOption {
    let value: String
    let radioID: String
    let label: String
    let checked: Bool
}

extension SelectOption {
    /// A form's 科目 choices, the typed one selected (普通 by default).
    static func accountTypes(selected: String, _ lang: Language) -> [SelectOption] {
        let chosen = AccountType(input: selected) ?? .ordinary
        return AccountType.allCases.map { type in
            SelectOption(value: type.rawValue, label: lang.text(type.labelKey), selected: type == chosen)
        }
    }
}
