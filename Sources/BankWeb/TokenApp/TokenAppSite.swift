import BankServices
import Foundation
import Hummingbird
import NIOCore

/// The phone token app's own origin (KYOEI_TOKEN_APP_LISTEN / KYOEI_TOKEN_APP_URL): the static
/// shell, plus `/strings.json` and `/config.json` made from this bank's catalog and settings.
/// Nothing here reads or sets a cookie and no page of the bank is served, so no script of the
/// banking site can reach the token's key, and the app cannot read the bank's cookies.
public struct TokenAppSite: Sendable {
    let shell: TokenAppShell
    /// The bank's customer site as the phone reaches it (KYOEI_PUBLIC_URL): what the app calls.
    let bankURL: String
    /// This origin's own URL: `https://` adds Strict-Transport-Security.
    let tokenAppURL: String
    /// The generated files, made once: the catalog and the settings are fixed for a process.
    let generated: [String: TokenAppShell.File]

    /// `bankSettings`: the customer site's web settings (its public URL is the API's address).
    public init(bank: Bank, bankSettings: WebSettings, shell: TokenAppShell) {
        self.shell = shell
        bankURL = bankSettings.publicURL
        tokenAppURL = bank.settings.tokenAppURL
        generated = [
            "/strings.json": Self.jsonFile(Self.strings()),
            "/config.json": Self.jsonFile(["bank_url": bankSettings.publicURL, "service_id": bank.settings.otp.serviceID,
                                           "bank_name": bank.settings.bankName]),
        ]
    }

    /// Every path this origin answers, for the router and the 405s.
    var paths: [String] {
        (Array(shell.files.keys) + Array(generated.keys) + ["/"]).sorted()
    }

    func file(at path: String) -> TokenAppShell.File? {
        generated[path] ?? shell.file(at: path)
    }

    func addRoutes(to router: Router<BankRequestContext>) {
        for path in paths {
            router.get(RouterPath(path)) { _, _ in
                guard let file = self.file(at: path) else { throw HTTPError(.notFound) }
                return Response(status: .ok, headers: [.contentType: file.contentType],
                                body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
            }
        }
    }

    /// Every `token_pwa.*` text per language, the bank's own words filled in: `{"ja": {…}, "en": {…}}`.
    static func strings() -> [String: [String: String]] {
        Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
            (language.rawValue, language.strings.filter { $0.key.hasPrefix("token_pwa.") })
        })
    }

    static func jsonFile<Value: Encodable>(_ value: Value) -> TokenAppShell.File {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return TokenAppShell.File(bytes: Array(data), contentType: "application/json; charset=utf-8")
    }
}
