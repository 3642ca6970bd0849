import Testing
@testable import TokenKit

@Suite("Input validation before sending")
struct ProvisioningRequestTests {
    @Test("typed values are normalised the way the bank compares them")
    func normalises() throws {
        let request = try ProvisioningRequest(serviceID: "  ＫＹＯＥＩ-ib ", userID: "４８２１－９３７ ７０５",
                                              activationPassword: "２４６８")
        #expect(request.serviceID == "KYOEI-ib")
        #expect(request.userID == "4821937705")
        #expect(request.activationPassword == "2468")
        #expect(try ProvisioningRequest.validUserID("4821ー937705") == "4821937705")
        #expect(try ProvisioningRequest.validUserID("4821\u{2010}9377\u{3000}05") == "4821937705")
    }

    @Test("each wrong field is named, in Japanese and English", arguments: [
        ("", "4821937705", "2468", TokenInputError.serviceIDMissing),
        ("   ", "4821937705", "2468", .serviceIDMissing),
        ("KYOEI IB", "4821937705", "2468", .serviceIDInvalid),
        ("KYOEI-IB", "482193770", "2468", .userIDInvalid),
        ("KYOEI-IB", "48219377051", "2468", .userIDInvalid),
        ("KYOEI-IB", "48219377O5", "2468", .userIDInvalid),
        ("KYOEI-IB", "", "2468", .userIDInvalid),
        ("KYOEI-IB", "4821937705", "246", .activationPasswordInvalid),
        ("KYOEI-IB", "4821937705", "123456789", .activationPasswordInvalid),
        ("KYOEI-IB", "4821937705", "24a8", .activationPasswordInvalid),
        ("KYOEI-IB", "4821937705", "", .activationPasswordInvalid),
    ])
    func refuses(service: String, user: String, password: String, expected: TokenInputError) {
        #expect(throws: expected) {
            try ProvisioningRequest(serviceID: service, userID: user, activationPassword: password)
        }
    }

    @Test("the messages")
    func messages() {
        #expect(TokenInputError.serviceIDMissing.message == "サービスIDを入力してください。")
        #expect(TokenInputError.serviceIDMissing.messageEN == "Enter the service ID.")
        #expect(TokenInputError.userIDInvalid.message.hasPrefix("ユーザIDは10桁の数字で入力してください"))
        #expect(TokenInputError.userIDInvalid.messageEN.hasPrefix("The user ID must be 10 digits"))
        #expect(TokenInputError.activationPasswordInvalid.message == "利用開始パスワードは4～8桁の数字で入力してください。")
        #expect(TokenInputError.activationPasswordInvalid.messageEN == "The activation password must be 4 to 8 digits.")
        #expect(TokenInputError.userIDInvalid.description.contains(" / "))
    }

    @Test("bank addresses", arguments: ["http://127.0.0.1:8080", "https://ib.kyoei.example/", "http://localhost:9/bank"])
    func addresses(text: String) throws {
        let server = try BankServer(text)
        #expect(!server.address.hasSuffix("/"))
        #expect(server.provisionURL.absoluteString == server.address + "/api/v1/token/provision")
    }

    @Test("a wrong address is refused; plain http elsewhere is flagged")
    func wrongAddresses() throws {
        for text in ["", "127.0.0.1:8080", "ftp://bank", "http://", "http://bank/?x=1"] {
            #expect(throws: ServerAddressError.self) { try BankServer(text) }
        }
        #expect(try BankServer("http://127.0.0.1:8080").isProtected)
        #expect(try BankServer("https://ib.kyoei.example").isProtected)
        #expect(try !BankServer("http://ib.kyoei.example").isProtected)
    }
}
