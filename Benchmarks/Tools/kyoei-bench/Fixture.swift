import Foundation

/// What `setup` made for the HTTP runs: credentials, sessions with their CSRF tokens, token
/// secrets and prepared 確認画面 — each item used once, so no run depends on another.
struct Fixture: Codable {
    var passwords: FixturePasswords
    /// Customers without an extra factor: the password login run.
    var passwordLogins: [String]
    /// Customers with an active token, not logged in: the password + OTP login run.
    var otpLogins: [OTPCustomer]
    /// Sessions whose password step passed and whose code is owed: the OTP step run.
    var pendingOTP: [PendingOTP]
    /// Prepared 確認画面 (in-bank 届出済み payee, 1円): the HTTP 実行 run.
    var executes: [PreparedTransfer]
    /// Logged-in sessions (cookie values): the menu and balances runs, and RSS.
    var sessions: [String]
    /// The customers of the transfer ring: the API 実行 run logs them in and quotes over HTTP.
    var transferRing: [RingPayer]

    static func load(_ path: String) throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func save(_ path: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path))
    }
}

struct OTPCustomer: Codable, Sendable {
    var loginID: String
    var secret: [UInt8]
    /// The step accepted at activation: the next code must be later.
    var lastStep: Int64
}

struct PendingOTP: Codable, Sendable {
    var cookie: String
    var csrf: String
    var secret: [UInt8]
    var lastStep: Int64
}

struct PreparedTransfer: Codable, Sendable {
    var cookie: String
    var csrf: String
    var nonce: String
}

struct RingPayer: Codable, Sendable {
    var loginID: String
    var accountID: Int64
    /// The 届出済み payee that is the next customer's account.
    var payeeID: Int64
}
