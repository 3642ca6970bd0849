import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

enum OTPText {
    static let activated = "ワンタイムパスワードの利用開始登録が完了しました。"
    static let deactivated = "ワンタイムパスワードの利用解除登録が完了しました。"
    static let wrongCode = "ワンタイムパスワードが正しくありません。"
    static let alreadyUsed = "このワンタイムパスワードはすでに使用されています。"
    static let mailPasswordOn = "メール通知パスワードを利用中のため"
    static let alreadyActive = "ワンタイムパスワードを利用中です。新しいトークンを発行するには"
    static let wrongConfirmation = "確認用パスワードが正しくありません。"
    static let otpLocked = "ワンタイムパスワードの誤入力が規定の回数を超えたため"
    static let notSetUp = "トークンアプリの初期設定が済んでいません。"
}

extension Site {
    static let mobile = "hanako.mobile@example.jp"
    static let activation = "2468"

    /// トークン発行 through the screens, as the customer would.
    @discardableResult
    func issueToken(_ browser: Browser, mobile: String = Site.mobile, activation: String = Site.activation,
                    confirmation: String = SeededCustomer.confirmationPassword) async throws -> WebResponse {
        let form = try await browser.get("/otp/issue")
        let token = try #require(form.csrf)
        return try await browser.post("/otp/issue", form: [
            ("_csrf", token), ("mobile_email", mobile), ("activation_password", activation), ("confirmation_password", confirmation),
        ])
    }

    /// The customer's live token, read from the store.
    func liveToken() async throws -> OTPTokenRecord? {
        try await bank.database.read { db in try await OTPTokenRecords.live(db, customerID: customer.customer.id) }
    }

    func token(userID: String) async throws -> OTPTokenRecord? {
        try await bank.database.read { db in try await OTPTokenRecords.find(db, userID: userID) }
    }

    /// The token app's call: POST /api/v1/token/provision.
    func provision(serviceID: String = "KYOEI-IB", userID: String, activation: String = Site.activation,
                   rawBody: String? = nil, contentType: String = "application/json") async throws -> (HTTPResponse.Status, [String: Any]) {
        let encoded = try JSONSerialization.data(withJSONObject: [
            "service_id": serviceID, "user_id": userID, "activation_password": activation,
        ])
        let body = rawBody ?? String(decoding: encoded, as: UTF8.self)
        let response = try await client.executeRequest(uri: "/api/v1/token/provision", method: .post,
                                                       headers: [.contentType: contentType], body: ByteBuffer(string: body))
        let parsed = try? JSONSerialization.jsonObject(with: Data(buffer: response.body))
        let object = parsed as? [String: Any] ?? [:]
        return (response.status, object)
    }

    /// Issue + provision: returns the secret the app received.
    func issueAndProvision(_ browser: Browser) async throws -> [UInt8] {
        let issued = try await issueToken(browser)
        #expect(issued.status == .seeOther)
        let live = try await liveToken()
        let token = try #require(live)
        let (status, json) = try await provision(userID: token.userID)
        #expect(status == .ok)
        let text = try #require(json["secret"] as? String)
        return try #require(Base32.decode(text))
    }

    /// 利用開始 with a code typed on the screen.
    @discardableResult
    func activate(_ browser: Browser, code: String) async throws -> WebResponse {
        let form = try await browser.get("/otp/activate")
        let token = try #require(form.csrf)
        return try await browser.post("/otp/activate", form: [("_csrf", token), ("otp", code)])
    }

    /// Issue, provision and activate: OTP on. Returns the secret.
    func turnOnOTP(_ browser: Browser) async throws -> [UInt8] {
        let secret = try await issueAndProvision(browser)
        let done = try await activate(browser, code: code(secret))
        #expect(done.location == "/otp/activate/done")
        return secret
    }

    func code(_ secret: [UInt8], offsetSteps: Int = 0) -> String {
        TOTP.code(secret: secret, at: clock.now().addingTimeInterval(TimeInterval(60 * offsetSteps)))
    }

    /// The OTP screen's form token, then the code.
    @discardableResult
    func submitLoginOTP(_ browser: Browser, code: String) async throws -> WebResponse {
        let page = try await browser.get("/login/otp")
        let token = try #require(page.csrf)
        return try await browser.post("/login/otp", form: [("_csrf", token), ("otp", code)])
    }

    func extraFactor() async throws -> ExtraFactorState {
        try await bank.otp.factorOverview(by: .customer(id: customer.customer.id)).state
    }
}
