import BankServices
import Hummingbird

/// What the customer site and the back office share, written once: the bank, the listener's
/// settings, the renderer, and the helpers every handler of either uses.
protocol BankSite: Sendable {
    var bank: Bank { get }
    var settings: WebSettings { get }
    var renderer: PageRenderer { get }
}

extension BankSite {
    /// The reader's language: the language cookie, Japanese without one.
    func language(_ request: Request) -> Language {
        request.cookies[WebSettings.languageCookieName].flatMap { Language(rawValue: $0.value) } ?? .ja
    }

    /// Who sent the request, for the audit trail.
    func client(_ request: Request, _ context: BankRequestContext) -> ClientInfo {
        ClientInfo(request, context)
    }

    /// A screen: its typed model inside the chrome (header, language switch, errors).
    func page<Model>(_ template: String, _ model: Model, _ chrome: PageChrome,
                     status: HTTPResponse.Status = .ok) throws -> Response {
        HTTPResponses.html(try renderer.render(template, PageContext(model: model, chrome: chrome)), status: status)
    }
}

extension CustomerSite: BankSite {}
extension StaffSite: BankSite {}
