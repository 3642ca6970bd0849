import NIOCore
import NIOSSL
import NIOTLS

/// The inbound end of an SMTP client pipeline: splits bytes into lines, lines into replies,
/// and hands each reply to the one caller waiting for it. Lives on the channel's event loop.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// RFC 5321 allows 512 octets per reply line; leave room for chatty servers, no more.
    static let maxLineLength = 4096

    private var pending: ByteBuffer?
    private var parser = SMTPReplyParser()
    private var replies: CircularBuffer<SMTPReply> = []
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    /// The first thing that broke the connection; later waits fail with it too.
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?
    private var handshake: (promise: EventLoopPromise<Void>, timeout: Scheduled<Void>)?

    /// What broke the connection, if anything: a failed write reports only "closed
    /// channel", while this says why (certificate rejected, reset, timeout).
    var recordedFailure: (any Error)? { failure }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if pending == nil { pending = incoming } else { pending!.writeBuffer(&incoming) }
        do {
            while let line = try nextLine() {
                if let reply = try parser.feed(line) { deliver(reply) }
            }
        } catch {
            fail(error)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event, let (promise, timeout) = handshake {
            handshake = nil
            timeout.cancel()
            promise.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Succeeds when the TLS handler added after this call finishes its handshake.
    func expectHandshake(eventLoop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let scheduled = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self else { return }
            self.fail(SMTPProtocolError.timeout("the TLS handshake"))
            self.context?.close(promise: nil)
        }
        handshake = (promise, scheduled)
        return promise.futureResult
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPProtocolError.connectionClosed)
        context.fireChannelInactive()
    }

    /// The next reply, failing after `timeout` (and then closing the connection, because a
    /// late reply would be taken for the answer to the next command).
    func nextReply(eventLoop: any EventLoop, timeout: TimeAmount, waitingFor what: String) -> EventLoopFuture<SMTPReply> {
        precondition(waiter == nil, "one SMTP command at a time")
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let scheduled = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self else { return }
            self.fail(SMTPProtocolError.timeout(what))
            self.context?.close(promise: nil)
        }
        waiter = (promise, scheduled)
        return promise.futureResult
    }

    /// Before TLS starts nothing may be buffered: plaintext read after the 220 to STARTTLS
    /// would otherwise be trusted as if it had come over TLS (the CVE-2011-0411 class).
    func ensureNothingBuffered() throws(SMTPProtocolError) {
        guard replies.isEmpty, (pending?.readableBytes ?? 0) == 0 else { throw .dataAfterStartTLS }
    }

    private func nextLine() throws(SMTPProtocolError) -> String? {
        guard var buffer = pending else { return nil }
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLineLength { throw .lineTooLong }
            return nil
        }
        let length = newline - view.startIndex
        guard length <= Self.maxLineLength else { throw .lineTooLong }
        var bytes = buffer.readBytes(length: length + 1)!
        bytes.removeLast()  // LF
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        pending = buffer.readableBytes == 0 ? nil : buffer
        return String(decoding: bytes, as: UTF8.self)
    }

    private func deliver(_ reply: SMTPReply) {
        if let (promise, timeout) = waiter {
            waiter = nil
            timeout.cancel()
            promise.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        if let (promise, timeout) = waiter {
            waiter = nil
            timeout.cancel()
            promise.fail(failure!)
        }
        if let (promise, timeout) = handshake {
            handshake = nil
            timeout.cancel()
            promise.fail(failure!)
        }
    }
}
