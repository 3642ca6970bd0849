import BankStore

extension BankUseCase {
    /// Where the bank may mail the customer: the PC address, then the mobile one if different.
    static func registeredAddresses(_ customer: CustomerRecord) -> [String] {
        var addresses = [customer.pcEmail]
        if let mobile = customer.mobileEmail, !mobile.isEmpty, mobile != customer.pcEmail { addresses.append(mobile) }
        return addresses
    }
}
