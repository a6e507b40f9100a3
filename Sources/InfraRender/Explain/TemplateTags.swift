/// The Mustache tags of a template with their positions, for error messages that
/// say where the problem is: the section left open and where it opened, the tag
/// with no `}}`, the partial that does not exist. (swift-mustache parses the
/// templates; this only reads the tags again, with the default `{{ }}` delimiters,
/// when it reports an error.)
struct TemplateTags {
    struct Tag {
        /// `#`, `^`, `/`, `>`, `!`, `{`, `&`, `%`, `=` or nothing for a variable.
        var sigil: Character?
        var name: String
        var line: Int
        var column: Int
        var text: String
    }

    var tags: [Tag] = []
    /// A `{{` with no `}}` after it (before the next `{{`), with its position.
    var unfinished: Tag?

    init(_ template: String) {
        let characters = Array(template)
        var line = 1
        var column = 1
        var index = 0
        func advance() {
            if characters[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        while index < characters.count {
            guard characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{" else {
                advance()
                continue
            }
            let (startLine, startColumn, start) = (line, column, index)
            var end = start + 2
            var closed = false
            while end + 1 < characters.count {
                if characters[end] == "}", characters[end + 1] == "}" { closed = true; break }
                if characters[end] == "{", characters[end + 1] == "{" { break }
                end += 1
            }
            let inner = String(characters[(start + 2)..<min(end, characters.count)])
            let text = String(inner.prefix(40)).split(separator: "\n").first.map(String.init) ?? ""
            guard closed else {
                unfinished = Tag(sigil: nil, name: "", line: startLine, column: startColumn, text: "{{" + text)
                return
            }
            var body = Substring(inner)
            if body.hasPrefix("{") { body = body.dropFirst() }
            if body.hasSuffix("}") { body = body.dropLast() }
            let trimmed = body.trimmingCharacters(in: .whitespaces)
            let sigil = trimmed.first.flatMap { "#^/>!{&%=".contains($0) ? $0 : nil } ?? (inner.hasPrefix("{") ? "{" : nil)
            let name = (sigil == nil || inner.hasPrefix("{") ? trimmed : String(trimmed.dropFirst())).trimmingCharacters(in: .whitespaces)
            tags.append(Tag(sigil: sigil, name: name, line: startLine, column: startColumn, text: "{{\(inner)}}"))
            // Skip to after the closing braces (a triple mustache's third brace included).
            while index < end + 2 { advance() }
            if inner.hasPrefix("{"), index < characters.count, characters[index] == "}" { advance() }
        }
    }

    /// The sections opened and not closed, innermost last; and a close tag that does
    /// not match the section it closes.
    func sections() -> (open: [Tag], mismatch: (close: Tag, open: Tag?)?) {
        var stack: [Tag] = []
        for tag in tags {
            switch tag.sigil {
            case "#", "^":
                stack.append(tag)
            case "/":
                guard let last = stack.last, last.name == tag.name else { return (stack, (tag, stack.last)) }
                stack.removeLast()
            default:
                continue
            }
        }
        return (stack, nil)
    }

    /// The partials included, with their positions.
    var partials: [Tag] { tags.filter { $0.sigil == ">" } }
}
