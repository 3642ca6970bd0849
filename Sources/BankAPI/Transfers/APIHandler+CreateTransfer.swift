import BankCore
import BankServices
import BankText
import Foundation

/// 振込・振替 実行 (POST /transfers): the pages' 実行 (`bank.transfers.execute`, through
/// `executeQuote`) behind a required `Idempotency-Key` (`bank.idempotency`, see
/// IdempotencyService for what is kept and why). The quote's nonce makes the transfer once
/// whatever happens; the key makes every replay get the first answer with its status, keeps
/// a parallel replay from checking the passwords again (409 while the first runs), and
/// refuses the key for another request (422).
extension APIHandler {
    static let createTransferOperation = "createTransfer"
    static let createTransferPath = "/api/v1/transfers"

    func createTransfer(_ input: Operations.CreateTransfer.Input) async throws -> Operations.CreateTransfer.Output {
        let caller = try APICaller.customer()
        guard case .json(let body) = input.body else { throw APIProblem.malformedBody }
        let key: String
        do { key = try IdempotencyService.key(input.headers.idempotencyKey) } catch BankError.invalidInput(let errors) {
            // Not a refusal of the bank's rules: a request without a usable key is malformed (400).
            throw APIProblem(status: .badRequest, messageKey: errors.first?.messageKey ?? "error.idempotency_key.missing",
                             fields: errors.map { .init(name: $0.field, messageKey: $0.messageKey) })
        }
        let canonical = try Self.canonicalEncoder.encode(body)
        switch try await bank.idempotency.start(by: caller.actor, key: key, operation: Self.createTransferOperation,
                                                request: String(decoding: canonical, as: UTF8.self)) {
        case .replay(let stored):
            return try Self.output(StoredAnswer(stored), replayed: true)
        case .inProgress:
            throw APIProblem(status: .conflict, messageKey: "error.idempotency_key.in_progress", headers: [.retryAfter: "1"])
        case .mismatch:
            throw APIProblem(status: .unprocessableContent, messageKey: "error.idempotency_key.reused",
                             fields: [.init(name: "Idempotency-Key", messageKey: "error.idempotency_key.reused")])
        case .run(let ticket):
            let answer: StoredAnswer
            do {
                let outcome = try await bank.transfers.executeQuote(
                    by: caller.actor, sessionToken: caller.token, quoteID: body.quoteId,
                    confirmationPassword: body.confirmationPassword, mailPassword: body.mailPassword ?? "",
                    holderConfirmed: body.holderConfirmed ?? false, session: caller.session.factorsPresented, client: caller.client)
                if outcome.replayed && !ticket.takenOver {
                    // Executed before under another key (or none): nothing is made or checked
                    // now, so no 201. The same key's replay is what answers the first 201; a
                    // key taken over from a request cut short may be the one that paid.
                    answer = StoredAnswer(APIProblem(status: .conflict, messageKey: "error.transfer.quote_used",
                                                     arguments: [outcome.transfer.receptionNumber],
                                                     fields: [.init(name: "quoteId", messageKey: "error.transfer.quote_used")]),
                                          path: Self.createTransferPath, language: caller.language)
                } else {
                    answer = .created(try await transferSchema(outcome.transfer))
                }
            } catch let error as BankError where Self.keeps(error) {
                answer = StoredAnswer(.transfer(error), path: Self.createTransferPath, language: caller.language)
            } catch {
                // Nothing kept: input to correct, "try again", or a failure whose outcome the
                // retry learns (the quote pays once either way).
                await bank.idempotency.abandon(ticket)
                throw error
            }
            let kept = try await bank.idempotency.finish(ticket, try answer.answer)
            return try Self.output(StoredAnswer(kept), replayed: false)
        }
    }

    /// Refusals that reached the credentials or the money (a counted password, a lock, the
    /// limit, the funds, an expired quote) are the answer to this key for good; input to
    /// correct changed nothing, and "try again later" checked nothing.
    static func keeps(_ error: BankError) -> Bool {
        switch error {
        case .invalidInput, .tryAgainLater: false
        default: true
        }
    }

    /// The request as the fingerprint sees it: the decoded body with its keys sorted, so that
    /// spacing and key order do not make a replay "another request".
    static let canonicalEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func output(_ answer: StoredAnswer, replayed: Bool) throws -> Operations.CreateTransfer.Output {
        switch answer {
        case .created(let transfer):
            return .created(.init(headers: .init(idempotentReplayed: replayed ? true : nil), body: .json(transfer)))
        case .refused(let status, let body):
            // The first answer and every replay: the same status and the same bytes.
            throw APIStoredAnswer(status: status, contentType: StoredAnswer.problemContentType, body: body)
        }
    }
}
