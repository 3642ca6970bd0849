import Testing
@testable import TokenKit
