/// KYOEI_TRUSTED_PROXIES: the reverse proxies (CIDR ranges, IPv4 and IPv6) whose
/// X-Forwarded-For and X-Request-ID the bank believes. The client's address is the socket
/// peer, unless that peer is one of these: then it is the rightmost hop of X-Forwarded-For
/// that is not one of these (a client can write anything at the left of the header; every
/// trusted proxy appends the address it saw, so the rightmost untrusted hop is the first one
/// no trusted proxy can vouch for past).
public struct TrustedProxies: Sendable, Equatable {
    public struct Range: Sendable, Equatable, CustomStringConvertible {
        public let network: IPAddress
        public let prefixLength: Int

        /// `10.0.0.0/8`, `2001:db8::/32`, or one address (`127.0.0.1`, all bits).
        public init?(_ text: some StringProtocol) {
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let address = IPAddress(parts[0]) else { return nil }
            let bits = address.bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...bits).contains(length), parts[1].allSatisfy(\.isNumber) else { return nil }
                prefixLength = length
            } else {
                prefixLength = bits
            }
            network = address
        }

        public func contains(_ address: IPAddress) -> Bool {
            guard address.bytes.count == network.bytes.count else { return false }
            var remaining = prefixLength
            for (mine, theirs) in zip(network.bytes, address.bytes) where remaining > 0 {
                let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
                if mine & mask != theirs & mask { return false }
                remaining -= 8
            }
            return true
        }

        public var description: String { "\(network)/\(prefixLength)" }
    }

    public let ranges: [Range]

    public static let none = TrustedProxies(ranges: [])

    public init(ranges: [Range]) { self.ranges = ranges }

    /// A comma- or space-separated list; throws naming the first entry that is not a CIDR range.
    public init(parsing list: String) throws(InvalidRange) {
        var ranges: [Range] = []
        for entry in list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" }) {
            guard let range = Range(entry) else { throw InvalidRange(entry: String(entry)) }
            ranges.append(range)
        }
        self.ranges = ranges
    }

    public struct InvalidRange: Error, Equatable, CustomStringConvertible {
        public let entry: String
        public init(entry: String) { self.entry = entry }
        public var description: String { "not an IPv4 or IPv6 address or CIDR range: \(entry)" }
    }

    public func trusts(_ address: IPAddress) -> Bool { ranges.contains { $0.contains(address) } }

    /// The client of a request whose socket peer is `peer` and whose X-Forwarded-For headers
    /// (in the order received) are `forwardedFor`: the peer's own address when it is not a
    /// trusted proxy, else the rightmost hop that is not trusted (the leftmost hop when every
    /// one is). Nil only without a usable peer.
    public func client(peer: String, forwardedFor: [String]) -> IPAddress? {
        guard let peerAddress = IPAddress(peer) else { return nil }
        guard trusts(peerAddress) else { return peerAddress }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        var client = peerAddress
        for hop in hops.reversed() {
            // Only a trusted proxy can have written an address here; one that cannot be read
            // stops the walk at the last address that could.
            guard let address = IPAddress(forwardedHop: hop) else { break }
            client = address
            if !trusts(address) { break }
        }
        return client
    }
}
