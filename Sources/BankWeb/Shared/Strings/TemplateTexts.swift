import BankText
import Mustache

/// The catalog as templates read it: `{{t.login.title}}` walks `t` → `login` → `title`, so a
/// template names a text by the same key as the code (`login.title`) and the catalog test can
/// check both the same way.
struct TemplateTexts: MustacheParent, Sendable {
    let table: [String: String]
    let prefix: String

    init(_ language: Language) {
        self.init(table: language.strings, prefix: "")
    }

    private init(table: [String: String], prefix: String) {
        self.table = table
        self.prefix = prefix
    }

    func child(named name: String) -> Any? {
        let key = prefix + name
        if let text = table[key] { return text }
        if TextCatalog.groups.contains(key) { return TemplateTexts(table: table, prefix: key + ".") }
        // Not a text: nothing, as for any name a Mustache context lacks (answering the key
        // would also answer names looked up through `t` when it is pushed as a section's
        // context). CatalogTests fail on any `{{t.…}}` the catalog lacks.
        return nil
    }
}

extension Language {
    /// The catalog for a template's `t`.
    var templateTexts: TemplateTexts { TemplateTexts(self) }
}
