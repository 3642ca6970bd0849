import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One TCP (optionally TLS) connection to an SMTP server, driven with async/await:
/// write a line, await the reply, with a timeout on every wait.
final class SMTPConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let commandTimeout: TimeAmount

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, commandTimeout: TimeAmount) {
        self.channel = channel
        self.handler = handler
        self.commandTimeout = commandTimeout
    }

    /// Connects; with `tls` the handshake starts at once (implicit TLS, `smtps://`).
    static func connect(host: String, port: Int, tls: NIOSSLContext?, serverHostname: String?,
                        connectTimeout: TimeAmount, commandTimeout: TimeAmount) async throws -> SMTPConnection {
        // The reply handler is handed out of the initializer rather than looked up in the
        // pipeline afterwards: a rejected certificate can close the channel (and empty its
        // pipeline) before `connect` returns, and the handler holds that failure.
        let slot = HandlerSlot()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    let handler = SMTPReplyHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    slot.handler.withLock { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
            .connect(host: host, port: port).get()
        guard let handler = slot.handler.withLock({ $0 }) else { throw SMTPProtocolError.connectionClosed }
        return SMTPConnection(channel: channel, handler: handler, commandTimeout: commandTimeout)
    }

    private final class HandlerSlot: Sendable {
        let handler = Mutex<NIOLoopBound<SMTPReplyHandler>?>(nil)
    }

    /// Waits for the next reply (the greeting, or the answer to what was just written).
    func readReply(waitingFor what: String) async throws -> SMTPReply {
        let handler = self.handler, timeout = commandTimeout
        return try await channel.eventLoop.flatSubmit {
            handler.value.nextReply(eventLoop: handler.eventLoop, timeout: timeout, waitingFor: what)
        }.get()
    }

    /// Sends one command line and waits for its reply. `what` names the command in errors,
    /// so AUTH secrets never reach a message.
    func command(_ line: String, what: String) async throws -> SMTPReply {
        try await write(Array(line.utf8) + [0x0D, 0x0A])
        return try await readReply(waitingFor: "reply to \(what)")
    }

    func write(_ bytes: [UInt8]) async throws {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        } catch {
            let handler = self.handler
            throw (try? await channel.eventLoop.submit { handler.value.recordedFailure }.get()) ?? error
        }
    }

    /// Puts TLS under the SMTP handler (after the server's 220 to STARTTLS) and waits for
    /// the handshake, so a rejected certificate surfaces as itself, not as a failed write.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        let handler = self.handler, channel = self.channel, timeout = commandTimeout
        try await channel.eventLoop.flatSubmit {
            do {
                try handler.value.ensureNothingBuffered()
                let done = handler.value.expectHandshake(eventLoop: channel.eventLoop, timeout: timeout)
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
                return done
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }

    /// Closes without waiting for the server; errors while closing change nothing for us.
    func close() async {
        try? await channel.close()
    }
}

extension Duration {
    /// NIO's `TimeAmount` for this duration (nanosecond precision is plenty for timeouts).
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
