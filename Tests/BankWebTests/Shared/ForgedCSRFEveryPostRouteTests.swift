import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Foundation
import HTTPTypes
import Hummingbird
import SQLKit
import Testing

/// Every POST route of the customer site and of the back office, read from the router
/// itself (`Router.routes`), so a route added later is in this test without anyone
/// remembering it: posted with a valid session of the right stage but a missing, a made-up
/// and a foreign CSRF token, each is refused with 403 and changes nothing in the database.
@Suite struct ForgedCSRFEveryPostRouteTests {
    /// POST routes that no browser form reaches, each with the reason it needs no CSRF token.
    static let exempt: [String: String] = [
        "/api/v1/token/provision": "JSON API of the token app: no cookie is read, the one-time provisioning code is the credential",
        "/api/v1/token/status": "JSON API of the token app: no cookie is read, the token's own credential is presented",
    ]

    /// The JSON API (/api/v1, openapi.yaml): it reads no cookie at all, only `Authorization:
    /// Bearer`, so a forged cross-site form carries no credential (BankAPITests'
    /// SessionAPITests.onlyABearerTokenAuthenticates proves the cookie is ignored).
    static func isBearerAPI(_ path: String) -> Bool {
        path.hasPrefix("/api/v1/") && !path.hasPrefix("/api/v1/token/")
    }

    @Test func everyPostRouteRefusesAForgedToken() async throws {
        try await withTransferSite { site in
            let postRoutes = Self.postRoutes(site)
            #expect(postRoutes.count >= 30, "\(postRoutes)")
            let world = try await World.open(site)
            // Each session seen once now: a later view within the touch granularity records
            // nothing, so any change below is the forged request's.
            try await world.seeEverySession()
            let fingerprint = try await DatabaseFingerprint.take(site.bank)
            var checked: [String] = []
            for path in postRoutes where Self.exempt[path] == nil && !Self.isBearerAPI(path) {
                let concrete = world.concretePath(path)
                let browser = world.browser(for: path)
                for (name, form) in world.forgedForms(for: path) {
                    let response = try await browser.post(concrete, form: form + world.plausibleFields(for: path))
                    #expect(response.status == .forbidden, "POST \(concrete) with \(name) token: \(response.status) \(response.location ?? "")")
                    #expect(response.body.contains(Text.csrfError), "POST \(concrete) with \(name) token")
                    #expect(response.setCookies.allSatisfy { !$0.name.contains("session") && $0.name != "kyoei_staff" },
                            "POST \(concrete) with \(name) token sets no session cookie")
                }
                let after = try await DatabaseFingerprint.take(site.bank)
                #expect(after.differences(from: fingerprint).isEmpty, "POST \(concrete) changed \(after.differences(from: fingerprint))")
                checked.append(path)
            }
            // The five the review found without a test are among them.
            for path in ["/transfer/other", "/payees/{id}/delete", "/login/otp", "/staff/customers/{id}/access", "/staff/requests/{id}/{decision}"] {
                #expect(checked.contains(path), "\(path)")
            }
        }
    }

    /// The combined listener's POST routes are those of the customer listener and the staff
    /// listener together, so testing the combined one covers both deployments.
    static func postRoutes(_ site: Site) -> [String] {
        let customerSite = CustomerSite(bank: site.bank, settings: WebSettings(publicURL: Site.publicURL), renderer: site.renderer)
        func posts(_ router: Router<BankRequestContext>) -> Set<String> {
            Set(router.routes.filter { $0.method == .post }.map(\.path.description))
        }
        let combined = posts(BankApplication.router(site: customerSite))
        let separate = posts(BankApplication.customerRouter(site: customerSite)).union(posts(BankApplication.staffRouter(site: customerSite)))
        #expect(combined == separate)
        return combined.sorted()
    }

    /// The sessions and records the forged requests aim at.
    struct World {
        let anonymous: Browser
        let customer: Browser
        let otpPending: Browser
        let clerk: Browser
        let chief: Browser
        let staffOTPPending: Browser
        let customerToken: String
        let staffToken: String
        let ids: [String: String]

        static func open(_ site: Site) async throws -> World {
            let customer = site.browser()
            #expect(try await customer.logIn().location == "/menu")
            let customerToken = try await customer.sessionToken()
            // A second browser of the same customer, stopped at the one-time password step.
            _ = try await site.turnOnOTP(customer)
            let otpPending = site.browser()
            #expect(try await otpPending.logIn().location == "/login/otp")
            _ = try await customer.get("/menu")

            let payee = try await site.storePayee(.customer, branchCode: "001", number: try await site.payeeAccount().accountNumber,
                                                  holderName: Payee.nameKana)
            let bankPayee = try await site.payeeCustomerAsPayee(.bank)

            let (clerk, _) = try await site.staffBrowser()
            let chiefEnrollment = try await site.enrollStaff("chief01", name: "役席 花子", role: .supervisor)
            let (chief, _) = try await site.staffBrowser(chiefEnrollment)
            let staffToken = try await chief.staffToken()
            // A request by the clerk, which the 役席 could approve: the forged decision's target.
            let access = "/staff/customers/\(site.customerID)/access"
            let accessPage = try await clerk.get(access)
            let made = try await clerk.post(access, form: [("_csrf", try #require(accessPage.csrf)), ("kind", "mail_password_off"),
                                                           ("reason", "ご本人から電話")])
            let requestID = made.location.flatMap { $0.split(separator: "/").dropFirst(2).first.map { String($0.prefix { $0.isNumber }) } }
            let staffOTPPending = site.browser()
            #expect(try await staffOTPPending.staffPasswordStep(Site.staffID).location == "/staff/login/otp")

            let mailID = try await site.bank.database.read { db in try await OutboxRecords.list(db, limit: 1) }.first?.id
            return World(anonymous: site.browser(), customer: customer, otpPending: otpPending, clerk: clerk, chief: chief,
                         staffOTPPending: staffOTPPending, customerToken: customerToken, staffToken: staffToken, ids: [
                            "/payees/{id}": "\(payee.id)",
                            "/staff/customers/{id}": "\(site.customerID)",
                            "/staff/customers/{id}/payees/{payeeID}": "\(bankPayee.id)",
                            "/staff/requests/{id}": requestID ?? "1",
                            "/staff/mail/{id}": mailID.map { "\($0)" } ?? "1",
                            "{decision}": "approve",
                         ])
        }

        func seeEverySession() async throws {
            _ = try await customer.get("/menu")
            _ = try await otpPending.get("/login/otp")
            _ = try await clerk.get("/staff")
            _ = try await chief.get("/staff")
            _ = try await staffOTPPending.get("/staff/login/otp")
        }

        /// `{id}` and the like replaced by the records made above (1 where none applies).
        func concretePath(_ pattern: String) -> String {
            var prefix = ""
            return pattern.split(separator: "/").map { segment -> String in
                prefix += "/" + segment
                guard segment.hasPrefix("{") || segment.hasPrefix(":") else { return String(segment) }
                return ids[prefix] ?? ids[String(segment)] ?? "1"
            }.reduce("") { $0 + "/" + $1 }
        }

        /// The session a real form of that route is posted from.
        func browser(for path: String) -> Browser {
            switch path {
            case "/login", "/staff/login": anonymous
            case "/login/otp": otpPending
            case "/staff/login/otp": staffOTPPending
            case _ where path.hasPrefix("/staff/"): path.hasPrefix("/staff/requests/") ? chief : clerk
            default: customer
            }
        }

        /// Missing, made up, and a genuine token of another session.
        func forgedForms(for path: String) -> [(String, [(String, String)])] {
            let foreign = path.hasPrefix("/staff/") ? customerToken : staffToken
            return [("missing", []), ("made-up", [("_csrf", String(repeating: "3f", count: 32))]), ("foreign", [("_csrf", foreign)])]
        }

        /// Fields a genuine form would carry, so that only the token can be what refuses it.
        func plausibleFields(for path: String) -> [(String, String)] {
            [("login_id", Site.loginID), ("login_password", Site.password), ("staff_id", Site.staffID),
             ("password", Site.staffPassword), ("confirmation_password", SeededCustomer.confirmationPassword),
             ("note", "承認"), ("reason", "テスト"), ("lang", "en"), ("return_to", "/")]
        }
    }
}

/// Every row of every table, as text: two fingerprints differ exactly when something was written.
struct DatabaseFingerprint: Sendable {
    let tables: [String: [String]]

    static func take(_ bank: Bank) async throws -> DatabaseFingerprint {
        try await bank.database.read { db in
            let names = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
                .map { try $0.decode(column: "name", as: String.self) }
            var tables: [String: [String]] = [:]
            for name in names {
                let rows = try await db.raw("SELECT * FROM \(ident: name)").all()
                tables[name] = rows.map { row in
                    row.allColumns.map { column in "\(column)=\(Self.text(row, column))" }.joined(separator: "|")
                }.sorted()
            }
            return DatabaseFingerprint(tables: tables)
        }
    }

    static func text(_ row: any SQLRow, _ column: String) -> String {
        if (try? row.decodeNil(column: column)) == true { return "NULL" }
        if let value = try? row.decode(column: column, as: Int64.self) { return "\(value)" }
        if let value = try? row.decode(column: column, as: Double.self) { return "\(value)" }
        if let value = try? row.decode(column: column, as: String.self) { return value }
        if let value = try? row.decode(column: column, as: Data.self) { return value.base64EncodedString() }
        return "?"
    }

    /// Tables whose rows differ.
    func differences(from other: DatabaseFingerprint) -> [String] {
        Set(tables.keys).union(other.tables.keys).filter { tables[$0] != other.tables[$0] }.sorted()
    }
}
