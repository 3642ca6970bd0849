import Foundation
import Testing

/// Golden files for whole pages: `Tests/BankWebTests/Snapshots/<name>.html` (a name may hold a
/// sub-folder: `en/login`), plain HTML a
/// reviewer reads in a diff. A page that differs from its golden file fails with the lines
/// that differ. The file is written instead of compared when it does not exist yet, or for
/// every page when `KYOEI_RECORD_SNAPSHOTS=1` (after a deliberate change of a template);
/// under `CI` a missing file fails, so a forgotten golden never passes unseen.
enum GoldenHTML {
    static let directory: URL = {
        // The folder of this target, found from this file whichever sub-folder it sits in.
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "BankWebTests", url.pathComponents.count > 1 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Snapshots")
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["KYOEI_RECORD_SNAPSHOTS"] == "1" }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    static func file(_ name: String) -> URL { directory.appendingPathComponent(name + ".html") }

    /// Names of the golden files present in `folder` ("": the Japanese pages).
    static func recordedNames(in folder: String = "") throws -> [String] {
        let path = directory.appendingPathComponent(folder).path
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func expectMatch(_ actual: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = file(name)
        guard !recording, let golden = try? String(contentsOf: url, encoding: .utf8) else {
            if !recording && inCI {
                Issue.record("no golden file \(url.path): run the test once locally to record it", sourceLocation: sourceLocation)
                return
            }
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                FileHandle.standardError.write(Data("recorded golden file \(url.path)\n".utf8))
            } catch {
                Issue.record("could not record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard golden != actual else { return }
        Issue.record("""
            \(name) differs from \(url.path) (KYOEI_RECORD_SNAPSHOTS=1 records it anew if the change is meant):
            \(difference(expected: golden, actual: actual))
            """, sourceLocation: sourceLocation)
    }

    /// The lines between the common head and the common tail, `-` golden and `+` now, with
    /// two lines of context: enough to see what changed without a diff tool.
    static func difference(expected: String, actual: String, limit: Int = 40) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        let context = max(0, head - 2)
        var lines = ["@@ line \(head + 1) @@"]
        lines += old[context..<head].map { "  " + $0 }
        lines += old[head..<(old.count - tail)].prefix(limit).map { "- " + $0 }
        lines += new[head..<(new.count - tail)].prefix(limit).map { "+ " + $0 }
        lines += old[(old.count - tail)...].prefix(2).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}
