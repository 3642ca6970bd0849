import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Binds a TCP socket to an ephemeral loopback port to learn a port nobody listens on
/// (closed again before use, so connecting is refused).
struct ServerSocketProbe {
    let fd: Int32
    let port: Int

    static func bindEphemeral() throws -> ServerSocketProbe {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return ServerSocketProbe(fd: fd, port: Int(UInt16(bigEndian: address.sin_port)))
    }

    func close() { _ = Glibc.close(fd) }
}
