import NIOCore

/// Runs a task's work on one NIO event loop. PostgreSQL statements complete on their
/// connection's event loop; a unit of work that runs there too is resumed in place after
/// each statement, instead of being woken on another thread twice per statement (what
/// the benchmark's profile showed as most of the client's cost). Only database work runs
/// here — nothing in a transaction's body blocks — so the loop's I/O is not held up.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
