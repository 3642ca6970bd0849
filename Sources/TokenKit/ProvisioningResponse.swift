import BankCore

/// The 200 body of docs/token-provisioning.md, exactly as sent, before it is checked.
struct ProvisioningResponse: Decodable {
    let serviceID: String
    let userID: String
    let secret: String
    let algorithm: String
    let digits: Int
    let period: Int
    let issuer: String

    enum CodingKeys: String, CodingKey {
        case serviceID = "service_id", userID = "user_id", secret, algorithm, digits, period, issuer
    }

    /// The token, or why the body cannot be one. Checked here because `TOTPParameters`
    /// treats impossible values as programming errors and would stop the app.
    func token(for request: ProvisioningRequest) throws(ProvisioningError) -> ProvisionedToken {
        // A token for someone else would show codes the bank never accepts for this customer.
        guard userID == request.userID else { throw .malformedResponse(detail: "user_id differs from the request") }
        guard serviceID.lowercased() == request.serviceID.lowercased() else {
            throw .malformedResponse(detail: "service_id differs from the request")
        }
        guard let algorithm = TOTP.Algorithm(rawValue: algorithm.uppercased()) else {
            throw .malformedResponse(detail: "unknown algorithm")
        }
        guard (6...8).contains(digits) else { throw .malformedResponse(detail: "digits out of range") }
        guard (15...300).contains(period) else { throw .malformedResponse(detail: "period out of range") }
        // RFC 4226 §4 asks for at least 128 bits; the bank sends 160.
        guard let bytes = Base32.decode(secret), bytes.count >= 16, bytes.count <= 64 else {
            throw .malformedResponse(detail: "secret is not Base32 of 128 to 512 bits")
        }
        return ProvisionedToken(serviceID: serviceID, userID: userID, issuer: issuer, secret: bytes,
                                parameters: TOTPParameters(digits: digits, step: period, algorithm: algorithm))
    }
}
