import BankCore

extension BankUseCase {
    /// Today in Japan, by the bank's clock (statements, reports and limits count JST days).
    public func today() -> JapanTime.Day { JapanTime.Day(containing: clock.now()) }
}
