import BankCore
import BankStore
import Foundation

extension DemoService {
    /// The demo staff, each created only when missing. Returns every one's login.
    func seedStaff() async throws -> [DemoStaffLogin] {
        var logins: [DemoStaffLogin] = []
        for member in DemoStaff.all {
            let secret = Base32.decode(member.totpSecret)!
            if (try? await bank.staff.member(staffID: member.staffID)) == nil {
                _ = try await bank.staff.enroll(staffID: member.staffID, name: member.name, role: member.role, password: member.password,
                                              secret: secret, by: Self.maker)
            }
            logins.append(DemoStaffLogin(
                staffID: member.staffID, name: member.name, role: member.role, password: member.password,
                totpSecret: member.totpSecret,
                otpauthURI: TOTP.provisioningURI(secret: secret, issuer: settings.bankName, account: member.staffID,
                                                 parameters: settings.staff.totp)))
        }
        return logins
    }
}
