import BankCore
import BankServices
import BankTestSupport
import BankWeb
import Foundation
import Testing

/// One word for one thing, and text that reads whole on a narrow screen.
@Suite struct CustomerWordingTests {
    @Test func branchCodeIsOneWordEverywhere() {
        for (key, text) in Language.ja.strings {
            #expect(!text.contains("支店番号"), "\(key): 支店コード, as the labels say")
        }
        for (key, text) in Language.en.strings {
            #expect(!text.lowercased().contains("branch number"), "\(key): branch code, as the labels say")
        }
        #expect(Language.ja.text("error.branch_code.invalid") == "支店コードは3桁の数字で入力してください。")
        #expect(Language.ja.text("common.branch_code") == "支店コード")
    }

    @Test func thePhoneNumberNeverBreaksAcrossLines() async throws {
        try await withSite { site in
            let login = try await site.browser().get("/login")
            #expect(login.body.contains(#"インターネットバンキング担当 <span class="tel">0256-61-1506</span>（直通）"#))
            #expect(!login.body.contains(" 0256-61-1506"), "no bare number left to wrap")
            let css = try await site.browser().get("/static/app.css")
            #expect(css.body.contains(".tel { white-space: nowrap; }"))
            let token = try await site.browser().get("/token-app")
            #expect(token.body.contains(#"（<span class="tel">0256-61-1506</span>）"#))
        }
    }
}
