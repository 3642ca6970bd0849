import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 振込・振替先の登録 and 削除 (利用者登録), and the 届出済み payees the counter registers.
@Suite struct PayeeServiceTests {
    static let otherBankForm = PayeeForm(bankCode: "０９９８", branchCode: "３０５", accountType: "普通",
                                         accountNumber: "１２３４５６７", holderName: "ヤマダ　ジロウ")

    static func add(_ world: TransferWorld, _ form: PayeeForm, party: Party? = nil,
                    password: String = SeededCustomer.confirmationPassword) async throws -> PayeeView {
        try await world.bank.payees.add(by: .customer(id: (party ?? world.payer).id), form, confirmationPassword: password,
                                      session: TransferWorld.session, client: TransferWorld.client)
    }

    static func delete(_ world: TransferWorld, _ id: Int64, party: Party? = nil) async throws {
        try await world.bank.payees.delete(by: .customer(id: (party ?? world.payer).id), payeeID: id,
                                         confirmationPassword: SeededCustomer.confirmationPassword,
                                         session: TransferWorld.session, client: TransferWorld.client)
    }

    @Test(arguments: TestDatabases.engines)
    func addingNormalisesAndNamesThePayee(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let view = try await Self.add(world, Self.otherBankForm)
            #expect(view.record.holderName == "ﾔﾏﾀﾞ ｼﾞﾛｳ", "full-width kana become Zengin half-width")
            #expect(view.record.bankCode == "0998" && view.record.branchCode == "305" && view.record.accountNumber == "1234567")
            #expect(view.record.accountType == .ordinary && view.record.kind == .customer && view.record.createdBy == "customer")
            #expect(view.bankName == "架空サンプル銀行" && view.branchName == "港町支店")
            #expect(try await world.bank.payees.list(by: .customer(id: world.payer.id)).customerRegistered == [view])
            #expect(try await world.bank.payees.list(by: .customer(id: world.payee.id)).customerRegistered.isEmpty)
            let audit = try #require(try await world.audit(world.payer, event: "payee_added").first)
            #expect(audit.factors.presented == [.loginPassword, .confirmationPassword])
            #expect(audit.detail.contains("0998-305-ordinary-****567"))

            // In this bank a typed name that is not the holder's is refused, naming the field, before
            // the 確認用パスワード is looked at; left empty, the ledger's name is used.
            let notTheHolder = PayeeForm(bankCode: "2999", branchCode: "002", accountType: "savings",
                                         accountNumber: world.payee.savings.accountNumber, holderName: "ﾃｷﾄｳ ﾅﾏｴ")
            await #expect(throws: BankError.invalidInput([FieldError(field: "holder_name",
                                                                     messageKey: "error.holder_name.not_account_holder")])) {
                try await Self.add(world, notTheHolder)
            }
            let inBank = try await Self.add(world, PayeeForm(bankCode: "2999", branchCode: "002", accountType: "savings",
                                                             accountNumber: world.payee.savings.accountNumber, holderName: ""))
            #expect(inBank.record.holderName == "ｽｽﾞｷ ｲﾁﾛｳ")
            #expect(inBank.bankName == "協栄信用組合" && inBank.branchName == "吉田支店")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badPayeesAreRefusedAndNothingIsAdded(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            _ = try await Self.add(world, Self.otherBankForm)
            await #expect(throws: BankError.duplicatePayee, "the same account, typed differently") {
                try await Self.add(world, PayeeForm(bankCode: "0998", branchCode: "305", accountType: "ordinary",
                                                    accountNumber: "1234567", holderName: "ﾔﾏﾀﾞ ｼﾞﾛｳ"))
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "bank_code", messageKey: "error.transfer.unknown_bank")])) {
                try await Self.add(world, PayeeForm(bankCode: "0001", branchCode: "001", accountType: "ordinary",
                                                    accountNumber: "1234567", holderName: "ｱ"))
            }
            let allWrong = PayeeForm(bankCode: "12", branchCode: "", accountType: "預金", accountNumber: "12a", holderName: "山田")
            await #expect(throws: BankError.invalidInput([
                FieldError(field: "bank_code", messageKey: "error.bank_code.invalid"),
                FieldError(field: "branch_code", messageKey: "error.branch_code.required"),
                FieldError(field: "account_type", messageKey: "error.account_type.invalid"),
                FieldError(field: "account_number", messageKey: "error.account_number.invalid"),
                FieldError(field: "holder_name", messageKey: "error.payee_name.invalid"),
            ]), "every field at once, in form order") { try await Self.add(world, allWrong) }
            let fresh = PayeeForm(bankCode: "0997", branchCode: "101", accountType: "ordinary", accountNumber: "7654321",
                                  holderName: "ﾃﾞﾓ ﾀﾛｳ")
            await #expect(throws: BankError.wrongConfirmationPassword) { try await Self.add(world, fresh, password: "Wrong1pass") }
            await #expect(throws: BankError.invalidInput([FieldError(field: "confirmation_password",
                                                                     messageKey: "error.confirmation_password.required")])) {
                try await Self.add(world, fresh, password: "")
            }
            #expect(try await world.bank.payees.list(by: .customer(id: world.payer.id)).customerRegistered.count == 1)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 1)
            _ = try await Self.add(world, fresh)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 0, "a success resets the count")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func customersDeleteOnlyTheirOwnRegistrations(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let mine = try await Self.add(world, Self.otherBankForm)
            let theirs = try await Self.add(world, Self.otherBankForm, party: world.payee)
            let counter = try await world.bank.counter.registerBankPayee(loginID: "tanaka01", PayeeForm(
                bankCode: "1999", branchCode: "002", accountType: "current", accountNumber: "0000011", holderName: "ｷﾀﾏﾁ ｼﾖｳﾃﾝ"),
                by: .operator(name: "clerk"))
            await #expect(throws: BankError.payeeNotFound, "届出済み payees are the bank's to remove") {
                try await Self.delete(world, counter.record.id)
            }
            await #expect(throws: BankError.payeeNotFound, "another customer's payee") {
                try await Self.delete(world, theirs.record.id)
            }
            await #expect(throws: BankError.payeeNotFound) { try await Self.delete(world, 999_999) }
            try await Self.delete(world, mine.record.id)
            await #expect(throws: BankError.payeeNotFound, "already deleted") { try await Self.delete(world, mine.record.id) }

            let payerLists = try await world.bank.payees.list(by: .customer(id: world.payer.id))
            #expect(payerLists.customerRegistered.isEmpty && payerLists.bankRegistered == [counter])
            #expect(try await world.bank.payees.list(by: .customer(id: world.payee.id)).customerRegistered == [theirs])
            #expect(try await world.audit(world.payer, event: "payee_deleted").count == 1)
            // Deleted, it may be registered again.
            _ = try await Self.add(world, Self.otherBankForm)
            await #expect(throws: BankError.payeeNotFound, "a deleted payee is no destination") {
                try await world.bank.transfers.resolveDestination(by: .customer(id: world.payer.id), .customerPayee(id: mine.record.id))
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theCounterRegistersAndRemovesBankPayees(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let form = PayeeForm(bankCode: "2999", branchCode: "001", accountType: "ordinary",
                                 accountNumber: world.payee.ordinary.accountNumber, holderName: "")
            let registered = try await world.bank.counter.registerBankPayee(loginID: "TANAKA01", form, by: .operator(name: "clerk"))
            #expect(registered.record.kind == .bank && registered.record.createdBy == "staff:clerk")
            #expect(registered.record.holderName == "ｽｽﾞｷ ｲﾁﾛｳ")
            await #expect(throws: BankError.duplicatePayee) {
                try await world.bank.counter.registerBankPayee(loginID: "tanaka01", form, by: .operator(name: "clerk"))
            }
            await #expect(throws: BankError.customerNotFound) {
                try await world.bank.counter.registerBankPayee(loginID: "nobody99", form, by: .operator(name: "clerk"))
            }
            // The customer may keep the same account in their own list as well.
            let own = try await Self.add(world, PayeeForm(bankCode: "2999", branchCode: "001", accountType: "ordinary",
                                                          accountNumber: world.payee.ordinary.accountNumber, holderName: ""))
            await #expect(throws: BankError.payeeNotFound, "the counter removes only 届出済み payees") {
                try await world.bank.counter.removeBankPayee(loginID: "tanaka01", payeeID: own.record.id, by: .operator(name: "clerk"))
            }
            await #expect(throws: BankError.payeeNotFound, "only the named customer's") {
                try await world.bank.counter.removeBankPayee(loginID: "suzuki01", payeeID: registered.record.id, by: .operator(name: "clerk"))
            }
            #expect(try await world.audit(world.payer, event: "bank_payee_registered").count == 1)

            try await world.bank.counter.removeBankPayee(loginID: "tanaka01", payeeID: registered.record.id, by: .operator(name: "clerk"))
            #expect(try await world.bank.payees.list(by: .customer(id: world.payer.id)).bankRegistered.isEmpty)
            #expect(try await world.audit(world.payer, event: "bank_payee_removed").first?.actor == "staff:clerk")
            await #expect(throws: BankError.payeeNotFound) {
                try await world.bank.counter.removeBankPayee(loginID: "tanaka01", payeeID: registered.record.id, by: .operator(name: "clerk"))
            }
        }
    }
}
