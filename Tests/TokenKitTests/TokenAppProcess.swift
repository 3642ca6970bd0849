import BankTestSupport
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
        var environment = ProcessInfo.processInfo.environment
        for key in ["KYOEI_TOKEN_SERVER", "KYOEI_TOKEN_DIR", "XDG_CONFIG_HOME"] { environment[key] = nil }
        environment["HOME"] = home
        // ChildProcess, not Foundation's Process: see ChildProcess for the crash that avoids.
        let (status, stdout, stderr) = try await ChildProcess.run(executable.path, arguments, environment: environment,
                                                                  input: input)
        return Outcome(status: status, stdout: stdout, stderr: stderr)
    }
}
