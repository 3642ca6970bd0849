import BankTestSupport
import Foundation
import Logging
import Testing
@testable import BankMail

@Suite struct MaildirTransportTests {
    @Test func writesExactlyOneFileIntoNewWithTheSameBytes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let root = "\(directory.path)/nested/mail"  // parents are created too
        let transport = try MailTransports.make(MailSettings(url: "maildir://\(root)"), logger: Logger(label: "test"))
        let data = Sample.message()
        try await transport.send(MailEnvelope(messageID: Sample.messageID, from: Sample.fromAddress,
                                              recipients: ["taro@example.jp"], data: data))
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(root)/new")
        #expect(files.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/tmp").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/cur").isEmpty)
        let stored = try Data(contentsOf: URL(fileURLWithPath: "\(root)/new/\(files[0])"))
        #expect(Array(stored) == data)
    }

    @Test func namesAreUniqueUnderConcurrency() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let transport = MaildirTransport(directory: directory.path, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await transport.send(MailEnvelope(messageID: "<\(index)@t>", from: "a@b.example",
                                                          recipients: ["c@d.example"], data: Array("m\(index)\r\n".utf8)))
                }
            }
            try await group.waitForAll()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(directory.path)/new").count == 20)
    }

    @Test func anUnwritableLocationIsPermanent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = "\(directory.path)/plain-file"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let transport = MaildirTransport(directory: "\(file)/mail", logger: Logger(label: "test"))
        await #expect {
            try await transport.send(MailEnvelope(messageID: "<m@t>", from: "a@b.example", recipients: ["c@d.example"], data: []))
        } throws: { error in
            (error as? MailDeliveryError)?.isTemporary == false
        }
    }
}
