/// Group commit for SQLite's one writer. Write transactions take turns on the connection
/// (first come, first served). The first opens the group with BEGIN IMMEDIATE; those
/// that follow while it is open run between SAVEPOINT and RELEASE. A unit that finishes while others wait for the connection leaves its
/// COMMIT to them and waits; the last in line commits the whole group at once. So one
/// fsync makes several transactions durable, and no caller hears "done" before it is.
actor SQLiteWriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// BEGIN IMMEDIATE has run and the group's COMMIT has not.
    private(set) var groupOpen = false
    /// Units that ran in the open group and wait for its COMMIT.
    private var members: [CheckedContinuation<Void, any Error>] = []

    /// Waits for the connection. Returns true when no group is open: the caller starts one
    /// (BEGIN IMMEDIATE) and must call `beginFailed` if that fails.
    func acquire() async -> Bool {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer { groupOpen = true }
        return !groupOpen
    }

    /// Gives the connection to the next in line, or frees it.
    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    func beginFailed() {
        groupOpen = false
        release()
    }

    /// When someone waits and the group has room: joins the group, gives the connection on,
    /// and returns true once the group has committed (throws if its COMMIT failed). Otherwise
    /// returns false at once: the caller must commit.
    func joinIfOthersWait(limit: Int) async throws -> Bool {
        guard !waiters.isEmpty, members.count + 1 < limit else { return false }
        try await withCheckedThrowingContinuation { continuation in
            members.append(continuation)
            release()
        }
        return true
    }

    /// For a unit that failed (its savepoint rolled back): gives the connection on without
    /// committing when someone waits; false when the caller must end the group.
    func handOnIfOthersWait(limit: Int) -> Bool {
        guard !waiters.isEmpty, members.count + 1 < limit else { return false }
        release()
        return true
    }

    /// The group ended, committed (nil) or rolled back (the error): tells its members and
    /// gives the connection on.
    func closeGroup(_ error: (any Error)?) {
        groupOpen = false
        let ended = members
        members = []
        for member in ended {
            if let error { member.resume(throwing: error) } else { member.resume() }
        }
        release()
    }
}
