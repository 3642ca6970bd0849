import BankCore
import BankServices

/// セキュリティ設定 (GET /security) and メール通知パスワード利用変更 (PUT /security/mail-password):
/// `bank.otp.factorOverview`, `bank.mailPassword.setting/changeSetting` and the locks, as the
/// pages show and change them. Token provisioning stays on its own routes.
extension APIHandler {
    func getSecurity(_ input: Operations.GetSecurity.Input) async throws -> Operations.GetSecurity.Output {
        let caller = try APICaller.customer()
        return .ok(.init(body: .json(try await security(caller))))
    }

    func setMailPassword(_ input: Operations.SetMailPassword.Input) async throws -> Operations.SetMailPassword.Output {
        let caller = try APICaller.customer()
        guard case .json(let body) = input.body else { throw APIProblem.malformedBody }
        _ = try await bank.mailPassword.changeSetting(
            by: caller.actor, use: body.enabled, address: body.address ?? "", confirmationPassword: body.confirmationPassword,
            session: caller.session.factorsPresented, client: caller.client)
        return .ok(.init(body: .json(try await security(caller))))
    }

    private func security(_ caller: SignedInAPICustomer) async throws -> Components.Schemas.Security {
        let overview = try await bank.otp.factorOverview(by: caller.actor)
        let setting = try await bank.mailPassword.setting(by: caller.actor)
        let locks = try await bank.otp.lockedCredentials(by: caller.actor)
        return .init(
            extraFactor: .init(overview.state),
            otpToken: overview.token.map { token in
                .init(kind: token.kind == .authenticator ? .authenticator : .app,
                      status: .init(rawValue: token.status.rawValue) ?? .issued,
                      issuedAt: token.issuedAt, activatedAt: token.activatedAt)
            },
            mailPassword: .init(enabled: setting.current != nil, address: setting.current?.address,
                                addresses: setting.addresses, canEnable: setting.enableRefusal == nil),
            locks: .init(loginPassword: locks.contains(.loginPassword), confirmationPassword: locks.contains(.confirmationPassword),
                         otp: locks.contains(.otp) || overview.otpLocked, mailPassword: locks.contains(.mailPassword)))
    }
}

extension Components.Schemas.ExtraFactor {
    init(_ state: ExtraFactorState) {
        switch state {
        case .none: self = .none
        case .otpPending: self = .otpPending
        case .otpActive: self = .otpActive
        case .mailPassword: self = .mailPassword
        }
    }
}
