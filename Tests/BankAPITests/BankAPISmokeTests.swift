import Testing
@testable import BankAPI

@Suite struct BankAPIModuleTests {
    @Test func moduleLinks() { _ = BankAPI.self }
}
