/// Escaping for text that goes into markdown: a table cell, prose, a code span.
/// Names and messages may hold anything a design file holds (`|`, backticks, `<`),
/// and must appear as written, never as markup.
public enum MarkdownText {
    /// Prose: the characters that start markdown syntax inside a line (emphasis, code,
    /// links, tables, strikethrough) are escaped, `<` so that no HTML tag can open, `&`
    /// when it could start an entity; line breaks become spaces. The rest stays as
    /// written, so the markdown source reads well too.
    public static func escape(_ text: String) -> String {
        var out = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "~": out += "\\\(character)"
            case "<": out += "&lt;"
            case "&":
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                out += next.isLetter || next == "#" ? "&amp;" : "&"
            case "\n", "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// A table cell: prose whose line breaks become `<br>`.
    public static func cell(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "<br>")
    }

    /// A code span that shows the text as written, whatever backticks it holds.
    public static func code(_ text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let flat = TextEscaping.replacing(text, ["\n": " ", "|": "\\|"])
        let padded = flat.hasPrefix("`") || flat.hasSuffix("`") ? " \(flat) " : flat
        return fence + padded + fence
    }
}
