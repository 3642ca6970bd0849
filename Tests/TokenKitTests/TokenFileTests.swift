import BankCore
import Foundation
import Testing
@testable import TokenKit

/// A fresh directory per test, with two machine-id files to play two machines.
final class Sandbox: Sendable {
    let root: String
    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/kyoei-token-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "3d1219c7c4c5404aaa1f6d2a48adfda4\n".write(toFile: root + "/machine-a", atomically: true, encoding: .utf8)
        try "0123456789abcdef0123456789abcdef\n".write(toFile: root + "/machine-b", atomically: true, encoding: .utf8)
    }
    deinit { try? FileManager.default.removeItem(atPath: root) }

    var tokenDir: String { root + "/config/kyoei-token" }
    func file(machine: String = "machine-a") -> TokenFile { TokenFile(directory: tokenDir, machineIDPath: root + "/" + machine) }
}

func mode(_ path: String) -> UInt32 {
    var info = stat()
    return lstat(path, &info) == 0 ? UInt32(info.st_mode) & 0o7777 : 0
}

@Suite("TokenFile")
struct TokenFileTests {
    static let token = ProvisionedToken(serviceID: "KYOEI-IB", userID: "4821937705", issuer: "協栄信用組合",
                                        secret: Base32.decode(StubBank.secretBase32)!, parameters: .bank)
    static let date = Date(timeIntervalSince1970: 1_795_568_400)

    @Test("round trip: what is saved opens to the same token")
    func roundTrip() throws {
        let box = try Sandbox()
        let file = box.file()
        #expect(!file.exists)
        #expect(throws: TokenFileError.notFound(directory: box.tokenDir)) { try file.load() }
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date.addingTimeInterval(0.7))
        #expect(file.exists)
        let stored = try file.load()
        #expect(stored.token == Self.token)
        #expect(stored.server == "http://127.0.0.1:8080")
        #expect(stored.provisionedAt == Self.date)
        #expect(TokenDisplay.code(for: stored.token, at: Self.date) == TOTP.code(secret: Self.token.secret, at: Self.date))
    }

    @Test("files 0600 in a directory 0700; the secret is not in them in clear")
    func permissions() throws {
        let box = try Sandbox()
        let file = box.file()
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        #expect(mode(box.tokenDir) == 0o700)
        #expect(mode(file.recordPath) == 0o600)
        #expect(mode(file.keyPath) == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: box.tokenDir).sorted()
        #expect(names == ["token.json", "token.key"])  // no temporary files left behind
        let record = try String(contentsOfFile: file.recordPath, encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any]
        #expect(Set(json?.keys.map { $0 } ?? []) == ["server", "service_id", "user_id", "issuer", "algorithm", "digits",
                                                      "period", "provisioned_at", "secret_sealed"])
        let everything = try Data(contentsOf: URL(fileURLWithPath: file.recordPath))
            + Data(contentsOf: URL(fileURLWithPath: file.keyPath))
        #expect(!String(decoding: everything, as: UTF8.self).contains(StubBank.secretBase32))
        #expect(everything.range(of: Data(Self.token.secret)) == nil)
        #expect(everything.range(of: Data(Data(Self.token.secret).base64EncodedString().utf8)) == nil)
    }

    @Test("a file that group or others can read is refused", arguments: [0o644, 0o640, 0o604, 0o660])
    func refusesReadable(fileMode: Int) throws {
        let box = try Sandbox()
        let file = box.file()
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        for path in [file.recordPath, file.keyPath] {
            chmod(path, mode_t(fileMode))
            #expect(throws: TokenFileError.insecurePermissions(path: path, mode: UInt32(0o100000 | fileMode))) { try file.load() }
            chmod(path, 0o600)
        }
        #expect(try file.load().token == Self.token)
    }

    @Test("a symlink in place of the record is refused")
    func refusesSymlink() throws {
        let box = try Sandbox()
        let file = box.file()
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        try FileManager.default.moveItem(atPath: file.recordPath, toPath: box.root + "/elsewhere.json")
        try FileManager.default.createSymbolicLink(atPath: file.recordPath, withDestinationPath: box.root + "/elsewhere.json")
        #expect(throws: TokenFileError.untrustedFile(path: file.recordPath)) { try file.load() }
    }

    @Test("an existing directory others can write to is refused")
    func refusesWritableDirectory() throws {
        let box = try Sandbox()
        try FileManager.default.createDirectory(atPath: box.tokenDir, withIntermediateDirectories: true)
        chmod(box.tokenDir, 0o777)
        #expect(throws: TokenFileError.insecureDirectory(path: box.tokenDir)) {
            try box.file().save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        }
        #expect(!box.file().exists)
    }

    @Test("a tampered record fails to open", arguments: [
        ("\"user_id\" : \"4821937705\"", "\"user_id\" : \"4821937706\""),
        ("\"period\" : 60", "\"period\" : 30"),
        ("\"server\" : \"http://127.0.0.1:8080\"", "\"server\" : \"http://evil.example\""),
        ("\"issuer\" : \"協栄信用組合\"", "\"issuer\" : \"偽銀行\""),
    ])
    func tampered(original: String, replacement: String) throws {
        let box = try Sandbox()
        let file = box.file()
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        let text = try String(contentsOfFile: file.recordPath, encoding: .utf8)
        #expect(text.contains(original))
        try Data(text.replacingOccurrences(of: original, with: replacement).utf8).write(to: URL(fileURLWithPath: file.recordPath))
        chmod(file.recordPath, 0o600)
        #expect(throws: TokenFileError.cannotDecrypt) { try file.load() }
    }

    @Test("a flipped bit in the sealed secret fails to open")
    func flippedCiphertext() throws {
        let box = try Sandbox()
        let file = box.file()
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        var record = try JSONDecoder().decode(TokenRecord.self, from: Data(contentsOf: URL(fileURLWithPath: file.recordPath)))
        var sealed = Data(base64Encoded: record.secretSealed)!
        sealed[14] ^= 0x01
        record.secretSealed = sealed.base64EncodedString()
        try record.encoded().write(to: URL(fileURLWithPath: file.recordPath))
        chmod(file.recordPath, 0o600)
        #expect(throws: TokenFileError.cannotDecrypt) { try file.load() }
    }

    @Test("both files copied to a machine with another machine ID do not open")
    func otherMachine() throws {
        let box = try Sandbox()
        try box.file(machine: "machine-a").save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        #expect(throws: TokenFileError.cannotDecrypt) { try box.file(machine: "machine-b").load() }
        #expect(throws: TokenFileError.cannotDecrypt) { try box.file(machine: "no-such-file").load() }
        #expect(try box.file(machine: "machine-a").load().token == Self.token)
    }

    @Test("a record without its key, or with a key of another save, does not open")
    func keyProblems() throws {
        let box = try Sandbox()
        let file = box.file()
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        let firstKey = try Data(contentsOf: URL(fileURLWithPath: file.keyPath))
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        try firstKey.write(to: URL(fileURLWithPath: file.keyPath))
        chmod(file.keyPath, 0o600)
        #expect(throws: TokenFileError.cannotDecrypt) { try file.load() }
        try FileManager.default.removeItem(atPath: file.keyPath)
        #expect(throws: TokenFileError.keyMissing(path: file.keyPath)) { try file.load() }
    }

    @Test("remove deletes both files and keeps the directory")
    func remove() throws {
        let box = try Sandbox()
        let file = box.file()
        try file.save(Self.token, server: "http://127.0.0.1:8080", at: Self.date)
        try file.remove()
        #expect(!file.exists)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.tokenDir).isEmpty)
        try file.remove()  // nothing left: not an error
    }

    @Test("where the files live")
    func directory() {
        let env = ["KYOEI_TOKEN_DIR": "/d/env", "XDG_CONFIG_HOME": "/x", "HOME": "/h"]
        #expect(TokenDirectory.resolve(option: "/d/opt", environment: env) == "/d/opt")
        #expect(TokenDirectory.resolve(option: nil, environment: env) == "/d/env")
        #expect(TokenDirectory.resolve(option: nil, environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/kyoei-token")
        #expect(TokenDirectory.resolve(option: nil, environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"]) == "/h/.config/kyoei-token")
        #expect(TokenDirectory.resolve(option: nil, environment: ["HOME": "/h"]) == "/h/.config/kyoei-token")
        #expect(TokenDirectory.resolve(option: "rel", environment: [:]).hasPrefix("/"))
    }
}
