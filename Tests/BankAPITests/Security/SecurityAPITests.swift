import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// GET /api/v1/security and PUT /security/mail-password: the settings screens' use cases,
/// with the 確認用パスワード, the same lock, and nothing written on a refusal.
@Suite struct SecurityAPITests {
    @Test(arguments: TestDatabases.engines)
    func securityShowsFactorMailPasswordAndLocks(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let token = try await site.logIn()
            let response = try await site.call(.get, "/api/v1/security", token: token)
            #expect(response.status == .ok)
            #expect(response.json["extraFactor"] as? String == "none")
            #expect(response.json["otpToken"] == nil)
            let mail = try #require(response.json["mailPassword"] as? [String: any Sendable])
            #expect(mail["enabled"] as? Bool == false)
            #expect(mail["address"] == nil)
            #expect(mail["addresses"] as? [String] == ["tanaka01@example.jp"])
            #expect(mail["canEnable"] as? Bool == true)
            let locks = try #require(response.json["locks"] as? [String: any Sendable])
            #expect(locks["loginPassword"] as? Bool == false && locks["confirmationPassword"] as? Bool == false)
            #expect(locks["otp"] as? Bool == false && locks["mailPassword"] as? Bool == false)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func mailPasswordOnAndOffWithTheConfirmationPassword(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let token = try await site.logIn()
            let on = try await site.call(.put, "/api/v1/security/mail-password", token: token, json: jsonText([
                "enabled": true, "address": "tanaka01@example.jp", "confirmationPassword": APISite.confirmation,
            ]))
            #expect(on.status == .ok, "\(on.body)")
            #expect(on.json["extraFactor"] as? String == "mail_password")
            let mail = try #require(on.json["mailPassword"] as? [String: any Sendable])
            #expect(mail["enabled"] as? Bool == true && mail["address"] as? String == "tanaka01@example.jp")
            #expect(try await site.outbox(kind: "mail_password_on").count == 1)
            #expect(try await site.apiAudit(event: "mail_password_enabled").count == 1)

            let off = try await site.call(.put, "/api/v1/security/mail-password", token: token, json: jsonText([
                "enabled": false, "confirmationPassword": APISite.confirmation,
            ]))
            #expect(off.status == .ok)
            #expect(off.json["extraFactor"] as? String == "none")
            #expect(try await site.outbox(kind: "mail_password_off").count == 1)
            // Off again: not on, refused.
            let twice = try await site.call(.put, "/api/v1/security/mail-password", token: token, json: jsonText([
                "enabled": false, "confirmationPassword": APISite.confirmation,
            ]))
            #expect(twice.status == .unprocessableContent)
            #expect(twice.problem == "mail_password.not_on")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func refusalsWriteNothingAndTheConfirmationPasswordLocks(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine, lockoutLimit: 3) { site in
            let token = try await site.logIn()
            let before = try await TableDump.take(site.bank.database, ignoring: ["sessions.last_seen_at"])
            let address = try await site.call(.put, "/api/v1/security/mail-password", token: token, json: jsonText([
                "enabled": true, "address": "someone@else.example", "confirmationPassword": "",
            ]))
            #expect(address.status == .unprocessableContent)
            #expect(address.fieldErrors == ["address": "error.mail_password.address",
                                            "confirmationPassword": "error.confirmation_password.required"])
            #expect(try await TableDump.take(site.bank.database, ignoring: ["sessions.last_seen_at"]) == before)

            for _ in 1...2 {
                let wrong = try await site.call(.put, "/api/v1/security/mail-password", token: token, json: jsonText([
                    "enabled": true, "address": "tanaka01@example.jp", "confirmationPassword": "WrongConfirm1",
                ]))
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.problem == "confirmation_password.wrong")
            }
            let locked = try await site.call(.put, "/api/v1/security/mail-password", token: token, json: jsonText([
                "enabled": true, "address": "tanaka01@example.jp", "confirmationPassword": "WrongConfirm3",
            ]))
            #expect(locked.status == .forbidden)
            #expect(locked.problem == "locked.confirmation_password")
            #expect(try await site.outbox(kind: "mail_password_on").isEmpty)
            let security = try await site.call(.get, "/api/v1/security", token: token)
            #expect((security.json["locks"] as? [String: any Sendable])?["confirmationPassword"] as? Bool == true)
            #expect(security.json["extraFactor"] as? String == "none")
        }
    }

    @Test func otpTokenIsShownOnceActive() async throws {
        try await withAPI { site in
            let secret = try await site.turnOnOTP()
            let pending = try #require(try await site.createSession().json["token"] as? String)
            let full = try await site.call(.post, "/api/v1/sessions/otp", token: pending, json: jsonText(["code": site.code(secret)]))
            let token = try #require(full.json["token"] as? String)
            let security = try await site.call(.get, "/api/v1/security", token: token)
            #expect(security.json["extraFactor"] as? String == "otp_active")
            let otp = try #require(security.json["otpToken"] as? [String: any Sendable])
            #expect(otp["kind"] as? String == "authenticator" && otp["status"] as? String == "active")
            #expect((security.json["mailPassword"] as? [String: any Sendable])?["canEnable"] as? Bool == false)
        }
    }
}
