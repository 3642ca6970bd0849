import Mustache

/// What every page shows around its own data: the header's title, language switch and CSRF
/// token, who is logged in, and the notice and errors above the form. The header and footer
/// partials of both sites read it by the names in `child(named:)`.
struct PageChrome: Sendable {
    let lang: Language
    let title: String
    let csrf: String
    /// Where the language switch returns to (a page that can be fetched again).
    let returnTo: String
    /// The customer's name with its honorific, on a logged-in customer page.
    var customerName: String?
    /// The member of staff, on a logged-in back-office page.
    var staff: StaffBadge?
    var notice: String?
    var errors: [String] = []
    /// The idle-timeout countdown and warning of a signed-in page.
    var sessionTimer: SessionTimer?

    init(lang: Language, title: String, csrf: String, returnTo: String, customerName: String? = nil,
         staff: StaffBadge? = nil, notice: String? = nil, errors: [String] = [], sessionTimer: SessionTimer? = nil) {
        self.lang = lang
        self.title = title
        self.csrf = csrf
        self.returnTo = returnTo
        self.customerName = customerName
        self.staff = staff
        self.notice = notice
        self.errors = errors
        self.sessionTimer = sessionTimer
        texts = lang.templateTexts
    }

    /// The catalog, read once per page rather than once per `{{t.…}}`.
    private let texts: TemplateTexts
}

/// Who is logged in to the back office, as its header shows them.
struct StaffBadge: Sendable {
    let name: String
    let staffID: String
    let roleLabel: String
}

extension PageChrome: MustacheParent {
    /// A name the chrome does not have is nil, so Mustache looks further up its stack.
    func child(named name: String) -> Any? {
        switch name {
        case "t": return texts
        case "lang": return lang.rawValue
        case "is_ja": return lang == .ja
        case "other_lang": return lang.other.rawValue
        case "title": return title
        case "csrf": return csrf
        case "return_to": return returnTo
        // Mustache cannot test "non-empty list" by itself: the header's error box needs a flag.
        case "has_errors": return !errors.isEmpty
        case "errors": return errors
        case "notice": return notice
        case "logged_in": return customerName != nil || staff != nil ? true : nil
        case "customer_name": return customerName
        case "staff_name": return staff?.name
        case "staff_id": return staff?.staffID
        case "staff_role": return staff?.roleLabel
        case "session_timer": return sessionTimer
        default: return nil
        }
    }
}
