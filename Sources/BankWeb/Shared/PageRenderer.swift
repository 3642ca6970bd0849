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
    /// `memchr` and the rest compared by `memcmp`: a loop over every byte of the page was still
    /// 4 % of the server's instructions on that page (callgrind).
    static func keepingPhoneNumbersWhole(_ html: String) -> String {
        let phone = Array(BankContact.current.phone.utf8)
        guard let first = phone.first else { return html }
        var page = html
        return page.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress else { return nil }
            var output: [UInt8] = []
            var copied = 0, index = 0
            while index + phone.count <= bytes.count {
                guard let hit = memchr(base + index, Int32(first), bytes.count - phone.count + 1 - index) else { break }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard memcmp(base + at, phone, phone.count) == 0 else { index = at + 1; continue }
                if output.isEmpty { output.reserveCapacity(bytes.count + 64) }
                output.append(contentsOf: bytes[copied..<at])
                output.append(contentsOf: Self.telOpen)
                output.append(contentsOf: phone)
                output.append(contentsOf: Self.telClose)
                index = at + phone.count
                copied = index
            }
            guard copied > 0 else { return nil }
            output.append(contentsOf: bytes[copied...])
            return String(decoding: output, as: UTF8.self)
        } ?? html
    }

    private static let telOpen = Array(#"<span class="tel">"#.utf8)
    private static let telClose = Array("</span>".utf8)
}
