import BankCore

/// How the 全銀 総合振込 file is written (KYOEI_ZENGIN_ENCODING, KYOEI_ZENGIN_CRLF,
/// KYOEI_ZENGIN_REQUESTER_CODE): what the bank's interbank system expects to read.
public struct ZenginSettings: Sendable, Equatable {
    public var encoding: ZenginEncoding = .jisX0201
    /// CR LF after each 120-byte record (122 bytes a line); off: the records back to back.
    public var lineEnding = false
    /// 振込依頼人コード N(10) in the header: the code the clearing side gave the bank.
    public var requesterCode = "0"

    public init(encoding: ZenginEncoding = .jisX0201, lineEnding: Bool = false, requesterCode: String = "0") {
        self.encoding = encoding
        self.lineEnding = lineEnding
        self.requesterCode = requesterCode
    }
}
