import Foundation
import Synchronization

/// Hands out work item numbers to concurrent clients: a fixed number of items, or as many
/// as fit before a deadline.
final class WorkQueue: Sendable {
    let limit: Int?
    let deadline: Double?
    private let cursor = Atomic<Int>(0)

    init(limit: Int?, deadline: Double?) {
        self.limit = limit
        self.deadline = deadline
    }

    func next() -> Int? {
        if let deadline, monotonicSeconds() >= deadline { return nil }
        let index = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        if let limit, index >= limit { return nil }
        return index
    }
}

struct LoadOutcome: Sendable {
    var latencies: Latencies
    var errors: Int
    var firstError: String?
}

/// Runs `clients` closed-loop clients: each makes its worker (a connection, a slice of
/// customers) before the clock starts, then takes items until none are left, timing each
/// operation. An operation that returns false had nothing left to do: that client stops.
/// A thrown error counts as a failed operation and the client goes on.
func runLoad<Worker: Sendable>(clients: Int, items: Int?, seconds: Double?,
                               makeWorker: @escaping @Sendable (Int) async throws -> Worker,
                               operation: @escaping @Sendable (Worker, Int) async throws -> Bool,
                               finish: @escaping @Sendable (Worker) async -> Void = { _ in }) async throws -> LoadOutcome {
    var workers: [Worker] = []
    for client in 0..<clients { workers.append(try await makeWorker(client)) }
    let start = monotonicSeconds()
    let queue = WorkQueue(limit: items, deadline: seconds.map { start + $0 })
    var outcome = LoadOutcome(latencies: Latencies(), errors: 0, firstError: nil)
    await withTaskGroup(of: ([Double], Int, String?).self) { group in
        for worker in workers {
            group.addTask {
                var samples: [Double] = []
                var errors = 0
                var firstError: String?
                while let item = queue.next() {
                    let began = monotonicSeconds()
                    do {
                        guard try await operation(worker, item) else { break }
                        samples.append((monotonicSeconds() - began) * 1000)
                    } catch {
                        errors += 1
                        if firstError == nil { firstError = String(describing: error) }
                    }
                }
                return (samples, errors, firstError)
            }
        }
        for await (samples, errors, firstError) in group {
            outcome.latencies.merge(samples)
            outcome.errors += errors
            if outcome.firstError == nil { outcome.firstError = firstError }
        }
    }
    outcome.latencies.elapsed = monotonicSeconds() - start
    for worker in workers { await finish(worker) }
    if let firstError = outcome.firstError {
        FileHandle.standardError.write(Data("kyoei-bench: \(outcome.errors) failed operations, first: \(firstError)\n".utf8))
    }
    return outcome
}
