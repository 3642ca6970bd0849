import BankCore
import BankServices
import BankWeb
import Foundation
import Testing

/// The catalog (Sources/BankText/Catalog) is complete, after miniflux's TestMissingTranslations:
/// both languages have the same keys, no text is empty, and every key the code or a template
/// names exists. A missing key fails here; nothing on a screen falls back to another language.
@Suite struct CatalogTests {
    static let ja = TextCatalog.raw[.ja] ?? [:]
    static let en = TextCatalog.raw[.en] ?? [:]
    static let keys = Set(ja.keys).union(en.keys)
    static let topGroups = Set(keys.map { String($0.prefix { $0 != "." }) })

    @Test func bothLanguagesHaveTheSameKeys() {
        #expect(Self.ja.count > 900, "the catalog loads")
        #expect(Set(Self.ja.keys).subtracting(Self.en.keys).sorted() == [], "missing in en.json")
        #expect(Set(Self.en.keys).subtracting(Self.ja.keys).sorted() == [], "missing in ja.json")
    }

    @Test func noTextIsEmpty() {
        for (language, table) in [("ja", Self.ja), ("en", Self.en)] {
            for (key, text) in table where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                Issue.record("\(language).json: \(key) is empty")
            }
        }
    }

    /// One key style: `group.item`, lower snake_case; a last segment that is a stored code
    /// (a mail kind such as `otp_tokenVoid`, the audit word `(default)`) keeps its spelling.
    @Test func everyKeyHasTheOneStyle() {
        for key in Self.keys.sorted() {
            #expect(key.wholeMatch(of: /[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.[A-Za-z0-9_()]+/) != nil, "\(key)")
        }
    }

    @Test func everyTextATemplateNamesExists() throws {
        var used: Set<String> = []
        for template in try Self.files(under: "Sources/BankWeb/Templates", ext: "mustache") {
            for match in template.text.matches(of: /\{\{[#^\/&{]?\s*t\.([A-Za-z0-9_.]+)/) {
                let key = String(match.output.1)
                used.insert(key)
                #expect(Self.keys.contains(key), "\(template.path): {{t.\(key)}} is not in the catalog")
            }
        }
        #expect(used.contains("login.help") && used.count > 300, "the scan finds the templates' texts")
    }

    /// Every string literal shaped like a key (`error.payee.not_found`) whose group is one of the
    /// catalog's, and every literal head of a key built at run time (`"error.locked.\(…)"`, `"credential." + …`).
    @Test func everyKeyTheCodeNamesExists() throws {
        var checked = 0
        for source in try Self.files(under: "Sources", ext: "swift") {
            for match in source.text.matches(of: /"((?:[^"\\\n]|\\.)*)"/) {
                let literal = String(match.output.1)
                let head = literal.components(separatedBy: "\\(").first ?? literal
                guard let group = head.split(separator: ".").first.map(String.init), Self.topGroups.contains(group),
                      head.wholeMatch(of: /[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)*\.?/) != nil, head.contains(".") else { continue }
                checked += 1
                if head == literal, !literal.hasSuffix(".") {
                    #expect(Self.keys.contains(literal) || TextCatalog.groups.contains(literal),
                            "\(source.path): \"\(literal)\" is not in the catalog")
                } else {
                    let prefix = head.hasSuffix(".") ? String(head.dropLast()) : head
                    #expect(TextCatalog.groups.contains(prefix) || Self.keys.contains { $0.hasPrefix(head) },
                            "\(source.path): no key begins \"\(head)\"")
                }
            }
        }
        #expect(checked > 300, "the scan finds the code's keys")
    }

    /// The first argument of `lang.text(…)` and every `…Key:` argument, when written out: such a
    /// literal is a key whatever its shape (a key of the old flat style would slip past the
    /// scan above).
    @Test func everyLiteralPassedAsAKeyExists() throws {
        var checked = 0
        for source in try Self.files(under: "Sources/BankWeb", ext: "swift") {
            for match in source.text.matches(of: /(?:(?:lang|\))\.text\(|[a-z]Key: |let title = )"([^"\\]*)"/) {
                let literal = String(match.output.1)
                checked += 1
                #expect(Self.keys.contains(literal), "\(source.path): \"\(literal)\" is not in the catalog")
            }
        }
        #expect(checked > 50, "the scan finds the keys passed")
    }

    /// Keys the code builds from an enum's raw value, for every case.
    @Test func everyKeyBuiltFromAnEnumExists() {
        var built: [String] = []
        built += Credential.allCases.flatMap { [$0.labelKey, BankError.credentialLocked($0).messageKey] }
        built += AccountType.allCases.map(\.labelKey)
        built += TransferRoute.allCases.map(\.labelKey)
        built += StaffRole.allCases.map(\.labelKey)
        built += AccessRequestKind.allCases.map(\.labelKey)
        built += AccessRequestStatus.allCases.map(\.labelKey)
        built += IdentityDocument.allCases.map(\.labelKey)
        built += CompensationAssessment.Rule.allCases.map { "compensation.\($0.rawValue)" }
        built += TransferStatus.allCases.map { "transfer.status.\($0.rawValue)" }
        built += OutboxStatus.allCases.map { "staff_mail_status.\($0.rawValue)" }
        built += OTPTokenStatus.allCases.map { "staff_token_status.\($0.rawValue)" }
        built += ["timeout", "expired", "ended", "logout"].map { "login.reason.\($0)" }
        built += ["timeout", "ended", "logout"].map { "staff_login_reason.\($0)" }
        for key in built { #expect(Self.keys.contains(key), "\(key) is not in the catalog") }
    }

    /// Every mail in both languages has all its words and values: no `{placeholder}` and no key left.
    @Test func everyMailIsWhole() throws {
        let at = Date(timeIntervalSince1970: 1_775_000_000)
        let destination = try JSONDecoder().decode(TransferDestination.self, from: Data(#"""
            {"kind": "other", "bankCode": "0998", "bankName": "テスト銀行", "branchCode": "001", "branchName": "本店",
             "accountType": "savings", "accountNumber": "1234567", "holderName": "ﾀﾅｶ ﾊﾅｺ"}
            """#.utf8))
        for language in MailLanguage.allCases {
            var mails = [
                MailTemplates.test(bankName: "協栄信用組合", at: at, language: language),
                MailTemplates.tokenIssued(bankName: "協栄信用組合", downloadURL: "https://x/token", serviceID: "S", userID: "U",
                                          setupBy: at, language: language),
                MailTemplates.tokenIssuedNotice(bankName: "協栄信用組合", mobileEmail: "taro@example.jp", setupBy: at, at: at,
                                                language: language),
                MailTemplates.mailPassword(bankName: "協栄信用組合", password: "123456", destination: destination, at: at,
                                           language: language),
                MailTemplates.transferReturned(bankName: "協栄信用組合", reception: "R1", amount: Yen(1000), reason: "口座なし",
                                               at: at, language: language),
            ]
            mails += Credential.allCases.map { MailTemplates.lockNotice($0, bankName: "協栄信用組合", at: at, language: language) }
            mails += OTPNotice.allCases.map { MailTemplates.otpNotice($0, bankName: "協栄信用組合", at: at, language: language) }
            mails += CustomerPassword.allCases.map {
                MailTemplates.passwordChanged($0.credential, bankName: "協栄信用組合", at: at, language: language)
            }
            for on in [true, false] {
                mails.append(MailTemplates.mailPasswordSetting(on: on, bankName: "協栄信用組合", address: "a@example.jp", at: at,
                                                               language: language))
                mails.append(MailTemplates.transferAccepted(bankName: "協栄信用組合", reception: "R1", source: "本店 普通 7654321",
                                                            destination: destination, amount: Yen(1000), fee: Yen(110),
                                                            settled: on, at: at, language: language))
                for kind in MailAddressKind.allCases {
                    mails.append(MailTemplates.mailAddressChanged(kind: kind, bankName: "協栄信用組合", newAddress: "n@example.jp",
                                                                  mailPasswordMoved: on, toOldAddress: !on, at: at,
                                                                  language: language))
                }
            }
            for mail in mails {
                for text in [mail.subject, mail.body] {
                    #expect(!text.contains("{") && !text.contains("mail."), "\(language): \(text)")
                    #expect(!text.isEmpty)
                }
                #expect(mail.body.contains("協栄信用組合"), "every mail is signed")
            }
        }
    }

    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests", url.pathComponents.count > 1 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent()
    }()

    static func files(under folder: String, ext: String) throws -> [(path: String, text: String)] {
        let base = repositoryRoot.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var found: [(path: String, text: String)] = []
        for case let url as URL in walker where url.pathExtension == ext {
            found.append((String(url.path.dropFirst(repositoryRoot.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
        }
        return found
    }
}
