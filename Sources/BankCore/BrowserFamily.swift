/// The browser and operating system a stored User-Agent names, coarsely: enough for a customer
/// to tell their own devices from someone else's on ログイン履歴, and no more (never a fingerprint).
public struct BrowserFamily: Sendable, Equatable, Hashable {
    public enum Browser: String, Sendable, CaseIterable {
        case chrome, edge, safari, firefox, other
    }

    public enum System: String, Sendable, CaseIterable {
        case windows, macOS = "macos", iOS = "ios", android, linux, other
    }

    public var browser: Browser
    public var system: System

    public init(browser: Browser, system: System) {
        self.browser = browser
        self.system = system
    }

    /// Reads the families from a User-Agent. The order matters: Edge and Opera also say
    /// "Chrome", Chrome says "Safari", Android says "Linux", iOS says "like Mac OS X".
    public init(userAgent: String) {
        self.init(browser: Self.browser(in: userAgent), system: Self.system(in: userAgent))
    }

    static func browser(in agent: String) -> Browser {
        if has(agent, "Edg/", "Edge/", "EdgA/", "EdgiOS/") { return .edge }
        if has(agent, "OPR/", "Opera", "SamsungBrowser/", "YaBrowser/") { return .other }
        if has(agent, "Firefox/", "FxiOS/") { return .firefox }
        if has(agent, "Chrome/", "CriOS/", "Chromium/") { return .chrome }
        if has(agent, "Safari/"), has(agent, "Version/") { return .safari }
        return .other
    }

    static func system(in agent: String) -> System {
        if has(agent, "iPhone", "iPad", "iPod") { return .iOS }
        if has(agent, "Android") { return .android }
        if has(agent, "Windows") { return .windows }
        if has(agent, "Macintosh", "Mac OS X") { return .macOS }
        if has(agent, "CrOS") { return .other }
        if has(agent, "Linux", "X11") { return .linux }
        return .other
    }

    private static func has(_ agent: String, _ markers: String...) -> Bool {
        markers.contains { agent.contains($0) }
    }

    /// The browser's own name (not translated); nil for one not recognised.
    public var browserName: String? {
        switch browser {
        case .chrome: "Chrome"
        case .edge: "Edge"
        case .safari: "Safari"
        case .firefox: "Firefox"
        case .other: nil
        }
    }

    /// The system's own name (not translated); nil for one not recognised.
    public var systemName: String? {
        switch system {
        case .windows: "Windows"
        case .macOS: "macOS"
        case .iOS: "iOS"
        case .android: "Android"
        case .linux: "Linux"
        case .other: nil
        }
    }
}
