import Mustache

/// A struct of a page model (a row of a list, the block a section opens) as the renderer
/// reads it: its stored properties that have a value, reflected once per page.
///
/// Left to Mustache, a plain struct is reflected anew (`Mirror`, its children searched one by
/// one) for every name looked up in it — and inside a section every name, each `{{t.…}}` too,
/// is looked up in the section's row before the page around it. That was a fifth of the CPU
/// of `GET /menu` (perf, issue 20). Names, values and what a nil means stay as Mustache reads
/// them: a nil property is absent, so the name is looked up further up the stack.
struct ReflectedModel: MustacheParent {
    private let properties: [String: Any]

    func child(named name: String) -> Any? { properties[name] }

    /// `value` as the renderer reads it: a plain struct reflected once (and the structs inside
    /// it), the elements of an array each so, an optional unwrapped (nil when empty); anything
    /// Mustache renders or reads in a way of its own (texts, numbers, Booleans, values that
    /// describe themselves, `MustacheParent`s, lambdas) as it is.
    static func reading(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is MustacheParent, is MustacheCustomRenderable,
             is MustacheLambda, is MustacheTemplate:
            return value
        case let array as [Any]:
            // Before the values that describe themselves: an array is one (its `description`),
            // and a list of rows left as it is was reflected by Mustache for every name of every
            // row (11 % of the server's instructions on `GET /balances`, callgrind, issue 20).
            return array.map { reading($0) ?? $0 }
        case is CustomStringConvertible:
            return value
        case let represented as MustacheCustomRepresentation:
            // LocalOptional and the like: the same representation, its struct read once.
            return Represented(representation: represented.representation.flatMap(reading))
        case is any Sequence:
            // Other collections (a reversed list, a set) stay what Mustache iterates.
            return value
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { reading($0.value) }
        case .struct:
            var properties: [String: Any] = [:]
            for case (let label?, let child) in mirror.children {
                if let child = reading(child) { properties[label] = child }
            }
            return ReflectedModel(properties: properties)
        default:
            return value
        }
    }

    /// A `MustacheCustomRepresentation` whose representation was read once.
    private struct Represented: MustacheCustomRepresentation {
        let representation: Any?
    }
}
