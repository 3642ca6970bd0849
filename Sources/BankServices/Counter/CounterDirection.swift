import BankCore
import BankStore
import Foundation
import SQLKit

public enum CounterDirection: String, Sendable, Codable {
    case deposit, withdrawal
}
