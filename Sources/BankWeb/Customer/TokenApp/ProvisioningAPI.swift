import BankCore
import BankServices
import Foundation
import Hummingbird
import NIOCore

/// `POST /api/v1/token/provision`: the token app's 初期設定 (docs/token-provisioning.md).
/// JSON in, JSON out; no cookies, so no CSRF token: a browser's cross-site form cannot send
/// `application/json`, and the answer is only useful to whoever knows the three values.
extension CustomerSite {
    struct ProvisionRequest: Decodable {
        var service_id: String?
        var user_id: String?
        var activation_password: String?
    }

    /// The JSON body of a token-app request, or the refusal to answer instead: 415 for another
    /// content type, 400 for a body that is not the request.
    func jsonBody<Body: Decodable>(_ request: Request, as type: Body.Type) async throws -> Result<Body, RefusedRequest> {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            return .failure(RefusedRequest(response: apiRefusal(.unsupportedMediaType, "invalid_request", "error.invalid_input")))
        }
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(buffer: body)) else {
            return .failure(RefusedRequest(response: apiRefusal(.badRequest, "invalid_request", "error.invalid_input")))
        }
        return .success(decoded)
    }

    struct RefusedRequest: Error {
        let response: Response
    }

    func provisionToken(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let decoded: ProvisionRequest
        switch try await jsonBody(request, as: ProvisionRequest.self) {
        case .success(let body): decoded = body
        case .failure(let refused): return refused.response
        }
        guard let serviceID = decoded.service_id, let userID = decoded.user_id,
              let activation = decoded.activation_password else {
            return apiRefusal(.badRequest, "invalid_request", "error.invalid_input")
        }
        let outcome: ProvisioningOutcome
        do {
            outcome = try await bank.tokenApp.provision(serviceID: serviceID, userID: userID, activationPassword: activation,
                                                    client: client(request, context))
        } catch let error as BankError {
            return apiRefusal(error == .secretKeysMissing ? .serviceUnavailable : .badRequest,
                              error == .secretKeysMissing ? "unavailable" : "invalid_request", error.messageKey)
        }
        switch outcome {
        case .provisioned(let secret, let parameters):
            return json(.ok, [
                "service_id": bank.settings.otp.serviceID,
                "user_id": TokenUserID.normalize(userID) ?? userID,
                "secret": Base32.encode(secret),
                "algorithm": parameters.algorithm.rawValue,
                "digits": parameters.digits,
                "period": parameters.step,
                "issuer": bank.settings.bankName,
            ])
        case .invalidCredentials: return apiRefusal(.unauthorized, "invalid_credentials", "provision.invalid_credentials")
        case .unavailable: return apiRefusal(.gone, "token_unavailable", "provision.unavailable")
        case .voided: return apiRefusal(HTTPResponse.Status(code: 423, reasonPhrase: "Locked"), "token_void", "provision.voided")
        }
    }

    struct StatusRequest: Decodable {
        var service_id: String?
        var user_id: String?
        var time: Int64?
        var proof: String?
    }

    /// `POST /api/v1/token/status`: whether the token that signed the request still stands
    /// (`live`, `ended`, `unknown`), so the app can stop showing the codes of a dead token.
    func tokenStatus(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let decoded: StatusRequest
        switch try await jsonBody(request, as: StatusRequest.self) {
        case .success(let body): decoded = body
        case .failure(let refused): return refused.response
        }
        guard let serviceID = decoded.service_id, let userID = decoded.user_id, let time = decoded.time,
              let proof = decoded.proof else {
            return apiRefusal(.badRequest, "invalid_request", "error.invalid_input")
        }
        do {
            let liveness = try await bank.tokenApp.status(serviceID: serviceID, userID: userID, time: time, proof: proof)
            return json(.ok, ["status": liveness.rawValue])
        } catch TokenStatusRefusal.invalidRequest {
            return apiRefusal(.badRequest, "invalid_request", "error.invalid_input")
        } catch TokenStatusRefusal.clockSkew(let serverTime) {
            var answer = refusalBody("clock_skew", "provision.clock_skew")
            answer["server_time"] = serverTime
            return json(.badRequest, answer)
        } catch BankError.secretKeysMissing {
            return apiRefusal(.serviceUnavailable, "unavailable", BankError.secretKeysMissing.messageKey)
        }
    }

    /// A refusal of the token app's API: a code word for programs, the message in both languages.
    static func refusalBody(_ code: String, _ messageKey: String) -> [String: Any] {
        ["error": code, "message": Language.ja.text(messageKey), "message_en": Language.en.text(messageKey)]
    }

    func refusalBody(_ code: String, _ messageKey: String) -> [String: Any] { Self.refusalBody(code, messageKey) }

    func apiRefusal(_ status: HTTPResponse.Status, _ code: String, _ messageKey: String) -> Response {
        json(status, refusalBody(code, messageKey))
    }

    func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response { HTTPResponses.json(object, status: status) }
}
