import Foundation
import HTTPTypes

/// The JSON API's counterparts of the page flows, driven the way a bank's app calls them:
/// - `api-login`: POST /api/v1/sessions with the ログインID and password (Argon2id-bound) →
///   201 with a bearer token; round-robin over the same customers as the page login.
/// - `api-execute`: POST /api/v1/transfers with a fresh Idempotency-Key, a quote made
///   beforehand (untimed) and the real 確認用パスワード: the API's 実行, beside the page's.
enum APIFlows {
    static let base = "/api/v1"

    static func login(_ http: BankHTTP, _ loginID: String) async throws {
        let response = try await http.postJSON(base + "/sessions", ["loginId": loginID, "password": FixturePasswords.login])
        let session = try response.json(201, "api login")
        guard session["step"] as? String == "active", session["token"] is String else {
            throw HTTPFlowError(description: "api login: no active session in \(session)")
        }
    }

    /// A bearer token for each payer of the ring, then one quote per item (payer = item % ring),
    /// each 1円 to the payer's 届出済み payee: all made before the clock starts, like the
    /// page run's prepared 確認画面.
    static func prepare(host: String, port: Int, ring: [RingPayer], items: Int) async throws -> [APITransfer] {
        let http = BankHTTP.connect(host: host, port: port)
        do {
            var tokens: [String] = []
            for payer in ring {
                let session = try await http.postJSON(base + "/sessions", ["loginId": payer.loginID, "password": FixturePasswords.login])
                guard let token = try session.json(201, "api login (fixture)")["token"] as? String else {
                    throw HTTPFlowError(description: "api login (fixture): no token")
                }
                tokens.append(token)
            }
            var prepared: [APITransfer] = []
            for item in 0..<items {
                let payer = item % ring.count
                let quote = try await http.postJSON(base + "/transfer-quotes", [
                    "sourceAccountId": ring[payer].accountID, "destination": ["payeeId": ring[payer].payeeID], "amount": 1,
                ], token: tokens[payer]).json(201, "quote")
                guard let quoteID = quote["quoteId"] as? String else { throw HTTPFlowError(description: "quote: no quoteId") }
                prepared.append(APITransfer(token: tokens[payer], quoteID: quoteID))
            }
            await http.close()
            return prepared
        } catch {
            await http.close()
            throw error
        }
    }

    static func execute(_ http: BankHTTP, _ prepared: APITransfer) async throws {
        var headers = HTTPFields()
        headers[HTTPField.Name("Idempotency-Key")!] = UUID().uuidString
        let response = try await http.postJSON(base + "/transfers", [
            "quoteId": prepared.quoteID, "confirmationPassword": FixturePasswords.confirmation,
        ], token: prepared.token, headers: headers)
        let transfer = try response.json(201, "api execute")
        guard transfer["receptionNumber"] is String else { throw HTTPFlowError(description: "api execute: no 受付番号") }
    }
}

/// A quote ready to execute, with the bearer token of the session that made it.
struct APITransfer: Sendable {
    var token: String
    var quoteID: String
}
