import BankCore
import Foundation
import Testing

/// Cross-checks TOTP against PyPI pyotp run live (the venv that scripts/test makes): random
/// secrets and times, generation and verification with the bank's ±1 step window.
@Suite struct TOTPPyotpLiveTests {
    static var python: String? {
        if let configured = ProcessInfo.processInfo.environment["KYOEI_TEST_PYTHON"] { return configured }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv-test/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    static let script = """
        import base64, os, random, sys, pyotp
        rng = random.Random(int(sys.argv[1]))
        for _ in range(300):
            secret = base64.b32encode(bytes(rng.getrandbits(8) for _ in range(20))).decode().rstrip("=")
            t = rng.randrange(0, 4102444800)
            totp = pyotp.TOTP(secret, digits=6, interval=60)
            print(secret, t, totp.at(t), totp.at(t - 60), totp.at(t + 60), totp.at(t - 120), totp.at(t + 120))
        """

    @Test func generationAndVerificationAgreeWithPyotp() throws {
        // CI always has the venv; a developer without it is told how to get it, not silently skipped.
        let python = try #require(Self.python, "no python with pyotp: run scripts/test once or set KYOEI_TEST_PYTHON")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.script, String(UInt32.random(in: 1...UInt32.max))]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pyotp is installed in \(python)")
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 300)
        for line in lines {
            let fields = line.split(separator: " ").map(String.init)
            let secret = try #require(Base32.decode(fields[0]))
            let time = Date(timeIntervalSince1970: TimeInterval(Int(fields[1])!))
            #expect(TOTP.code(secret: secret, at: time) == fields[2], "\(line)")
            let step = TOTP.step(at: time, step: 60)
            // pyotp's codes one step either side are accepted at `time`; two steps away are not
            // (unless, by a one-in-a-million chance, they equal an accepted one).
            let accepted = Set(fields[2...4])
            #expect(TOTP.verify(code: fields[3], secret: secret, at: time, lastAcceptedStep: nil) != nil)
            #expect(TOTP.verify(code: fields[4], secret: secret, at: time, lastAcceptedStep: nil) != nil)
            for far in fields[5...6] where !accepted.contains(far) {
                #expect(TOTP.verify(code: far, secret: secret, at: time, lastAcceptedStep: nil) == nil, "\(line)")
            }
            // After accepting the current step, pyotp's code for it (and the one before) is a replay.
            #expect(TOTP.verify(code: fields[2], secret: secret, at: time, lastAcceptedStep: step) == nil || fields[2] == fields[4])
            #expect(TOTP.verify(code: fields[3], secret: secret, at: time, lastAcceptedStep: step) == nil || fields[3] == fields[4])
        }
    }
}
