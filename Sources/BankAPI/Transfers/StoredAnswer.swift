import BankServices
import BankText
import Foundation

/// The first answer to an `Idempotency-Key`, as kept in `api_idempotency`: the transfer made
/// (201, the schema's JSON) or the problem document refused with, byte for byte, which a
/// replay sends again as it was (`APIStoredAnswer`).
enum StoredAnswer {
    case created(Components.Schemas.Transfer)
    case refused(status: Int, body: Data)

    static let problemContentType = "application/problem+json; charset=utf-8"

    /// Dates as Foundation's own number (no rounding): a replay shows the same instants.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// A refusal as the problem middleware would write it for `path` in `language`.
    init(_ problem: APIProblem, path: String, language: Language) {
        self = .refused(status: problem.status.code, body: problem.encoded(path: path, language: language))
    }

    init(_ answer: IdempotentAnswer) throws {
        if answer.status == 201 {
            self = .created(try JSONDecoder().decode(Components.Schemas.Transfer.self, from: Data(answer.body.utf8)))
        } else {
            self = .refused(status: answer.status, body: Data(answer.body.utf8))
        }
    }

    var answer: IdempotentAnswer {
        get throws {
            switch self {
            case .created(let transfer):
                IdempotentAnswer(status: 201, body: String(decoding: try Self.encoder.encode(transfer), as: UTF8.self),
                                 receptionNumber: transfer.receptionNumber)
            case .refused(let status, let body):
                IdempotentAnswer(status: status, body: String(decoding: body, as: UTF8.self))
            }
        }
    }
}
