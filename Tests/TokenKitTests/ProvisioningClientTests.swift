import BankCore
import BankTestSupport
import Foundation
import Testing
@testable import TokenKit

/// The client against a real HTTP server on 127.0.0.1 that answers per the contract.
@Suite("ProvisioningClient against the contract")
struct ProvisioningClientTests {
    func withStub(_ body: @Sendable (ProvisioningClient, StubBank) async throws -> Void) async throws {
        let stub = StubBank()
        try await LiveServer.with(stub.router()) { address in
            try await body(ProvisioningClient(server: try BankServer(address), timeout: 10), stub)
        }
    }

    @Test("200: the token, with the secret decoded and the parameters mapped; sent as the contract says")
    func success() async throws {
        try await withStub { client, stub in
            let token = try await client.provision(serviceID: "kyoei-ib", userID: "４８２１-９３７７０５", activationPassword: "２４６８")
            #expect(token.serviceID == "KYOEI-IB")
            #expect(token.userID == "4821937705")
            #expect(token.issuer == "協栄信用組合")
            #expect(token.secret == Base32.decode(StubBank.secretBase32))
            #expect(token.parameters == TOTPParameters(digits: 6, step: 60, algorithm: .sha1))
            let sent = try #require(stub.received.first)
            #expect(sent.body == ["service_id": "kyoei-ib", "user_id": "4821937705", "activation_password": "2468"])
            #expect(sent.contentType == "application/json")
            #expect(sent.accept == "application/json")
        }
    }

    @Test("a second set-up is refused with the bank's 410 message")
    func secondTime() async throws {
        try await withStub { client, _ in
            _ = try await client.provision(serviceID: "KYOEI-IB", userID: StubBank.userID, activationPassword: StubBank.password)
            let error = await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: StubBank.userID, activationPassword: StubBank.password)
            }
            guard case .tokenUnavailable(let refusal) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(refusal == BankRefusal(status: 410, error: "token_unavailable", message: "このトークンは利用できません。",
                                           messageEN: "This token is not available."))
            #expect(error?.message == "このトークンは利用できません。")
            #expect(error?.messageEN == "This token is not available.")
        }
    }

    @Test("each refusal maps to its case and carries the bank's words", arguments: [
        ("4821937705", "9999", 401, "invalid_credentials"),
        ("4000000000", "2468", 400, "invalid_request"),
        ("4100000000", "2468", 410, "token_unavailable"),
        ("4230000000", "2468", 423, "token_void"),
    ])
    func refusals(user: String, password: String, status: Int, code: String) async throws {
        try await withStub { client, _ in
            let error = await #expect(throws: ProvisioningError.self) {
                try await client.provision(serviceID: "KYOEI-IB", userID: user, activationPassword: password)
            }
            let refusal = try #require(error?.refusal)
            #expect(refusal.status == status)
            #expect(refusal.error == code)
            #expect(!refusal.message.isEmpty && !refusal.messageEN.isEmpty)
            switch (status, error) {
            case (400, .invalidRequest?), (401, .invalidCredentials?), (410, .tokenUnavailable?), (423, .tokenVoid?): break
            default: Issue.record("status \(status) mapped to \(String(describing: error))")
            }
        }
    }

    @Test("answers outside the contract", arguments: [
        ("5000000000", ProvisioningError.unexpectedStatus(500)),
        ("3070000000", .unexpectedStatus(307)),
        ("4010000000", .malformedResponse(detail: "HTTP 401 without the error JSON")),
        ("2000000000", .malformedResponse(detail: "200 body is not the token JSON")),
        ("2000000001", .malformedResponse(detail: "user_id differs from the request")),
        ("2000000002", .malformedResponse(detail: "digits out of range")),
        ("2000000003", .malformedResponse(detail: "secret is not Base32 of 128 to 512 bits")),
    ])
    func broken(user: String, expected: ProvisioningError) async throws {
        try await withStub { client, stub in
            await #expect(throws: expected) {
                try await client.provision(serviceID: "KYOEI-IB", userID: user, activationPassword: "2468")
            }
            // A redirect is never followed: the activation password stays with the bank's address.
            #expect(!stub.received.contains { $0.path == "/elsewhere" })
        }
        #expect(ProvisioningError.unexpectedStatus(500).message.contains("HTTP 500"))
        #expect(ProvisioningError.malformedResponse(detail: "x").message == "銀行からの応答を読み取れませんでした。しばらくしてからもう一度お試しください。")
    }

    @Test("nothing listening: could not reach the bank")
    func connectionRefused() async throws {
        let refusing = try RefusingPort()
        let client = ProvisioningClient(server: try BankServer("http://127.0.0.1:\(refusing.port)"), timeout: 10)
        let error = await #expect(throws: ProvisioningError.self) {
            try await client.provision(serviceID: "KYOEI-IB", userID: StubBank.userID, activationPassword: StubBank.password)
        }
        withExtendedLifetime(refusing) {}
        guard case .cannotConnect(let detail)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(detail == "connection refused")
        #expect(error?.message.hasPrefix("銀行に接続できませんでした") == true)
        #expect(error?.messageEN.hasPrefix("Could not reach the bank") == true)
    }

    @Test("invalid input is refused before anything is sent")
    func validatesLocally() async throws {
        try await withStub { client, stub in
            await #expect(throws: TokenInputError.userIDInvalid) {
                try await client.provision(serviceID: "KYOEI-IB", userID: "12345", activationPassword: "2468")
            }
            await #expect(throws: TokenInputError.activationPasswordInvalid) {
                try await client.provision(serviceID: "KYOEI-IB", userID: StubBank.userID, activationPassword: "24")
            }
            #expect(stub.received.isEmpty)
        }
    }
}
