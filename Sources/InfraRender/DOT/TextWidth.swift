/// How wide a line of DejaVu Sans is, estimated from its characters' advance
/// widths (in ems, from the font's metrics, rounded). Graphviz measures text
/// itself; this estimate only sizes the empty cell that keeps a label's badges
/// from being stretched apart, so a few percent off changes nothing visible.
enum TextWidth {
    private static let lowercase: [Character: Double] = [
        "a": 0.61, "b": 0.63, "c": 0.55, "d": 0.63, "e": 0.62, "f": 0.35, "g": 0.63, "h": 0.63, "i": 0.28,
        "j": 0.28, "k": 0.58, "l": 0.28, "m": 0.97, "n": 0.63, "o": 0.61, "p": 0.63, "q": 0.63, "r": 0.41,
        "s": 0.52, "t": 0.39, "u": 0.63, "v": 0.59, "w": 0.82, "x": 0.59, "y": 0.59, "z": 0.53,
    ]

    /// The width in points of `text` set at `size` points.
    static func of(_ text: String, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for character in text {
            if let width = lowercase[character] {
                ems += width
            } else if character.isUppercase {
                ems += 0.72
            } else if character.isNumber {
                ems += 0.64
            } else if character == " " || character == "." || character == "," || character == ":" || character == "·" {
                ems += 0.32
            } else if character == "-" || character == "(" || character == ")" {
                ems += 0.38
            } else {
                ems += 0.7
            }
        }
        return ems * size * (bold ? 1.1 : 1)
    }
}
