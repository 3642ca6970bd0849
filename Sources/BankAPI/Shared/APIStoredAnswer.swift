import Foundation
import Hummingbird

/// An answer given before and kept (an `Idempotency-Key` replay): thrown by a handler, written
/// by `APIProblemMiddleware` exactly as stored, status and body alike.
struct APIStoredAnswer: Error, Sendable, Equatable {
    var status: Int
    var contentType: String
    var body: Data

    var response: Response {
        Response(status: .init(code: status), headers: [.contentType: contentType],
                 body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
