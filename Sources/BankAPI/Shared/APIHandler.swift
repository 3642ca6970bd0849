import BankServices

/// The operations of openapi.yaml (the generated `APIProtocol`): one extension per feature
/// folder (Sessions/, Accounts/, Payees/, Transfers/, Security/, Document/), each calling the
/// same use case as the page that does the same thing. A refusal is thrown as the use case
/// threw it; `APIProblemMiddleware` answers it.
struct APIHandler: APIProtocol {
    let bank: Bank
    let settings: APISettings
}
