import BankCore
import BankTestSupport
import Foundation
import Testing
@testable import BankMail

/// Fixed values shared by the composer and delivery tests.
enum Sample {
    static let subject = "【きょうえい】ワンタイムパスワード利用開始のお知らせ"
    static let longSubject = "【きょうえい】ワンタイムパスワード利用開始のお知らせ（重要）：お客さまのご登録内容の確認とトークンアプリの再発行手続きについてのご案内"
    static let body = """
        きょうえい 太郎 様

        いつもきょうえいネットバンキングをご利用いただき、ありがとうございます。
        ワンタイムパスワードの利用を開始しました。
        .このご案内に心当たりがない場合は、お取引店までご連絡ください。
        ..
        .

        共栄銀行
        """
    static let fromName = "きょうえい銀行"
    static let fromAddress = "noreply@kyoei-bank.example"
    /// 2026-11-25 00:05:09 UTC, which is 09:05:09 in Japan.
    static let date = Date(timeIntervalSince1970: 1_795_565_109)
    static let messageID = "<0123456789abcdef@kyoei-bank.example>"

    static func message(subject: String = subject, to: [String] = ["taro@example.jp"]) -> [UInt8] {
        MailComposer.compose(fromName: fromName, fromAddress: fromAddress, to: to, subject: subject,
                             body: body, date: date, messageID: messageID)
    }
}

@Suite struct ComposerTests {
    @Test func headersAreCompleteAndDecodable() throws {
        let message = try ParsedMessage(Sample.message(to: ["taro@example.jp", "hanako@example.jp"]))
        #expect(message.headers.map(\.name) == ["Date", "Message-ID", "From", "To", "Subject", "MIME-Version",
                                               "Content-Type", "Content-Transfer-Encoding"])
        #expect(message.header("Date") == "Wed, 25 Nov 2026 09:05:09 +0900")
        #expect(message.header("Message-ID") == Sample.messageID)
        #expect(message.header("To") == "taro@example.jp, hanako@example.jp")
        #expect(message.header("MIME-Version") == "1.0")
        #expect(message.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(message.header("Content-Transfer-Encoding") == "base64")
        #expect(try decodeRFC2047(message.header("Subject") ?? "") == Sample.subject)
        #expect(try decodeRFC2047(message.header("From") ?? "") == "\(Sample.fromName) <\(Sample.fromAddress)>")
        #expect(message.header("From")?.hasPrefix("=?UTF-8?B?") == true)
    }

    @Test func bodyIsBase64OfTheCRLFText() throws {
        let message = try ParsedMessage(Sample.message())
        #expect(try message.decodedBody() == Sample.body.replacingOccurrences(of: "\n", with: "\r\n"))
        let bodyLines = try crlfLines(message.body)
        #expect(bodyLines.dropLast().allSatisfy { $0.count == 76 })
        #expect(bodyLines.allSatisfy { $0.count <= 76 })
    }

    @Test func everyLineEndBecomesOneCRLF() {
        #expect(MailComposer.canonicalLineEnds("振込\nを\r\n受け付け\rました\n\n") == "振込\r\nを\r\n受け付け\r\nました\r\n\r\n")
        #expect(MailComposer.canonicalLineEnds("\r\r\n\n") == "\r\n\r\n\r\n")
        #expect(MailComposer.canonicalLineEnds("no line end, 絵文字 🏦") == "no line end, 絵文字 🏦")
        #expect(MailComposer.canonicalLineEnds("") == "")
    }

    @Test func onlyCRLFAndShortLines() throws {
        for subject in [Sample.subject, Sample.longSubject, "Plain ASCII subject"] {
            let data = Sample.message(subject: subject, to: (1...8).map { "customer\($0)@example.jp" })
            #expect(data.allSatisfy { $0 < 0x80 }, "the message is 7-bit")
            let lines = try crlfLines(data)
            for line in lines { #expect(line.count <= 78, "line too long: \(line)") }
            #expect(data.suffix(2) == [0x0D, 0x0A])
        }
    }

    @Test func longJapaneseSubjectIsSplitIntoSeveralEncodedWords() throws {
        let data = Sample.message(subject: Sample.longSubject)
        let headerText = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        let subjectLines = headerText.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }
            .prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count >= 3, "folded over several lines")
        let words = subjectLines.flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix("=?") }.map(String.init)
        #expect(words.count >= 3)
        for word in words {
            #expect(word.count <= 75)
            #expect(try decodeEncodedWord(word) != nil, "each word decodes alone: \(word)")
        }
        #expect(try decodeRFC2047(ParsedMessage(data).header("Subject") ?? "") == Sample.longSubject)
    }

    @Test func wordsSplitOnCharacterBoundariesForEmojiAndMixedText() throws {
        let subject = String(repeating: "👨‍👩‍👧‍👦 お知らせ A", count: 6)
        for word in RFC2047.encodedWords(subject) {
            #expect(word.count <= 75)
            #expect(try decodeEncodedWord(word) != nil)
        }
        #expect(try decodeRFC2047(RFC2047.encodedWords(subject).joined(separator: " ")) == subject)
    }

    @Test func asciiHeadersStayReadable() throws {
        let data = MailComposer.compose(fromName: "Kyoei Bank, Ltd.", fromAddress: "noreply@kyoei.example", to: ["a@example.jp"],
                                        subject: "Your one-time password", body: "Hello\n", date: Sample.date,
                                        messageID: "abc@kyoei.example")
        let message = try ParsedMessage(data)
        #expect(message.header("From") == "\"Kyoei Bank, Ltd.\" <noreply@kyoei.example>")
        #expect(message.header("Subject") == "Your one-time password")
        #expect(message.header("Message-ID") == "<abc@kyoei.example>")
        let bare = try ParsedMessage(MailComposer.compose(fromName: "", fromAddress: "n@k.example", to: ["a@example.jp"],
                                                          subject: "x", body: "", date: Sample.date, messageID: "<m@k>"))
        #expect(bare.header("From") == "n@k.example")
    }

    @Test func headerInjectionIsNeutralised() throws {
        let data = MailComposer.compose(fromName: "Bank\r\nBcc: evil@example.com", fromAddress: "n@k.example", to: ["a@example.jp"],
                                        subject: "Hi\r\nBcc: evil@example.com", body: "x", date: Sample.date, messageID: "<m@k>")
        let message = try ParsedMessage(data)
        #expect(message.header("Bcc") == nil)
    }

    @Test func datesAreJapanTime() {
        #expect(MailComposer.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 09:00:00 +0900")
        // 2024-02-29 15:00 UTC is already 1 March in Japan.
        #expect(MailComposer.rfc5322Date(Date(timeIntervalSince1970: 1_709_218_800)) == "Fri, 01 Mar 2024 00:00:00 +0900")
        #expect(MailComposer.rfc5322Date(Date(timeIntervalSince1970: 1_767_193_199)) == "Wed, 31 Dec 2025 23:59:59 +0900")
    }

    @Test func messageIDs() {
        #expect(MailComposer.makeMessageID(randomBytes: [0x01, 0xab, 0xff], domain: "kyoei.example") == "<01abff@kyoei.example>")
        let a = MailComposer.makeMessageID(random: SystemRandomSource(), domain: "kyoei.example")
        let b = MailComposer.makeMessageID(random: SystemRandomSource(), domain: "kyoei.example")
        #expect(a != b)
        #expect(a.hasPrefix("<") && a.hasSuffix("@kyoei.example>") && a.count == 32 + 2 + 14)
    }
}
