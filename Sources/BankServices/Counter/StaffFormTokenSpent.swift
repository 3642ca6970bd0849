import BankCore
import BankStore
import Foundation
import SQLKit

/// The form's token was claimed by an earlier (or simultaneous) submission.
struct StaffFormTokenSpent: Error {}
