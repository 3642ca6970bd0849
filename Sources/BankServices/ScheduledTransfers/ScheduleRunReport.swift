import BankCore

/// What one scheduler run did: the day it ran for and each booking it ended.
public struct ScheduleRunReport: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var receptionNumber: String
        public var scheduledFor: String
        /// completed / accepted (ran), or insufficient_funds / cancelled (destination closed).
        public var status: TransferStatus
        /// Ran after its 振込指定日 (the server was down at the run).
        public var late: Bool
    }

    public var day: JapanTime.Day
    public var entries: [Entry] = []

    public var executed: Int { entries.filter { $0.status == .completed || $0.status == .accepted }.count }
    public var failed: Int { entries.count - executed }
}
