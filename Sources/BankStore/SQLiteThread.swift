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
    /// Set once by the thread itself before it takes its first job.
    private nonisolated(unsafe) var identity = pthread_t()
    private let started = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        thread.start()
        started.wait()
    }

    /// True on this executor's own thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), identity) != 0 }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if stopped {
            condition.unlock()
            let executor = asUnownedTaskExecutor()
            Thread { job.runSynchronously(on: executor) }.start()
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish the jobs it has and end. Work enqueued later still runs
    /// (a task must never be dropped), on a thread of its own.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        identity = pthread_self()
        started.signal()
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
