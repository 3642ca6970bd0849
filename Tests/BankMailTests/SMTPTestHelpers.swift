import BankTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a program to completion; throws with its output when it fails.
func runProgram(_ executable: String, _ arguments: [String]) async throws {
    let (status, stdout, stderr) = try await ChildProcess.run(executable, arguments)
    guard status == 0 else {
        throw TestSetupError(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(stdout)\(stderr)")
    }
}

/// A self-signed certificate for `localhost` and 127.0.0.1, as a private relay might have.
func makeTestCertificate(in directory: String, commonName: String = "localhost",
                         subjectAltName: String = "DNS:localhost,IP:127.0.0.1") async throws -> (cert: String, key: String) {
    let cert = "\(directory)/cert.pem", key = "\(directory)/key.pem"
    try await runProgram("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                     "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=\(subjectAltName)",
                                     "-keyout", key, "-out", cert])
    return (cert, key)
}

/// A TCP port that is listened on but never served (see `silentServerTimesOutTemporarily`).
final class SilentListener {
    let port: Int
    private let fd: Int32

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = self.fd
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard fd >= 0, ok else { throw TestSetupError(description: "cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}
