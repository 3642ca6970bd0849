import Mustache

/// What a template is rendered with: the screen's typed model, then the page chrome. A name
/// is looked up in the model's stored properties first (the template reads the Swift names),
/// then in the chrome, so the header and footer partials find their names on every screen.
/// A property that is nil counts as absent, as a missing dictionary key did.
struct PageContext<Model>: MustacheParent {
    let model: Model
    let chrome: PageChrome

    func child(named name: String) -> Any? {
        if let property = Mirror(reflecting: model).children.first(where: { $0.label == name }),
           let value = Self.unwrapped(property.value) {
            return value
        }
        return chrome.child(named: name)
    }

    /// The value inside an Optional (nil for `.none`), or the value itself.
    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map(\.value)
    }
}

/// The model of a screen that shows nothing of its own (the chrome says it all).
struct EmptyPageModel {}
