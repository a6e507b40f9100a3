/// Prints a syntax tree in the one canonical layout, keeping every comment.
///
/// The layout: one statement a line, two-space indentation, one blank line where
/// the source had one or more; a block of properties only that was written on
/// one line stays there (`{ software: nginx, instances: 2 }`) when it holds no
/// comment and fits in `lineLimit` columns, and otherwise takes a line a property,
/// as does every block written over several lines (the author's choice to expand a
/// block is kept, as Prettier does). Formatting a formatted file changes nothing.
public struct Formatter {
    public static let lineLimit = 100

    private let file: SourceFile
    private let comments: [Comment]
    private var nextComment = 0
    private var lines: [String] = []
    /// Where the last printed thing ended in the source, for blank-line detection.
    private var lastEnd = 0
    /// For a source line whose block is spread over several output lines: the
    /// output line of its head. A suppression at the end of that source line
    /// stays with the statement it was written after the start of.
    private var headLines: [Int: Int] = [:]

    private init(tree: SyntaxTree) {
        file = tree.file
        comments = tree.comments.sorted { $0.range.start < $1.range.start }
    }

    /// The canonical text of a parsed file.
    public static func format(_ tree: SyntaxTree) -> String {
        var formatter = Formatter(tree: tree)
        for statement in tree.statements {
            formatter.emitLeadingComments(before: statement.range.start, indent: "")
            formatter.blankLineIfSourceHadOne(before: statement.range.start)
            formatter.emit(statement)
        }
        formatter.emitLeadingComments(before: Int.max, indent: "")
        guard !formatter.lines.isEmpty else { return "" }
        return formatter.lines.joined(separator: "\n") + "\n"
    }

    // MARK: Statements

    private mutating func emit(_ statement: Statement) {
        switch statement {
        case .design(let header):
            emitHeaded("design \(quote(header.name))", block: header.block, end: header.range.end, indent: "")
        case .declaration(let declaration):
            emit(declaration, indent: "")
        case .link(let link):
            var tail = ""
            if let name = link.protocolName {
                tail += " : \(name.name)"
                if let port = link.port { tail += " \(render(port.value))" }
            }
            let head = emitLinkHead(link)
            emitHeaded(head + tail, block: link.block, end: link.range.end, indent: "")
        }
    }

    /// A link's names: on one line, unless comments sit between them (a fan-out
    /// written over several lines with a comment after a name). Then the line
    /// breaks after each name a comment follows, the comment stays after that
    /// name, and the next names go on a continuation line: a comment inside a
    /// fan-out, a suppression among them, stays inside it. Returns the last line,
    /// which the protocol and block continue.
    private mutating func emitLinkHead(_ link: LinkStatement) -> String {
        let names = link.stages.enumerated().flatMap { stage, identifiers in
            identifiers.enumerated().map { position, identifier -> (text: String, range: SourceRange) in
                let separator = position < identifiers.count - 1 ? "," : (stage < link.stages.count - 1 ? " ->" : "")
                return (identifier.name + separator, identifier.range)
            }
        }
        return emitBreakingAtComments(names, indent: "")
    }

    /// Joins pieces with blanks on one line, except where comments sit between
    /// two of them in the source: the line then breaks after the piece a comment
    /// follows, the comment stays there, and the rest goes on a continuation line
    /// indented two more. Returns the last line, unfinished, for the caller.
    private mutating func emitBreakingAtComments(_ pieces: [(text: String, range: SourceRange)], indent: String) -> String {
        var line = indent
        var continuation = false
        for (index, piece) in pieces.enumerated() {
            line += (line == indent || continuation || line.hasSuffix("[") ? "" : " ") + piece.text
            continuation = false
            guard index < pieces.count - 1 else { break }
            let next = pieces[index + 1].range.start
            var broke = false
            while nextComment < comments.count, comments[nextComment].range.start < next {
                let comment = comments[nextComment]
                if comment.ownLine {
                    if !broke { lines.append(line) }
                    lines.append(indent + "  " + commentText(comment))
                } else {
                    lines.append(line + " " + commentText(comment))
                }
                broke = true
                line = indent + "  "
                continuation = true
                lastEnd = comment.range.end
                nextComment += 1
            }
        }
        return line
    }

    /// A property on its own line; a list value with comments between its items
    /// breaks after each item a comment follows, as a fan-out does.
    private mutating func emit(_ property: Property, indent: String) {
        guard case .list(let items) = property.value.value, !items.isEmpty,
              nextComment < comments.count, comments[nextComment].range.start < property.range.end else {
            lines.append(indent + "\(property.name.name): \(render(property.value.value))")
            return
        }
        var pieces: [(text: String, range: SourceRange)] = [(property.name.name + ": [", property.name.range)]
        for (index, item) in items.enumerated() {
            let text = render(item.value) + (index == items.count - 1 ? "]" : ",")
            pieces.append((text, item.range))
        }
        lines.append(emitBreakingAtComments(pieces, indent: indent))
    }

    private mutating func emit(_ declaration: Declaration, indent: String) {
        var text = "\(declaration.keyword.spelling) \(declaration.identifier.name)"
        if let network = declaration.network { text += " in \(network.name)" }
        if let label = declaration.label { text += " \(quote(label))" }
        emitHeaded(text, block: declaration.block, end: declaration.range.end, indent: indent)
    }

    /// Prints a statement's head and its block, then any comment that ends its line.
    private mutating func emitHeaded(_ head: String, block: Block?, end: Int, indent: String) {
        guard let block else {
            lines.append(indent + head)
            finishLine(sourceEnd: end)
            return
        }
        if let inline = inlineText(block), indent.count + head.count + inline.count + 1 <= Self.lineLimit {
            lines.append(indent + head + (inline.isEmpty ? "" : " " + inline))
            finishLine(sourceEnd: end)
            return
        }
        lines.append(indent + head + " {")
        let headLine = file.line(at: block.range.start)
        if headLines[headLine] == nil { headLines[headLine] = lines.count - 1 }
        lastEnd = block.range.start + 1
        let inner = indent + "  "
        for item in block.items {
            emitLeadingComments(before: item.range.start, indent: inner)
            blankLineIfSourceHadOne(before: item.range.start, insideBlock: true)
            switch item {
            case .property(let property):
                emit(property, indent: inner)
                finishLine(sourceEnd: property.range.end)
            case .declaration(let declaration):
                emit(declaration, indent: inner)
            }
        }
        emitLeadingComments(before: block.range.end - 1, indent: inner)
        lines.append(indent + "}")
        finishLine(sourceEnd: block.range.end)
    }

    /// `{ a: b, c: d }` when the block holds properties only and no comment, `""`
    /// for an empty block, nil when it needs several lines.
    private func inlineText(_ block: Block) -> String? {
        guard block.declarations.isEmpty else { return nil }
        guard file.line(at: block.range.start) == file.line(at: max(block.range.end - 1, 0)) else { return nil }
        if nextComment < comments.count, comments[nextComment].range.start < block.range.end { return nil }
        let properties = block.properties
        if properties.isEmpty { return "" }
        return "{ " + properties.map { "\($0.name.name): \(render($0.value.value))" }.joined(separator: ", ") + " }"
    }

    // MARK: Comments and blank lines

    /// Records where the printed item ended. A comment after it on the same source
    /// line is appended to its output line by the next `emitLeadingComments`, once
    /// no later item on that line can claim it.
    private mutating func finishLine(sourceEnd: Int) {
        lastEnd = max(lastEnd, sourceEnd)
    }

    private mutating func emitLeadingComments(before offset: Int, indent: String) {
        while nextComment < comments.count, comments[nextComment].range.start < offset {
            let comment = comments[nextComment]
            blankLineIfSourceHadOne(before: comment.range.start, insideBlock: !indent.isEmpty)
            if !comment.ownLine, !lines.isEmpty, comment.line == file.line(at: max(lastEnd - 1, 0)) {
                // `server s { web-server w # infralint: ignore …` applies to the
                // statement that starts on its line: it goes after the head, where a
                // suppression still means the same, not after the last item.
                let target = comment.text.hasPrefix("infralint:") ? headLines[comment.line] ?? lines.count - 1 : lines.count - 1
                lines[target] += " " + commentText(comment)
            } else {
                lines.append(indent + commentText(comment))
            }
            lastEnd = comment.range.end
            nextComment += 1
        }
    }

    private mutating func blankLineIfSourceHadOne(before offset: Int, insideBlock: Bool = false) {
        guard !lines.isEmpty, let last = lines.last, !last.isEmpty else { return }
        if insideBlock, last.hasSuffix("{") { return }
        var newlines = 0
        var index = lastEnd
        while index < min(offset, file.bytes.count) {
            let byte = file.bytes[index]
            if byte == UInt8(ascii: "\n") { newlines += 1 }
            index += 1
        }
        if newlines >= 2 { lines.append("") }
    }

    /// The comment exactly as written, trailing blanks aside.
    private func commentText(_ comment: Comment) -> String {
        var end = comment.range.end
        while end > comment.range.start, file.bytes[end - 1] == UInt8(ascii: " ") || file.bytes[end - 1] == UInt8(ascii: "\t") {
            end -= 1
        }
        return String(decoding: file.bytes[comment.range.start..<end], as: UTF8.self)
    }

    // MARK: Values

    /// A value as the canonical layout writes it.
    public static func render(_ value: Value) -> String {
        switch value {
        case .word(let word): return word
        case .string(let string): return quote(string)
        case .number(_, let text), .percentage(_, let text), .duration(_, let text): return text
        case .list(let items): return "[" + items.map { render($0.value) }.joined(separator: ", ") + "]"
        }
    }

    private func render(_ value: Value) -> String { Self.render(value) }

    /// A string literal that reads back as the same string.
    public static func quote(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private func quote(_ string: String) -> String { Self.quote(string) }
}
