import Mustache

/// An optional that a template tests with a section (`{{#x}}…{{/x}}`) and that stays local
/// when absent. Mustache takes a nil or missing name as "not here" and looks it up further up
/// its stack (in the page around a row, say), where another value of the same name could
/// answer; an absent `LocalOptional` is a false value instead, and a present one is its value.
struct LocalOptional<Value>: MustacheCustomRepresentation {
    let value: Value?

    init(_ value: Value?) { self.value = value }

    var representation: Any? { value }
}

extension LocalOptional: Sendable where Value: Sendable {}
