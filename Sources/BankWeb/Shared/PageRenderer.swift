import BankCore
import Foundation
import Mustache

/// Renders the screens: one Mustache template per screen under `Templates/`, with the
/// `header` and `footer` partials (and `destination_fields`, `transfer_destination` shared by
/// the transfer and payee screens; the back office has its own `staff_header` and
/// `staff_footer`). Values are HTML-escaped (`HTMLBytesEscaping`) unless a template says
/// otherwise (only the token app's QR code, markup made by QRCodeSVG).
public struct PageRenderer: Sendable {
    /// The templates, one library per language with its texts written in (`PageTemplates`).
    let templates: PageTemplates
    let stylesheet: String
    /// `Public/session-timer.js`: the timeout countdown and warning of signed-in pages.
    let sessionScript: String

    public static func load() async throws -> PageRenderer {
        guard let templates = Bundle.module.path(forResource: "Templates", ofType: nil),
              let publicFolder = Bundle.module.path(forResource: "Public", ofType: nil) else {
            throw RendererError.resourcesMissing
        }
        let pageTemplates = try PageTemplates(directory: templates)
        let stylesheet = try String(contentsOfFile: publicFolder + "/app.css", encoding: .utf8)
        let sessionScript = try String(contentsOfFile: publicFolder + "/session-timer.js", encoding: .utf8)
        return PageRenderer(templates: pageTemplates, stylesheet: stylesheet, sessionScript: sessionScript)
    }

    public enum RendererError: Error { case resourcesMissing, templateMissing(String) }

    /// The names of every screen template (the partials excluded), for the test that renders them all.
    public var screenNames: [String] {
        ["login", "menu", "balances", "statement", "error", "login_otp", "otp_menu", "otp_issue", "otp_issued", "otp_issued_authenticator",
         "otp_activate", "otp_activated", "otp_deactivate", "otp_deactivated", "token_app",
         "transfer", "transfer_other", "transfer_bank_search", "transfer_branch_search", "transfer_amount", "transfer_confirm", "transfer_done",
         "payees", "payee_new", "payee_delete", "mail_password", "mail_password_done", "password_change", "password_change_done",
         "login_history", "transfer_history", "transfer_history_detail",
         "staff_login", "staff_login_otp", "staff_home", "staff_customers", "staff_customer", "staff_audit",
         "staff_compensation", "staff_error", "staff_access", "staff_requests", "staff_request"]
            + StaffSite.operationsScreenNames + StaffSite.counterScreenNames + CustomerSite.mailAddressScreenNames
            + CustomerSite.notificationScreenNames + CustomerSite.transferLimitScreenNames + StaffSite.scheduledScreenNames
    }

    /// The screen `template` for a typed page model with its chrome, in the chrome's language.
    func render<Model>(_ template: String, _ context: PageContext<Model>) throws -> String {
        guard let html = try templates.library(context.chrome.lang).render(context, withTemplate: template) else {
            throw RendererError.templateMissing(template)
        }
        return Self.keepingPhoneNumbersWhole(html)
    }

    /// Every mention of the telephone number (the footer, the messages of a lock) wrapped so
    /// that it never breaks at a hyphen: on a phone's narrow screen a split number reads as
    /// two. Done here because the strings are escaped text and cannot carry the markup.
    ///
    /// A scan of the page's UTF-8 bytes (UTF-8 never matches inside another character), not
    /// Foundation's `replacingOccurrences`, which bridged every page through NSString: 10 % of
    /// the server's CPU on `GET /menu` (`perf`, issue 20). The number's first byte is found by
    /// `memchr` and the rest compared by `memcmp`. The page is then put together from its own
    /// pieces between the hits (copied as the valid text they are): made from bytes, the whole
    /// page was checked as UTF-8 again, 3 % of the server's instructions on `GET /menu`.
    static func keepingPhoneNumbersWhole(_ html: String) -> String {
        let phone = Array(BankContact.current.phone.utf8)
        guard let first = phone.first else { return html }
        var page = html
        // The byte offsets of the number's whole occurrences, none overlapping.
        let hits: [Int] = page.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return [] }
            var hits: [Int] = []
            var index = 0
            while index + phone.count <= bytes.count {
                guard let hit = memchr(base + index, Int32(first), bytes.count - phone.count + 1 - index) else { break }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, phone, phone.count) == 0 {
                    hits.append(at)
                    index = at + phone.count
                } else {
                    index = at + 1
                }
            }
            return hits
        }
        guard !hits.isEmpty else { return html }
        // A hit starts and ends on an ASCII byte: each piece's bounds are character boundaries.
        let bytes = page.utf8
        var output = ""
        output.reserveCapacity(bytes.count + hits.count * (Self.telOpen.utf8.count + Self.telClose.utf8.count))
        var copied = bytes.startIndex
        for hit in hits {
            let at = bytes.index(bytes.startIndex, offsetBy: hit)
            let end = bytes.index(at, offsetBy: phone.count)
            output += page[copied..<at]
            output += Self.telOpen
            output += page[at..<end]
            output += Self.telClose
            copied = end
        }
        output += page[copied...]
        return output
    }

    private static let telOpen = #"<span class="tel">"#
    private static let telClose = "</span>"
}
