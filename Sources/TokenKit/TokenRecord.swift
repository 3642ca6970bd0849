import Foundation

/// The token file's JSON: everything in clear except the secret, which is sealed.
struct TokenRecord: Codable, Equatable {
    var server: String
    var serviceID: String
    var userID: String
    var issuer: String
    var algorithm: String
    var digits: Int
    var period: Int
    /// ISO 8601, UTC, whole seconds.
    var provisionedAt: String
    /// Base64 of the AES-GCM combined box (nonce, ciphertext, tag).
    var secretSealed: String

    enum CodingKeys: String, CodingKey {
        case server, serviceID = "service_id", userID = "user_id", issuer, algorithm, digits, period
        case provisionedAt = "provisioned_at", secretSealed = "secret_sealed"
    }

    /// Every clear field, authenticated with the secret: editing the user ID, the server or
    /// the step in the file makes the record fail to open instead of silently showing
    /// codes for something else. A JSON array, so no field can spill into its neighbour.
    var associatedData: Data {
        let fields = ["kyoei-token record v1", server, serviceID, userID, issuer, algorithm,
                      String(digits), String(period), provisionedAt]
        return (try? JSONEncoder().encode(fields)) ?? Data()
    }

    static func timestamp(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
            .formatted(.iso8601)
    }

    static func date(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
