/// Why a status question could not be answered.
public enum TokenStatusRefusal: Error, Sendable, Equatable {
    /// A field is missing or has the wrong form.
    case invalidRequest
    /// The app's clock is more than `TokenStatusProof.window` seconds from the bank's.
    case clockSkew(serverTime: Int64)
}
