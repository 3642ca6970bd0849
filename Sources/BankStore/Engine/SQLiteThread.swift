import Foundation

/// One thread that owns one SQLite connection, usable as a task executor. A unit of work
/// runs on it through `withTaskExecutorPreference`, so each of its statements is a plain
/// call on the thread that owns the connection. (Through a thread pool every statement
/// crossed threads twice: the benchmark showed half of all CPU spent switching threads,
/// SQLite itself 5 %.) SQLite calls may block (a busy wait on another process's lock
/// sleeps), which is why the thread is the connection's own and not a shared one.
final class SQLiteThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var stopping = false
    private var stopped = false
    /// The thread's identity is the `Thread` object, not its pthread id, which the system
    /// reuses once a thread has ended.
    private nonisolated(unsafe) var thread: Thread?

    init(name: String) {
        // The thread holds its executor until `shutdown` ends it.
        let thread = Thread { self.loop() }
        thread.name = name
        self.thread = thread
        thread.start()
    }

    /// True on this executor's own thread (never after `shutdown`).
    var isCurrent: Bool { Thread.current === thread }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if stopped {
            condition.unlock()
            // A task must never be dropped: one that still prefers this executor after the
            // connection closed runs on the shared pool, where `isCurrent` is false and its
            // SQLite work fails (the connection is closed) instead of running off-thread.
            globalConcurrentExecutor.enqueue(job)
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish the jobs it has and end. Work enqueued later runs on the
    /// shared pool (see `enqueue`).
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue
            queue = []
            condition.unlock()
            for job in batch { job.runSynchronously(on: executor) }
        }
    }
}
