import BankCore

/// はい/いいえ questions, as on the 通信の許諾画面 and before removing the token.
enum Question {
    enum Answer { case yes, no, noAnswer }

    static let yesWords: Set<String> = ["はい", "y", "yes", "1"]
    static let noWords: Set<String> = ["いいえ", "n", "no", "2"]

    /// Full-width input (ｙｅｓ, １) and stray spaces are accepted; case does not matter.
    static func interpret(_ line: String) -> Answer? {
        let answer = TextNormalizer.fullwidthASCIIToHalfwidth(line)
            .trimmingCharacters(in: .whitespaces).lowercased()
        if yesWords.contains(answer) { return .yes }
        if noWords.contains(answer) { return .no }
        return nil
    }

    /// Asks until a recognised answer (three tries at a terminal). From a pipe, an
    /// unrecognised line counts as no answer: asking again would swallow the next line,
    /// meant for another question.
    static func ask() -> Answer {
        let attempts = Console.inputIsTerminal ? 3 : 1
        for _ in 0..<attempts {
            Console.prompt("はい または いいえ を入力してください / Enter はい (yes) or いいえ (no) [はい/いいえ]: ")
            guard let line = Console.readAnswer() else { return .noAnswer }
            if let answer = interpret(line) { return answer }
            Console.say("「はい」または「いいえ」で答えてください。 / Please answer はい (yes) or いいえ (no).")
        }
        return .noAnswer
    }
}
