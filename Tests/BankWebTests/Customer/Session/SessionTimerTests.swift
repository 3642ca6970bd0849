import BankCore
@testable import BankServices
import BankText
@testable import BankWeb
import Foundation
import Mustache
import Testing

/// The session timer's block answers every stored property by its name, with its value, as
/// Mustache's reflection of the struct did (a property added later and not answered fails
/// here), and nothing else, so other names fall through to the page.
@Suite struct SessionTimerTests {
    @Test(arguments: Language.allCases) func everyPropertyIsAnsweredByItsName(lang: Language) throws {
        let left = SessionTimeLeft(deadline: Date(timeIntervalSince1970: 1_800_000_000), seconds: 61, final: true, warningSeconds: 60)
        let timer = SessionTimer(left, lang: lang)
        let properties = Mirror(reflecting: timer).children.compactMap { child in child.label.map { ($0, child.value) } }
        #expect(properties.count == 6)
        for (name, value) in properties {
            let answered = try #require(timer.child(named: name), "\(name)")
            #expect(String(describing: answered) == String(describing: value), "\(name)")
        }
        #expect(timer.child(named: "csrf") == nil)
        #expect(timer.child(named: "current") == nil)
        // Rendered inside its section, a name it does not have is the page's.
        let template = try MustacheTemplate(string: "{{#timer}}{{seconds}}/{{minutes}}/{{final}}/{{time}}/{{csrf}}{{/timer}}")
        #expect(template.render(["timer": timer, "csrf": "token"]) == "61/2/true/\(JapanTime.clockTime(left.deadline))/token")
    }
}
