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
            case _ where character == "\t" || character.isNewline: out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// Prose that may hold code spans (a rule's advice, an author's description):
    /// a run of backticks closed by a run of the same length stays a code span, its
    /// text as written (line breaks become spaces); everything else is escaped as
    /// `escape` does, so an unmatched backtick shows as a backtick.
    public static func prose(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        var plain = ""
        var index = 0
        while index < characters.count {
            guard characters[index] == "`" else {
                plain.append(characters[index])
                index += 1
                continue
            }
            var length = 0
            while index + length < characters.count, characters[index + length] == "`" { length += 1 }
            guard let close = closingRun(in: characters, from: index + length, length: length) else {
                plain += String(repeating: "`", count: length)
                index += length
                continue
            }
            out += escape(plain)
            plain = ""
            let inner = String(characters[(index + length)..<close].map { $0.isNewline ? " " : $0 })
            let fence = String(repeating: "`", count: length)
            out += fence + inner + fence
            index = close + length
        }
        return out + escape(plain)
    }

    /// Where a run of exactly `length` backticks starts, from `start` on.
    private static func closingRun(in characters: [Character], from start: Int, length: Int) -> Int? {
        var index = start
        while index < characters.count {
            guard characters[index] == "`" else { index += 1; continue }
            var run = 0
            while index + run < characters.count, characters[index + run] == "`" { run += 1 }
            if run == length { return index }
            index += run
        }
        return nil
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
