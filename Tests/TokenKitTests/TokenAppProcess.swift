import Foundation
import Testing

/// Runs the built `kyoei-token` executable with piped standard input, as a script would.
enum TokenAppProcess {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable sits beside the test bundle in the build directory.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent()) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let url = directory.appendingPathComponent("kyoei-token")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw AppNotBuilt()
    }

    struct AppNotBuilt: Error, CustomStringConvertible {
        var description: String { "kyoei-token was not found beside the tests: build it (swift build --product kyoei-token)" }
    }

    static func run(_ arguments: [String], input: String = "", home: String) async throws -> Outcome {
        let executable = try executable()
        // Waiting on pipes and the child blocks a thread: a thread of its own, never one of
        // the few cooperative ones, which the in-test servers need to answer the child.
        return try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try runBlocking(executable, arguments, input: input, home: home) }) }
                .start()
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], input: String, home: String) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for key in ["KYOEI_TOKEN_SERVER", "KYOEI_TOKEN_DIR", "XDG_CONFIG_HOME"] { environment[key] = nil }
        environment["HOME"] = home
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Small outputs: reading one pipe to its end cannot block on the other filling up.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }
}
