import BankCore
import Foundation
import Testing
@testable import TokenKit

/// The `kyoei-token` executable driven through pipes against the contract's stub bank.
@Suite("kyoei-token command line")
struct TokenAppCLITests {
    static let answers = "はい\nKYOEI-IB\n4821937705\n2468\n"

    /// The code of every 60-second step from `start` to `end`: whatever a process run between
    /// the two instants printed, however long it took and wherever a step boundary fell.
    static func codes(_ secret: [UInt8], from start: Date, to end: Date) -> [String] {
        let first = Int(start.timeIntervalSince1970) / 60, last = Int(end.timeIntervalSince1970) / 60
        return (first...last).map { TOTP.code(secret: secret, at: Date(timeIntervalSince1970: Double($0 * 60))) }
    }

    @Test("いいえ at the consent screen: exit 0, no request, nothing written")
    func consentDeclined() async throws {
        let box = try Sandbox()
        let stub = StubBank()
        try await LiveServer.with(stub.router()) { address in
            let result = try await TokenAppProcess.run(["--server", address, "--dir", box.tokenDir], input: "いいえ\n", home: box.root)
            #expect(result.status == 0)
            #expect(result.stdout.contains("通信の許諾画面"))
            #expect(result.stdout.contains(address))
            #expect(result.stdout.contains("銀行には接続していません"))
            #expect(stub.received.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: box.tokenDir))
    }

    @Test("code without a token: exit 1 with a message")
    func codeWithoutToken() async throws {
        let box = try Sandbox()
        for arguments in [["code"], ["code", "--json"]] {
            let result = try await TokenAppProcess.run(arguments + ["--dir", box.tokenDir], home: box.root)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("トークンが設定されていません"))
            #expect(result.stderr.contains("No token is set up"))
        }
    }

    @Test("piped set-up stores the token and prints the code; code, status and remove work on it")
    func pipedSetUp() async throws {
        let box = try Sandbox()
        let stub = StubBank()
        let secret = try #require(Base32.decode(StubBank.secretBase32))
        try await LiveServer.with(stub.router()) { address in
            let before = Date()
            let setUp = try await TokenAppProcess.run(["--server", address, "--dir", box.tokenDir], input: Self.answers, home: box.root)
            let after = Date()
            #expect(setUp.status == 0, "\(setUp.stderr)")
            #expect(setUp.stdout.contains("初期設定画面") && setUp.stdout.contains("初期設定が完了しました"))
            let valid = Self.codes(secret, from: before, to: after)
            let last = try #require(setUp.stdout.split(separator: "\n").last.map(String.init))
            #expect(valid.contains { last.contains("ワンタイムパスワード / One-time password: \($0)") }, "\(last)")
            #expect(!setUp.stdout.contains(StubBank.secretBase32) && !setUp.stderr.contains(StubBank.secretBase32))
            #expect(mode(box.tokenDir) == 0o700)
            #expect(mode(box.tokenDir + "/token.json") == 0o600 && mode(box.tokenDir + "/token.key") == 0o600)
            #expect(stub.received.count == 1)

            let asked = Date()
            let code = try await TokenAppProcess.run(["code", "--dir", box.tokenDir], home: box.root)
            #expect(code.status == 0)
            #expect(Self.codes(secret, from: asked, to: Date()).contains(code.stdout.trimmingCharacters(in: .newlines)))

            let json = try await TokenAppProcess.run(["code", "--json", "--dir", box.tokenDir], home: box.root)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["code", "seconds_left", "service_id", "user_id"])
            #expect(object["service_id"] as? String == "KYOEI-IB")
            #expect(object["user_id"] as? String == "4821937705")
            #expect((1...60).contains(object["seconds_left"] as? Int ?? 0))
            #expect((object["code"] as? String)?.count == 6)

            // Set up already: no consent screen, no second request, just the code.
            let again = try await TokenAppProcess.run(["--server", address, "--dir", box.tokenDir], home: box.root)
            #expect(again.status == 0 && !again.stdout.contains("通信の許諾"))
            #expect(stub.received.count == 1)

            let status = try await TokenAppProcess.run(["status", "--json", "--dir", box.tokenDir], home: box.root)
            #expect(status.stdout.contains(#""stored":true"#) && status.stdout.contains(#""server":"\#(address)""#))
            #expect(!status.stdout.contains(StubBank.secretBase32))
        }
        let kept = try await TokenAppProcess.run(["remove", "--dir", box.tokenDir], input: "いいえ\n", home: box.root)
        #expect(kept.status == 0 && FileManager.default.fileExists(atPath: box.tokenDir + "/token.json"))
        let removed = try await TokenAppProcess.run(["remove", "--yes", "--dir", box.tokenDir], home: box.root)
        #expect(removed.status == 0 && removed.stdout.contains("トークンを削除しました"))
        #expect(!FileManager.default.fileExists(atPath: box.tokenDir + "/token.json"))
        #expect(!FileManager.default.fileExists(atPath: box.tokenDir + "/token.key"))
        let gone = try await TokenAppProcess.run(["code", "--dir", box.tokenDir], home: box.root)
        #expect(gone.status == 1)
    }

    @Test("a refusal prints the bank's message and stores nothing")
    func refused() async throws {
        let box = try Sandbox()
        let stub = StubBank()
        try await LiveServer.with(stub.router()) { address in
            let result = try await TokenAppProcess.run(["--server", address, "--dir", box.tokenDir],
                                                       input: "y\nKYOEI-IB\n4821937705\n1357\n", home: box.root)
            #expect(result.status == 1)
            #expect(result.stderr.contains("サービスID、ユーザID、または利用開始パスワードが正しくありません。"))
            #expect(result.stderr.contains("The service ID, user ID or activation password is incorrect."))
            #expect(!result.stdout.contains("初期設定が完了しました"))
        }
        #expect(!FileManager.default.fileExists(atPath: box.tokenDir + "/token.json"))
    }

    @Test("a wrong user ID from a pipe ends set-up before anything is sent")
    func invalidInput() async throws {
        let box = try Sandbox()
        let stub = StubBank()
        try await LiveServer.with(stub.router()) { address in
            let result = try await TokenAppProcess.run(["--server", address, "--dir", box.tokenDir],
                                                       input: "1\nKYOEI-IB\n48219377\n2468\n", home: box.root)
            #expect(result.status == 1)
            #expect(result.stderr.contains("ユーザIDは10桁の数字で入力してください"))
            #expect(stub.received.isEmpty)
        }
    }

    @Test("the bank cannot be reached: exit 1 with the message")
    func unreachable() async throws {
        let box = try Sandbox()
        let result = try await LiveServer.withRefusingAddress { address in
            try await TokenAppProcess.run(["--server", address, "--dir", box.tokenDir], input: Self.answers, home: box.root)
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("銀行に接続できませんでした"))
        #expect(result.stderr.contains("Could not reach the bank"))
    }

    @Test("without --dir or KYOEI_TOKEN_DIR the token lives under ~/.config")
    func defaultDirectory() async throws {
        let box = try Sandbox()
        let result = try await TokenAppProcess.run(["status", "--json"], home: box.root)
        #expect(result.stdout.contains(#""directory":"\#(box.root)/.config/kyoei-token""#))
    }
}
