/// A refusal as the bank words it: `{"error": CODE, "message": JA, "message_en": EN}`.
public struct BankRefusal: Sendable, Equatable, Decodable {
    /// The HTTP status (400, 401, 410, 423).
    public let status: Int
    /// The machine-readable code, e.g. `invalid_credentials`.
    public let error: String
    /// The bank's Japanese message, shown to the customer as is.
    public let message: String
    /// The bank's English message.
    public let messageEN: String

    public init(status: Int, error: String, message: String, messageEN: String) {
        self.status = status
        self.error = error
        self.message = message
        self.messageEN = messageEN
    }

    enum CodingKeys: String, CodingKey {
        case error, message, messageEN = "message_en"
    }

    /// The status is not in the body; `ProvisioningClient` fills it in from the response.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = 0
        error = try container.decode(String.self, forKey: .error)
        message = try container.decode(String.self, forKey: .message)
        messageEN = try container.decode(String.self, forKey: .messageEN)
    }

    func with(status: Int) -> BankRefusal {
        BankRefusal(status: status, error: error, message: message, messageEN: messageEN)
    }
}
