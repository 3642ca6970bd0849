import Foundation

/// One measured figure, printed as a JSON line that scripts/bench/table.py reads.
struct RunResult: Codable {
    var name: String
    var engine: String = ""
    var clients: Int = 1
    var ops: Int
    var errors: Int = 0
    var seconds: Double
    var perSecond: Double
    var p50ms: Double?
    var p99ms: Double?
    /// nil when the run moved no money; otherwise whether verify-ledger held afterwards.
    var ledgerOK: Bool?
    var note: String = ""

    enum CodingKeys: String, CodingKey {
        case name, engine, clients, ops, errors, seconds, note
        case perSecond = "per_second", p50ms = "p50_ms", p99ms = "p99_ms", ledgerOK = "ledger_ok"
    }

    init(name: String, engine: String = "", clients: Int = 1, latencies: Latencies, errors: Int = 0, note: String = "") {
        self.name = name
        self.engine = engine
        self.clients = clients
        self.ops = latencies.count
        self.errors = errors
        self.seconds = latencies.elapsed
        self.perSecond = latencies.elapsed > 0 ? Double(latencies.count) / latencies.elapsed : 0
        self.p50ms = latencies.percentile(50)
        self.p99ms = latencies.percentile(99)
        self.note = note
    }

    func print() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let line = String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
        // Written at once: the scripts read stdout line by line while the driver runs.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// Latencies of successful operations, in milliseconds, and the wall time they took.
struct Latencies: Sendable {
    var samples: [Double] = []
    var elapsed: Double = 0
    var count: Int { samples.count }

    mutating func merge(_ other: [Double]) { samples += other }

    func percentile(_ p: Double) -> Double? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
        return (sorted[index] * 1000).rounded() / 1000
    }
}

/// Monotonic seconds, for latencies and run lengths.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
