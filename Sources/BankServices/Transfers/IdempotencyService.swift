import BankCore
import BankStore
import Foundation

/// `Idempotency-Key` for the JSON API's POST /api/v1/transfers, as Stripe and
/// draft-ietf-httpapi-idempotency-key-header do it: keys are the customer's own; the first
/// request with a key runs and its answer (status and body) is kept for `retention`; a
/// replay with the same request gets that answer again, a request that differs is refused
/// (422), and one arriving while the first still runs is told so (409) instead of running the
/// passwords a second time.
///
/// What is stored: every answer the use case gave, success or refusal, because a refusal may
/// have changed state (a wrong 確認用パスワード was counted, a lock audited) and a replay must
/// not count it again. What is not: a request that never reached the use case (missing or
/// malformed key or body: nothing ran), a 503 "try again" (nothing was checked or counted),
/// and an unexpected failure (the connection lost mid-transfer): there the key is released
/// and a retry runs the quote again, which the quote's own nonce keeps from paying twice and
/// which then answers with the transfer if the first run did commit it. (Stripe keeps 500s;
/// here the retry learns the truth instead of a stored error.)
public struct IdempotencyService: BankUseCase {
    public let context: BankContext

    /// How long a request holds its key before a replay may take it over (a process that died).
    public var lease: TimeInterval { 60 }
    /// How long an answer is kept (Stripe: 24 hours); after that the key may be used again.
    public var retention: TimeInterval { 24 * 3600 }

    /// Validates the header value: 8–255 visible ASCII characters; a Structured Field string
    /// (`"…"`, the IETF draft's form) is taken without its quotes.
    public static func key(_ raw: String?) throws -> String {
        guard let raw, !raw.isEmpty else {
            throw BankError.invalidInput([FieldError(field: "Idempotency-Key", messageKey: "error.idempotency_key.missing")])
        }
        var key = Substring(raw.trimmingCharacters(in: .whitespaces))
        if key.count >= 2, key.first == "\"", key.last == "\"" { key = key.dropFirst().dropLast() }
        guard (8...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") })
        else { throw BankError.invalidInput([FieldError(field: "Idempotency-Key", messageKey: "error.idempotency_key.invalid")]) }
        return String(key)
    }

    /// Starts a request under `key`. `request` is its canonical form (the body with sorted keys):
    /// only its keyed hash is stored.
    public func start(by actor: BankActor, key: String, operation: String, request: String) async throws -> IdempotencyStart {
        let customerID = try actor.requireCustomer()
        let keyedHash = KeyedHash(ring: try requireSecretKeys())
        let canonical = operation + "\n" + request
        let now = clock.now()
        return try await database.transaction { db -> IdempotencyStart in
            try await IdempotencyRecords.deleteExpired(db, customerID: customerID, at: now)
            let fresh = IdempotencyRecord(customerID: customerID, key: key, operation: operation,
                                          fingerprint: keyedHash.hash(canonical), lockedUntil: now.addingTimeInterval(lease),
                                          createdAt: now, expiresAt: now.addingTimeInterval(retention))
            if let claimed = try await IdempotencyRecords.insertIfAbsent(db, fresh) {
                return .run(IdempotencyTicket(id: claimed.id, customerID: customerID, takenOver: false))
            }
            guard let stored = try await IdempotencyRecords.find(db, customerID: customerID, key: key) else {
                return .inProgress  // released by its holder this instant: the client's retry will run
            }
            guard stored.operation == operation, keyedHash.verify(canonical, against: stored.fingerprint) else { return .mismatch }
            switch stored.state {
            case .completed:
                return .replay(IdempotentAnswer(status: stored.responseStatus ?? 500, body: stored.responseBody ?? "",
                                                receptionNumber: stored.receptionNumber))
            case .inProgress:
                if try await IdempotencyRecords.takeOver(db, id: stored.id, until: now.addingTimeInterval(lease), at: now) {
                    return .run(IdempotencyTicket(id: stored.id, customerID: customerID, takenOver: true))
                }
                return .inProgress
            }
        }
    }

    /// Keeps the answer of a request that ran. When another holder (after a take-over) stored
    /// one first, that one is returned and is the answer to give.
    public func finish(_ ticket: IdempotencyTicket, _ answer: IdempotentAnswer) async throws -> IdempotentAnswer {
        let now = clock.now()
        return try await database.transaction { db in
            if try await IdempotencyRecords.complete(db, id: ticket.id, status: answer.status, body: answer.body,
                                                     receptionNumber: answer.receptionNumber, at: now) {
                return answer
            }
            guard let stored = try await IdempotencyRecords.find(db, id: ticket.id), stored.state == .completed,
                  let status = stored.responseStatus, let body = stored.responseBody else { return answer }
            return IdempotentAnswer(status: status, body: body, receptionNumber: stored.receptionNumber)
        }
    }

    /// Gives the key back without an answer (nothing ran, or it failed unexpectedly). A failure
    /// here is logged: the lease runs out by itself.
    public func abandon(_ ticket: IdempotencyTicket) async {
        do {
            try await database.transaction { db in try await IdempotencyRecords.release(db, id: ticket.id) }
        } catch {
            logger.warning("could not release an idempotency key", metadata: ["customer": "\(ticket.customerID)", "error": "\(error)"])
        }
    }
}

/// What `IdempotencyService.start` decided.
public enum IdempotencyStart: Sendable, Equatable {
    /// Run the request, then `finish` (or `abandon`) the ticket.
    case run(IdempotencyTicket)
    /// The first answer to this key and request.
    case replay(IdempotentAnswer)
    /// The first request with this key is still running (409, retry shortly).
    case inProgress
    /// The key was used with another request (422).
    case mismatch
}

public struct IdempotencyTicket: Sendable, Equatable {
    public let id: Int64
    public let customerID: Int64
    /// The key was held by a request whose lease ran out (its process died, maybe after its
    /// transfer committed): what that request did counts as this key's own.
    public let takenOver: Bool
}

/// An answer as sent: status and body (JSON), and the transfer it named.
public struct IdempotentAnswer: Sendable, Equatable {
    public var status: Int
    public var body: String
    public var receptionNumber: String?

    public init(status: Int, body: String, receptionNumber: String? = nil) {
        self.status = status; self.body = body; self.receptionNumber = receptionNumber
    }
}
