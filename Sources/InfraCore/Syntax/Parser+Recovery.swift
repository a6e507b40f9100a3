/// Parser, continued: where statements end, recovery after an error, and the tokens.
extension Parser {
    mutating func expectStatementEnd(insideBlock: Bool) {
        // A block closed by indentation leaves the next line's first token current.
        if closeByIndentation, startsLine(current) { return }
        switch current.kind {
        case .newline, .semicolon, .endOfFile:
            return
        case .comma where insideBlock:
            return
        case .rightBrace where insideBlock:
            return
        case .invalid:
            // Already reported by the lexer.
            skipStatement(insideBlock: insideBlock)
        case .leftBrace:
            error("a block must open on the line of its declaration", current.range)
            skipStatement(insideBlock: insideBlock)
        case .rightBrace:
            error("unmatched '}': no block is open here", current.range, fix: "remove it")
            advance()
        default:
            let what = insideBlock ? "',', ';' or a new line" : "';' or a new line"
            error("expected \(what) after the statement, found \(describe(current))", current.range)
            skipStatement(insideBlock: insideBlock)
        }
    }

    /// Skips to the end of the current statement: the next line break or `;` outside
    /// braces (and, inside a block, before its closing `}`).
    mutating func skipStatement(insideBlock: Bool = false) {
        var depth = 0
        while current.kind != .endOfFile {
            switch current.kind {
            case .leftBrace:
                depth += 1
            case .rightBrace:
                if depth == 0 {
                    if insideBlock { return }
                } else {
                    depth -= 1
                    if depth == 0 {
                        advance()
                        return
                    }
                }
            case .newline, .semicolon:
                if depth == 0 { return }
            case .comma:
                if depth == 0, insideBlock { return }
            default:
                break
            }
            advance()
        }
    }

    /// Skips to the `}` matching an already consumed `{` (or, with `consumeOpen`, the current one).
    mutating func skipBalanced(from open: SourceRange, consumeOpen: Bool = false) -> Int {
        if consumeOpen { advance() }
        var depth = 1
        while current.kind != .endOfFile {
            if current.kind == .leftBrace { depth += 1 }
            if current.kind == .rightBrace {
                depth -= 1
                if depth == 0 {
                    let end = current.range.end
                    advance()
                    return end
                }
            }
            advance()
        }
        return current.range.start
    }

    mutating func skipBalancedBrackets() -> Int {
        var depth = 0
        while current.kind != .endOfFile {
            if current.kind == .leftBracket { depth += 1 }
            if current.kind == .rightBracket {
                depth -= 1
                if depth == 0 {
                    let end = current.range.end
                    advance()
                    return end
                }
            }
            if current.kind == .rightBrace || current.kind == .semicolon { break }
            advance()
        }
        return current.range.start
    }

    // MARK: Tokens

    var current: Token { tokens[position] }

    /// Whether a token is the first of its line.
    func startsLine(_ token: Token) -> Bool {
        position == 0 || tokens[position - 1].kind == .newline
    }

    /// The blanks a line starts with, counted (a tab as one).
    func indentation(ofLineAt offset: Int) -> Int {
        var start = min(offset, file.bytes.count)
        while start > 0, file.bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var index = start
        while index < file.bytes.count, file.bytes[index] == UInt8(ascii: " ") || file.bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index - start
    }

    /// Where a forgotten `}` belongs: the blank line after the block's last line,
    /// or the end of that line.
    func missingBraceLocation(after end: Int) -> Location {
        let line = file.line(at: max(end - 1, 0))
        if line < file.lineCount, file.lineText(line + 1).allSatisfy({ $0 == " " || $0 == "\t" }) {
            let start = file.lineRange(line + 1).lowerBound
            return file.location(SourceRange(start, start))
        }
        let lineEnd = file.lineRange(line).upperBound
        return file.location(SourceRange(lineEnd, lineEnd))
    }

    func peek(_ offset: Int) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    /// A string token's value with its escapes decoded.
    func stringValue(_ token: Token) -> String? {
        token.kind == .string ? strings[token.range.start] : nil
    }

    func text(_ token: Token) -> String {
        String(decoding: file.bytes[token.range.start..<token.range.end], as: UTF8.self)
    }

    func number(_ token: Token) -> Value {
        let raw = text(token)
        return .number(Double(raw) ?? 0, text: raw)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .word: return "'\(text(token))'"
        case .number, .percentage, .duration: return "the number \(text(token))"
        default: return token.kind.spelling
        }
    }

    mutating func error(_ message: String, _ range: SourceRange, fix: String? = nil) {
        errors.append(.parseError(message, at: file.location(range), fix: fix))
    }
}
