import BankServices
import HTTPTypes

extension RefusalKind {
    /// The one place a kind of refusal becomes an HTTP status, for the JSON API and the pages
    /// (ErrorPresenter). The pages alone answer input to correct with 400 (the form again).
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidInput: .unprocessableContent
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }
}
