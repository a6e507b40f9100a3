/// The kinds of token in a design file.
public enum TokenKind: Equatable, Sendable {
    /// Identifiers, keywords and bare values: `web-01`, `server`, `round-robin`.
    case word
    /// `"…"`, with escapes decoded into `Token.value`.
    case string
    /// `443`, `2.5`.
    case number
    /// `99.95%`.
    case percentage
    /// `30s`, `45m`, `4h`, `2d`.
    case duration
    case leftBrace, rightBrace, leftBracket, rightBracket
    case comma, semicolon, colon, arrow
    /// One or more line breaks.
    case newline
    case endOfFile
    /// Something the lexer could not read; it has already reported why.
    case invalid

    /// How a parser error names this kind of token.
    public var spelling: String {
        switch self {
        case .word: return "a name"
        case .string: return "a string"
        case .number: return "a number"
        case .percentage: return "a percentage"
        case .duration: return "a duration"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .semicolon: return "';'"
        case .colon: return "':'"
        case .arrow: return "'->'"
        case .newline: return "the end of the line"
        case .endOfFile: return "the end of the file"
        case .invalid: return "an unreadable token"
        }
    }
}

/// One token: its kind and where it is. Twelve bytes, since a 100,000-element
/// design has over a million of them; a string's decoded value is kept apart
/// (`Lexer.Output.strings`).
public struct Token: Sendable {
    public var kind: TokenKind
    public var range: SourceRange
}

/// A `#` comment, kept for the formatter and for suppressions.
public struct Comment: Sendable, Hashable {
    /// From the `#` to the end of the line (without the line break).
    public var range: SourceRange
    /// The text after `#`, trimmed.
    public var text: String
    /// True when nothing but blanks precedes it on its line.
    public var ownLine: Bool
    /// Its 1-based line.
    public var line: Int

    /// An `infralint:` directive's words before its `--` reason (`["ignore", "AV001"]`),
    /// or nil for any other comment.
    public var directiveWords: [String]? {
        guard text.hasPrefix("infralint:") else { return nil }
        var body = Substring(text.dropFirst("infralint:".count))
        if let separator = body.range(of: "--") { body = body[..<separator.lowerBound] }
        return body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// `# infralint: ignore …` on a line of its own: it silences the next statement
    /// below it, past blank lines and other comments.
    public var suppressesNextStatement: Bool { ownLine && directiveWords?.first == "ignore" }
}

/// Turns a source file into tokens, comments and lexical errors.
struct Lexer {
    let file: SourceFile
    private let bytes: [UInt8]
    private var index = 0
    private(set) var tokens: [Token] = []
    /// Each string token's value with its escapes decoded, by the token's start.
    private(set) var strings: [Int: String] = [:]
    private(set) var comments: [Comment] = []
    private(set) var errors: [Finding] = []

    /// What reading a file gives.
    struct Output {
        var tokens: [Token]
        var strings: [Int: String]
        var comments: [Comment]
        var errors: [Finding]
    }

    init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    /// Reads the whole file.
    static func tokenize(_ file: SourceFile) -> Output {
        var lexer = Lexer(file: file)
        lexer.run()
        return Output(tokens: lexer.tokens, strings: lexer.strings, comments: lexer.comments, errors: lexer.errors)
    }

    private mutating func run() {
        tokens.reserveCapacity(bytes.count / 4)
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                if tokens.last?.kind == .newline {
                    tokens[tokens.count - 1].range.end = index
                } else {
                    tokens.append(Token(kind: .newline, range: SourceRange(start, index)))
                }
            case UInt8(ascii: "#"):
                lexComment()
            case UInt8(ascii: "{"): single(.leftBrace)
            case UInt8(ascii: "}"): single(.rightBrace)
            case UInt8(ascii: "["): single(.leftBracket)
            case UInt8(ascii: "]"): single(.rightBracket)
            case UInt8(ascii: ","): single(.comma)
            case UInt8(ascii: ";"): single(.semicolon)
            case UInt8(ascii: ":"): single(.colon)
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: ">"):
                index += 2
                tokens.append(Token(kind: .arrow, range: SourceRange(start, index)))
            case UInt8(ascii: "\""):
                lexString()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lexNumber()
            default:
                if (byte | 0x20) &- UInt8(ascii: "a") < 26 {
                    lexWord()
                } else if let scalar = scalar(at: index), isIdentifierStart(scalar.value) {
                    lexWord()
                } else {
                    lexUnexpected()
                }
            }
        }
        tokens.append(Token(kind: .endOfFile, range: SourceRange(bytes.count, bytes.count)))
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func single(_ kind: TokenKind) {
        tokens.append(Token(kind: kind, range: SourceRange(index, index + 1)))
        index += 1
    }

    private mutating func lexComment() {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        var end = index
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let text = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        let lineStart = bytes[..<start].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        // Only blanks, or separators with no statement (`; # note`), before it: a comment
        // on a line of its own, as `fmt` writes it (it drops the lone `;`).
        let ownLine = bytes[lineStart..<start].allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ";")
        }
        comments.append(Comment(
            range: SourceRange(start, end),
            text: text.trimmed(of: " \t"),
            ownLine: ownLine,
            line: file.line(at: start)))
    }

    private mutating func lexString() {
        let start = index
        index += 1
        var value: [UInt8] = []
        while true {
            guard index < bytes.count, bytes[index] != UInt8(ascii: "\n") else {
                report("unterminated string: a string ends with '\"' on the line it starts",
                       SourceRange(start, index),
                       fix: "close the string with '\"'; write a line break inside it as \\n")
                tokens.append(Token(kind: .invalid, range: SourceRange(start, index)))
                return
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                guard let next = peek(1), next != UInt8(ascii: "\n") else {
                    index += 1
                    continue
                }
                switch next {
                case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                default:
                    let length = scalarLength(at: index + 1)
                    let shown = String(decoding: bytes[(index + 1)..<(index + 1 + length)], as: UTF8.self)
                    report("unknown escape '\\\(shown)' in a string; expected \\\", \\\\, \\n or \\t",
                           SourceRange(index, index + 1 + length),
                           fix: "write a backslash as \\\\")
                    value.append(contentsOf: bytes[(index + 1)..<(index + 1 + length)])
                    index += 1 + length
                    continue
                }
                index += 2
                continue
            }
            value.append(byte)
            index += 1
        }
        tokens.append(Token(kind: .string, range: SourceRange(start, index)))
        strings[start] = String(decoding: value, as: UTF8.self)
    }

    private mutating func lexNumber() {
        let start = index
        while index < bytes.count, isNumberByte(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let dots = text.filter { $0 == "." }.count
        // A value like 8.8.8.8 or 2xx is not a number: tell the user to quote it.
        var malformed = dots > 1 || text.hasSuffix(".")
        // A duration: a number and one of s, m, h, d, nothing after.
        if !malformed, index < bytes.count, "smhd".utf8.contains(bytes[index]),
           index + 1 >= bytes.count || scalar(at: index + 1).map({ !isIdentifierContinue($0.value) }) ?? true {
            index += 1
            tokens.append(Token(kind: .duration, range: SourceRange(start, index)))
            return
        }
        while index < bytes.count, let scalar = scalar(at: index), isIdentifierContinue(scalar.value),
              bytes[index] != UInt8(ascii: "-") || peek(1) != UInt8(ascii: ">") {
            malformed = true
            index += scalarLength(at: index)
        }
        if malformed {
            let shown = String(decoding: bytes[start..<index], as: UTF8.self)
            report("'\(shown)' is not a number; expected a number such as 443 or 2.5",
                   SourceRange(start, index),
                   fix: "write text as a string: \"\(shown)\"")
            tokens.append(Token(kind: .invalid, range: SourceRange(start, index)))
            return
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "%") {
            index += 1
            tokens.append(Token(kind: .percentage, range: SourceRange(start, index)))
        } else {
            tokens.append(Token(kind: .number, range: SourceRange(start, index)))
        }
    }

    private func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
    }

    private mutating func lexWord() {
        let start = index
        var end = index + scalarLength(at: index)
        while true {
            // ASCII, nearly every byte of a design: letters, digits, `_`, and `-`
            // unless it starts an arrow, read straight from the buffer.
            end = bytes.withUnsafeBufferPointer { buffer in
                var end = end
                while end < buffer.count {
                    let byte = buffer[end]
                    if (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_") {
                        end += 1
                    } else if byte == UInt8(ascii: "-"), end + 1 == buffer.count || buffer[end + 1] != UInt8(ascii: ">") {
                        end += 1
                    } else {
                        break
                    }
                }
                return end
            }
            // Any other scalar that continues identifiers (rare: looked up apart, so
            // that the common path carries none of Unicode's property machinery).
            let length = identifierContinueLength(at: end)
            if length == 0 { break }
            end += length
        }
        index = end
        tokens.append(Token(kind: .word, range: SourceRange(start, end)))
    }

    /// The length of the scalar at `offset` when it is a non-ASCII scalar that
    /// continues an identifier, else 0.
    @inline(never)
    private func identifierContinueLength(at offset: Int) -> Int {
        guard offset < bytes.count, bytes[offset] >= 0x80, let scalar = scalar(at: offset),
              isIdentifierContinue(scalar.value) else { return 0 }
        return scalarLength(at: offset)
    }

    private mutating func lexUnexpected() {
        let start = index
        let length = scalarLength(at: index)
        index += length
        // `=>`, `-->`, `<-`: one mistake for an arrow, one error.
        if let next = peek(0), shownArrowMistake(bytes[start], next) {
            index += 1
            let shown = String(decoding: bytes[start..<index], as: UTF8.self)
            report("'\(shown)' is not an arrow; links are written with '->'", SourceRange(start, index),
                   fix: "write '->' instead of '\(shown)'")
            // Read as the arrow it stands for, so the link is checked in the same run.
            tokens.append(Token(kind: .arrow, range: SourceRange(start, index)))
            return
        }
        let shown = String(decoding: bytes[start..<index], as: UTF8.self)
        if shown == "=" {
            // `name = value`: read as the colon it stands for, so the property is checked too.
            report("properties are written 'name: value', not 'name = value'", SourceRange(start, index),
                   fix: "write ':' instead of '='")
            tokens.append(Token(kind: .colon, range: SourceRange(start, index)))
            return
        }
        var fix: String?
        switch shown {
        case "=": fix = "write properties as name: value"
        case "'": fix = "strings use double quotes: \"text\""
        case ">", "<": fix = "links are written with an arrow: a -> b"
        case "/": fix = "comments start with #"
        default: break
        }
        report("unexpected character '\(shown)'", SourceRange(start, index), fix: fix)
        tokens.append(Token(kind: .invalid, range: SourceRange(start, index)))
    }

    private func shownArrowMistake(_ first: UInt8, _ second: UInt8) -> Bool {
        (first == UInt8(ascii: "=") && second == UInt8(ascii: ">")) || (first == UInt8(ascii: "<") && second == UInt8(ascii: "-"))
    }

    private mutating func report(_ message: String, _ range: SourceRange, fix: String? = nil) {
        errors.append(.parseError(message, at: file.location(range), fix: fix))
    }

    // MARK: Unicode

    private func scalarLength(at offset: Int) -> Int {
        guard offset < bytes.count else { return 0 }
        let byte = bytes[offset]
        let length: Int
        switch byte {
        case 0..<0x80: length = 1
        case 0xC0..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        default: length = 4
        }
        return min(length, bytes.count - offset)
    }

    private func scalar(at offset: Int) -> Unicode.Scalar? {
        let length = scalarLength(at: offset)
        guard length > 0 else { return nil }
        if length == 1 { return Unicode.Scalar(bytes[offset]) }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self).unicodeScalars.first
    }

    private func isIdentifierStart(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return Unicode.Scalar(value)?.properties.isAlphabetic ?? false
    }

    private func isIdentifierContinue(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return isIdentifierStart(value) || (0x30...0x39).contains(value)
                || value == 0x2D || value == 0x5F
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber: return true
        default: return scalar.properties.isAlphabetic
        }
    }
}

extension String {
    func trimmed(of set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
