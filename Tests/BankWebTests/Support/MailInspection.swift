import BankStore
import BankTestSupport
import Foundation

// Forwards to the one mail reader of the tests (BankTestSupport's TestMail), under the names
// the web tests have always used.

/// The mail's text body, decoded from its base64 part.
func decodedBody(_ mail: OutboxMail) throws -> String { try TestMail.body(mail) }

/// The mail's Subject, its RFC 2047 encoded-words decoded.
func decodedSubject(_ mail: OutboxMail) -> String { (try? TestMail.subject(mail)) ?? "" }
