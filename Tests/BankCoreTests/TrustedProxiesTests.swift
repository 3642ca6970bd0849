import BankCore
import Testing

/// KYOEI_TRUSTED_PROXIES: addresses read in every spelling a socket or a proxy writes, ranges
/// matched bit by bit, and the client found as the rightmost hop no trusted proxy vouches past.
@Suite struct TrustedProxiesTests {
    @Test func addressesAreReadAndPrintedOneWay() {
        #expect(IPAddress("192.0.2.1")?.description == "192.0.2.1")
        #expect(IPAddress("2001:0DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(IPAddress("[2001:db8::1]")?.description == "2001:db8::1")
        #expect(IPAddress("fe80::1%eth0")?.description == "fe80::1")
        #expect(IPAddress("::ffff:192.0.2.1")?.description == "192.0.2.1", "IPv4-mapped IPv6 is the IPv4 address")
        #expect(IPAddress("2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1", "the first longest zero run")
        #expect(IPAddress("::")?.description == "::")
        for bad in ["", "1.2.3", "1.2.3.256", "01.2.3.4", "1.2.3.4.5", "2001:db8::1::2", "12345::", "example.com", "1.2.3.4 x"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
        #expect(IPAddress(forwardedHop: " 198.51.100.7:5060")?.description == "198.51.100.7")
        #expect(IPAddress(forwardedHop: "[2001:db8::7]:443")?.description == "2001:db8::7")
        #expect(IPAddress(forwardedHop: "2001:db8::7")?.description == "2001:db8::7")
    }

    @Test func rangesMatchTheirPrefixOnly() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.0/25 ::1 2001:db8:ab00::/40")
        #expect(proxies.ranges.map(\.description) == ["10.0.0.0/8", "192.168.1.0/25", "::1/128", "2001:db8:ab00::/40"])
        for trusted in ["10.255.1.2", "192.168.1.127", "::1", "2001:db8:abff::9"] {
            #expect(proxies.trusts(try #require(IPAddress(trusted))), "\(trusted)")
        }
        for untrusted in ["11.0.0.1", "192.168.1.128", "::2", "2001:db8:ac00::1", "127.0.0.1"] {
            #expect(!proxies.trusts(try #require(IPAddress(untrusted))), "\(untrusted)")
        }
        #expect(throws: TrustedProxies.InvalidRange(entry: "10.0.0.0/33")) { try TrustedProxies(parsing: "10.0.0.0/33") }
        #expect(throws: TrustedProxies.InvalidRange(entry: "proxy.local")) { try TrustedProxies(parsing: "::1, proxy.local") }
        #expect(try TrustedProxies(parsing: "0.0.0.0/0").trusts(try #require(IPAddress("203.0.113.1"))))
    }

    @Test func theClientIsTheRightmostUntrustedHop() throws {
        let proxies = try TrustedProxies(parsing: "127.0.0.0/8, 10.0.0.0/8")
        // The peer is not a proxy: whatever it wrote is ignored.
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"])?.description == "203.0.113.9")
        // A proxy: the hop it appended is the client; what the client wrote to its left is not believed.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.7"])?.description == "198.51.100.7")
        // Two proxies (10.x appended by the first, seen by the second): walk past both.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.7", "10.1.2.3"])?.description
                == "198.51.100.7")
        // Every hop trusted: the leftmost.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["10.0.0.5"])?.description == "10.0.0.5")
        // No header: the proxy itself.
        #expect(proxies.client(peer: "::ffff:127.0.0.1", forwardedFor: [])?.description == "127.0.0.1")
        // Garbage only where a client could have written it: stops at the last readable hop.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["<script>, 10.0.0.9"])?.description == "10.0.0.9")
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.7"])?.description == "127.0.0.1")
    }
}
