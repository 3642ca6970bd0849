import BankCore
import BankStore
import Foundation
import SQLKit

extension BankUseCase {
    /// The extra factor in force. An issued token whose set-up period ran out counts as
    /// gone even before the sweeper marks it expired.
    func extraFactorState(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws -> (ExtraFactorState, OTPTokenRecord?) {
        if try await MailPasswordSettingRecords.find(db, customerID: customerID) != nil { return (.mailPassword, nil) }
        guard let token = try await OTPTokenRecords.live(db, customerID: customerID) else { return (.none, nil) }
        let state = ExtraFactorState.judged(hasMailPasswordSetting: false, liveToken: (token.status, token.setupExpiresAt), at: now)
        return (state, state == .none ? nil : token)
    }

    /// The customer and the extra factor in force, read together before a change they asked for.
    func customerAndFactor(_ customerID: Int64, at now: Date) async throws -> (CustomerRecord, ExtraFactorState) {
        let (customer, state) = try await database.read { db in
            (try await CustomerRecords.find(db, id: customerID), try await extraFactorState(db, customerID: customerID, at: now).0)
        }
        guard let customer else { throw BankError.customerNotFound }
        return (customer, state)
    }

    /// Runs a rule of ExtraFactorRules, turning its refusal into the bank's error.
    func enforce(_ rule: () throws(ExtraFactorRefusal) -> Void) throws {
        do throws(ExtraFactorRefusal) { try rule() } catch { throw BankError.factor(error) }
    }

    func requireSecretKeys() throws -> SecretKeyRing {
        guard let keys = settings.secretKeys else { throw BankError.secretKeysMissing }
        return keys
    }
}

extension ExtraFactorState {
    /// The one rule, from the facts read (`extraFactorState`, or 実行's one statement): the
    /// メール通知パスワード setting, else the live token — an issued one whose set-up period ran out
    /// counts as gone even before the sweeper marks it expired.
    static func judged(hasMailPasswordSetting: Bool, liveToken: (status: OTPTokenStatus, setupExpiresAt: Date)?,
                       at now: Date) -> ExtraFactorState {
        if hasMailPasswordSetting { return .mailPassword }
        guard let token = liveToken else { return .none }
        switch token.status {
        case .active: return .otpActive
        case .issued where token.setupExpiresAt <= now: return .none
        default: return .otpPending(token.status)
        }
    }
}
