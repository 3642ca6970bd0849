import BankCore
import BankServices

extension APIProblem {
    /// A refusal of the transfer use cases with the amounts or days its message names (as the
    /// pages' `transferMessages` fills them); a 振込指定日 refused names `scheduledFor`.
    static func transfer(_ error: BankError, fieldNames: [String: String] = [:]) -> APIProblem {
        switch error {
        case .transferRefused(let refusal):
            return APIProblem(error, arguments: refusal.messageArguments)
        case .scheduleRefused(let refusal):
            var problem = APIProblem(error, arguments: refusal.messageArguments.map(\.iso))
            problem.fields = [Field(name: "scheduledFor", messageKey: refusal.messageKey)]
            return problem
        default:
            return APIProblem(error, fieldNames: fieldNames)
        }
    }
}
