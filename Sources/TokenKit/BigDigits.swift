/// A 3×5 pixel font for the digits, each pixel two characters wide so that the digits
/// look roughly square in a terminal, whose cells are twice as tall as wide.
enum BigDigits {
    static let height = 5

    /// Pixels per digit, row by row, "#" for ink.
    private static let pixels: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"],
        "1": [" # ", "## ", " # ", " # ", "###"],
        "2": ["###", "  #", "###", "#  ", "###"],
        "3": ["###", "  #", "###", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"],
        "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"],
        "7": ["###", "  #", "  #", "  #", "  #"],
        "8": ["###", "# #", "###", "# #", "###"],
        "9": ["###", "# #", "###", "  #", "###"],
    ]

    /// The glyph's five rows; a space is a narrow gap, anything else a blank digit cell.
    static func glyph(for character: Character) -> [String] {
        if character == " " { return Array(repeating: "  ", count: height) }
        let rows = pixels[character] ?? Array(repeating: "   ", count: height)
        return rows.map { row in row.map { $0 == "#" ? "██" : "  " }.joined() }
    }
}
