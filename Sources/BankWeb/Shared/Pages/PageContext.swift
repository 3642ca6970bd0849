import Mustache

/// What a template is rendered with: the screen's typed model, then the page chrome. A name
/// is looked up in the model's stored properties first (the template reads the Swift names),
/// then in the chrome, so the header and footer partials find their names on every screen.
/// A property that is nil counts as absent, as a missing dictionary key did.
struct PageContext<Model>: MustacheParent {
    let model: Model
    let chrome: PageChrome
    /// The model's stored properties that have a value, read once rather than on every `{{…}}`
    /// (and the structs inside them: `ReflectedModel`).
    private let properties: [String: Any]

    init(model: Model, chrome: PageChrome) {
        self.model = model
        self.chrome = chrome
        var properties: [String: Any] = [:]
        for case (let label?, let value) in Mirror(reflecting: model).children {
            if let value = ReflectedModel.reading(value) { properties[label] = value }
        }
        self.properties = properties
    }

    func child(named name: String) -> Any? {
        properties[name] ?? chrome.child(named: name)
    }
}

/// The model of a screen that shows nothing of its own (the chrome says it all).
struct EmptyPageModel {}
