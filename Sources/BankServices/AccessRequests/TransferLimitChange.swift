import BankCore
import BankStore
import Foundation
import SQLKit

/// A 振込限度額 change from the counter: lowered at once, raised only by request.
public enum TransferLimitChange: Sendable, Equatable {
    case applied(Yen)
    case requested(AccessRequestView)
}
