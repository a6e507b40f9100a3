/// Parses a design file into a syntax tree, recovering after each error so that
/// one run reports every mistake in the file.
///
/// Recursion only follows nested declarations, and stops at `maxDepth`; deeper
/// braces are skipped iteratively, so no input can overflow the stack.
public struct Parser {
    /// How deep declarations may nest (a cluster of servers holding components
    /// needs three).
    public static let maxDepth = 16

    private let file: SourceFile
    private let tokens: [Token]
    /// String tokens' decoded values, by the token's start.
    private let strings: [Int: String]
    private var position = 0
    private var errors: [Finding] = []
    private var brokenNames: Set<String> = []
    /// The items of the blocks being read, the innermost block's last; each block's
    /// move into an array of their exact number when it closes.
    private let openItems = GatheringStack<BlockItem>()
    /// Reading a file with a block left open: a block ends where a line starts no
    /// more indented than the line that opened it (see `parse`).
    private let closeByIndentation: Bool

    private init(file: SourceFile, lexed: Lexer.Output, closeByIndentation: Bool) {
        self.file = file
        self.tokens = lexed.tokens
        self.strings = lexed.strings
        self.closeByIndentation = closeByIndentation
    }

    /// Parses a whole file: the tree (with whatever could be read) and every error.
    ///
    /// When a block is still open at the end of the file, the `}` that closes it was
    /// forgotten somewhere: the file is read again with blocks closed by indentation,
    /// which puts the one error where the `}` is missing instead of reading the rest
    /// of the file inside the block; that reading is kept when it finds fewer errors.
    /// A file without that error is never read the second way, so indentation never
    /// changes what a valid file means.
    public static func parse(_ file: SourceFile) -> (tree: SyntaxTree, errors: [Finding]) {
        let lexed = Lexer.tokenize(file)
        var parser = Parser(file: file, lexed: lexed, closeByIndentation: false)
        var statements = parser.parseFile()
        if parser.leftBlockOpen {
            var second = Parser(file: file, lexed: lexed, closeByIndentation: true)
            let recovered = second.parseFile()
            if second.errors.count < parser.errors.count {
                parser = second
                statements = recovered
            }
        }
        let errors = (lexed.errors + parser.errors).inReportOrder()
        var tree = SyntaxTree(file: file, statements: statements, comments: lexed.comments)
        tree.brokenNames = parser.brokenNames
        return (tree, errors)
    }

    /// Whether a block was still open at the end of the file.
    private var leftBlockOpen = false

    // MARK: Statements

    private mutating func parseFile() -> [Statement] {
        let statements = GatheringStack<Statement>(capacity: 1024)
        while current.kind != .endOfFile {
            switch current.kind {
            case .newline, .semicolon:
                advance()
            case .word:
                if let statement = parseStatement() {
                    statements.push(statement)
                    expectStatementEnd(insideBlock: false)
                } else {
                    skipStatement()
                }
            case .rightBrace:
                error("unmatched '}': no block is open here", current.range)
                advance()
            case .invalid:
                skipStatement()
            default:
                error("expected a declaration (KIND ID) or a link (A -> B), found \(describe(current))",
                      current.range)
                skipStatement()
            }
        }
        return statements.pop(from: 0)
    }

    private mutating func parseStatement() -> Statement? {
        switch Keywords.match(file.bytes, current.range) {
        case .design?:
            return parseDesign().map(Statement.design)
        case .network?:
            return parseDeclaration(.network, depth: 0, inside: nil).map(Statement.declaration)
        case .cluster?:
            return parseDeclaration(.cluster, depth: 0, inside: nil).map(Statement.declaration)
        case .in?:
            error("'in' names a network after a declaration: KIND ID in NETWORK", current.range)
            return nil
        case .kind(let kind)?:
            return parseDeclaration(.element(kind), depth: 0, inside: nil).map(Statement.declaration)
        case nil:
            let word = text(current)
            if peek(1).kind == .arrow || peek(1).kind == .comma {
                return parseLink().map(Statement.link)
            }
            // A misspelled kind: said once, and the declaration read as the kind it is
            // close to, so that its name and block are checked in the same run.
            if let keyword = misspelledKind(word, inBlock: false) {
                return parseDeclaration(keyword, depth: 0, inside: nil).map(Statement.declaration)
            }
            reportUnknownStatement(word)
            return nil
        }
    }

    /// The keyword a misspelled kind is close to, after reporting it; nil when it is not one.
    private mutating func misspelledKind(_ word: String, inBlock: Bool) -> DeclarationKeyword? {
        let next = peek(1)
        guard next.kind == .word else { return nil }
        let kinds = ElementKind.allCases.map(\.rawValue) + (inBlock ? ["cluster"] : ["cluster", "network"])
        guard let suggestion = Suggestions.closest(to: word, in: kinds) else { return nil }
        error("unknown kind '\(word)'; did you mean '\(suggestion)'?", current.range,
              fix: "declare it as \(suggestion) \(text(next))")
        if let kind = ElementKind(rawValue: suggestion) { return .element(kind) }
        return suggestion == "cluster" ? .cluster : .network
    }

    private mutating func reportUnknownStatement(_ word: String) {
        let range = current.range
        let next = peek(1)
        if next.kind == .word { brokenNames.insert(text(next)) }
        if next.kind == .invalid {
            // The lexer has reported it.
            return
        } else if next.kind == .word {
            error("unknown kind '\(word)'; expected one of \(Self.kindList)", range)
        } else if next.kind == .colon {
            error("'\(word): …' is a property; properties go inside a block { … }", range)
        } else {
            error("expected a declaration (KIND ID) or a link (\(word) -> …), found \(describe(next)) after '\(word)'",
                  next.range)
        }
    }

    static let kindList = ElementKind.allCases.map(\.rawValue).joined(separator: ", ")

    private mutating func parseDesign() -> DesignHeader? {
        let keyword = current.range
        advance()
        guard current.kind == .string, let name = stringValue(current) else {
            if current.kind == .word {
                error("the design's name is a string: design \"\(text(current))\"", current.range,
                      fix: "quote the name: design \"\(text(current))\"")
            } else {
                error("expected the design's name as a string after 'design', found \(describe(current))",
                      current.range)
            }
            return nil
        }
        let nameRange = current.range
        advance()
        var block: Block?
        if current.kind == .leftBrace {
            block = parseBlock(depth: 1, inside: .design)
        }
        let end = block?.range.end ?? nameRange.end
        return DesignHeader(keywordRange: keyword, name: name, nameRange: nameRange, block: block,
                            range: SourceRange(keyword.start, end))
    }

    /// What a block belongs to, for the errors about what may stand in it.
    enum BlockOwner: Equatable {
        case design
        case network
        case cluster
        case element(ElementKind)
        case link
    }

    private mutating func parseDeclaration(_ keyword: DeclarationKeyword, depth: Int, inside: BlockOwner?) -> Declaration? {
        let keywordRange = current.range
        advance()
        // `firewall` alone inside a host: the host's own firewall, written as the property.
        if keyword == .element(.firewall), case .element? = inside,
           [.newline, .semicolon, .comma, .rightBrace, .endOfFile].contains(current.kind) {
            error("expected an identifier after 'firewall', found \(describe(current))", current.range,
                  fix: "write firewall: true for the host's own firewall, or name it: firewall fw-01")
            return nil
        }
        guard let identifier = parseIdentifier(after: "'\(keyword.spelling)'") else { return nil }
        var network: Identifier?
        var label: String?
        var labelRange: SourceRange?
        // `in NETWORK` and the label, in either order.
        for _ in 0..<2 {
            if current.kind == .word, Keywords.match(file.bytes, current.range) == .in, network == nil {
                let inRange = current.range
                advance()
                if keyword == .network {
                    error("a network cannot be inside another network", inRange)
                }
                guard let name = parseIdentifier(after: "'in'") else {
                    brokenNames.insert(identifier.name)
                    return nil
                }
                network = name
            } else if current.kind == .string, label == nil {
                label = stringValue(current)
                labelRange = current.range
                advance()
            }
        }
        var block: Block?
        if current.kind == .leftBrace {
            let owner: BlockOwner
            switch keyword {
            case .element(let kind): owner = .element(kind)
            case .cluster: owner = .cluster
            case .network: owner = .network
            }
            block = parseBlock(depth: depth + 1, inside: owner, opener: "the block of \(keyword.spelling) \(identifier.name)")
        } else if keyword == .cluster {
            error("a cluster needs a block holding its members: cluster \(identifier.name) { … }",
                  identifier.range)
        }
        let end = block?.range.end ?? labelRange?.end ?? network?.range.end ?? identifier.range.end
        return Declaration(keyword: keyword, keywordRange: keywordRange, identifier: identifier,
                           network: network, label: label, labelRange: labelRange, block: block,
                           range: SourceRange(keywordRange.start, end))
    }

    /// An identifier; `usingName` when it names something declared elsewhere (a
    /// link's end), where a keyword already reported at its declaration is not
    /// reported again.
    private mutating func parseIdentifier(after what: @autoclosure () -> String, usingName: Bool = false) -> Identifier? {
        guard current.kind == .word else {
            error("expected an identifier after \(what()), found \(describe(current))", current.range)
            return nil
        }
        let name = text(current)
        if Keywords.match(file.bytes, current.range) != nil {
            // Said once, where the name is declared; its uses are the same mistake.
            if !usingName || !brokenNames.contains(name) {
                error("'\(name)' is a keyword and cannot be an identifier", current.range,
                      fix: "pick another name, such as \(name)-01")
            }
            brokenNames.insert(name)
            advance()
            return nil
        }
        let identifier = Identifier(name: name, range: current.range)
        advance()
        return identifier
    }

    private mutating func parseLink() -> LinkStatement? {
        var stages: [[Identifier]] = []
        let start = current.range.start
        var end = start
        while true {
            var stage: [Identifier] = []
            repeat {
                if current.kind == .comma { advance() }
                while current.kind == .newline, stage.isEmpty == false, tokens[position - 1].kind == .comma {
                    advance()
                }
                guard let identifier = parseIdentifier(after: stages.isEmpty && stage.isEmpty ? "the start of a link" : (stage.isEmpty ? "'->'" : "','"),
                                                       usingName: true) else {
                    return nil
                }
                stage.append(identifier)
                end = identifier.range.end
            } while current.kind == .comma
            stages.append(stage)
            guard current.kind == .arrow else { break }
            advance()
        }
        if stages.count < 2 {
            let names = stages.flatMap { $0.map(\.name) }.joined(separator: ", ")
            error("expected '->' and a target after \(names), found \(describe(current))",
                  current.range)
            return nil
        }
        var protocolName: Identifier?
        var port: ValueNode?
        if current.kind == .word, Protocols.known.contains(text(current).lowercased()) {
            // `a -> b https`: the colon is missing; read the protocol all the same.
            error("expected ':' before the protocol '\(text(current))'", current.range,
                  fix: "write \(stages.map { $0.map(\.name).joined(separator: ", ") }.joined(separator: " -> ")) : \(text(current))")
            protocolName = Identifier(name: text(current), range: current.range)
            advance()
            if current.kind == .number {
                port = ValueNode(value: number(current), range: current.range)
                advance()
            }
        } else if current.kind == .colon {
            advance()
            guard current.kind == .word else {
                error("expected a protocol after ':' (such as http, https or mysql), found \(describe(current))",
                      current.range)
                return nil
            }
            protocolName = Identifier(name: text(current), range: current.range)
            advance()
            // `http port 80`: the port is the number alone.
            if current.kind == .word, text(current).lowercased() == "port", tokens.indices.contains(position + 1),
               tokens[position + 1].kind == .number {
                error("expected the port as a number right after the protocol, found 'port'", current.range,
                      fix: "write \(protocolName.map(\.name) ?? "") \(text(tokens[position + 1]))")
                advance()
            }
            if current.kind == .number {
                port = ValueNode(value: number(current), range: current.range)
                advance()
            }
        }
        var block: Block?
        if current.kind == .leftBrace {
            block = parseBlock(depth: 1, inside: .link)
        }
        end = block?.range.end ?? port?.range.end ?? protocolName?.range.end ?? end
        return LinkStatement(stages: stages, protocolName: protocolName, port: port, block: block,
                             range: SourceRange(start, end))
    }

    // MARK: Blocks and values

    private mutating func parseBlock(depth: Int, inside owner: BlockOwner,
                                     opener: @autoclosure () -> String = "the block") -> Block {
        let open = current.range
        // Only a second reading, closing blocks by indentation, needs where the block opened.
        let openerIndent = closeByIndentation ? indentation(ofLineAt: open.start) : 0
        let openLine = closeByIndentation ? file.line(at: open.start) : 0
        advance()
        if depth > Self.maxDepth {
            error("blocks are nested more than \(Self.maxDepth) deep", open,
                  fix: "a design needs three levels at most: cluster, server, component")
            let end = skipBalanced(from: open)
            return Block(items: [], range: SourceRange(open.start, end))
        }
        let first = openItems.count
        while true {
            if closeByIndentation, startsLine(current), file.line(at: current.range.start) > openLine,
               current.kind != .endOfFile, indentation(ofLineAt: current.range.start) <= openerIndent,
               current.kind != .rightBrace || indentation(ofLineAt: current.range.start) < openerIndent {
                // The `}` was forgotten: say so where it belongs, after the block's last line.
                let end = openItems.count > first ? openItems.last?.range.end ?? open.end : open.end
                let missing = missingBraceLocation(after: end)
                errors.append(.parseError(
                    "\(opener()) opened on line \(openLine) is not closed: expected '}' here", at: missing,
                    fix: "close it with '}' before line \(file.line(at: current.range.start))"))
                return Block(items: openItems.pop(from: first), range: SourceRange(open.start, end))
            }
            switch current.kind {
            case .rightBrace:
                let close = current.range
                advance()
                return Block(items: openItems.pop(from: first), range: SourceRange(open.start, close.end))
            case .endOfFile:
                leftBlockOpen = true
                error("unclosed '{': expected '}' before the end of the file", open,
                      fix: "close the block with '}'")
                return Block(items: openItems.pop(from: first), range: SourceRange(open.start, current.range.start))
            case .newline, .comma, .semicolon:
                advance()
            case .word:
                if let item = parseBlockItem(depth: depth, inside: owner) {
                    openItems.push(item)
                    expectStatementEnd(insideBlock: true)
                } else {
                    skipStatement(insideBlock: true)
                }
            case .invalid:
                skipStatement(insideBlock: true)
            case .leftBrace:
                error("unexpected '{': a block belongs to a declaration", current.range)
                _ = skipBalanced(from: current.range, consumeOpen: true)
            default:
                error("expected a property (name: value) or a declaration, found \(describe(current))",
                      current.range)
                skipStatement(insideBlock: true)
            }
        }
    }

    private mutating func parseBlockItem(depth: Int, inside owner: BlockOwner) -> BlockItem? {
        let next = peek(1)
        if next.kind == .colon {
            return parseProperty().map(BlockItem.property)
        }
        switch Keywords.match(file.bytes, current.range) {
        case .kind(let kind)?: return parseDeclaration(.element(kind), depth: depth, inside: owner).map(BlockItem.declaration)
        case .cluster?: return parseDeclaration(.cluster, depth: depth, inside: owner).map(BlockItem.declaration)
        case .network?: return parseDeclaration(.network, depth: depth, inside: owner).map(BlockItem.declaration)
        default: break
        }
        let word = text(current)
        if next.kind == .arrow || (next.kind == .comma && peek(2).kind == .word && peek(3).kind == .arrow) {
            error("links are written at the top level, not inside a block", current.range,
                  fix: "move '\(word) -> …' after the closing '}'")
            return nil
        }
        if next.kind == .invalid {
            // The lexer has reported the character.
            return nil
        }
        if PropertyCatalog.allNames.contains(word) {
            error("expected ':' after the property '\(word)', found \(describe(next))", next.range,
                  fix: next.kind == .word ? "write \(word): \(text(next))" : "write a colon after \(word), then its value")
            return nil
        }
        if next.kind == .word {
            if let keyword = misspelledKind(word, inBlock: true) {
                return parseDeclaration(keyword, depth: depth, inside: owner).map(BlockItem.declaration)
            }
            brokenNames.insert(text(next))
            if let suggestion = Suggestions.closest(to: word, in: PropertyCatalog.allNames) {
                error("expected ':' after '\(word)'; did you mean the property '\(suggestion)'?", next.range)
                return nil
            }
            error("unknown kind '\(word)'; expected a property (name: value) or one of \(Self.kindList)",
                  current.range)
            return nil
        }
        error("expected ':' and a value after '\(word)', found \(describe(next))", next.range)
        return nil
    }

    private mutating func parseProperty() -> Property? {
        let name = Identifier(name: text(current), range: current.range)
        advance()  // name
        advance()  // ':'
        guard let value = parseValue(allowList: true) else { return nil }
        return Property(name: name, value: value, range: name.range.union(value.range))
    }

    private mutating func parseValue(allowList: Bool) -> ValueNode? {
        let token = current
        switch token.kind {
        case .word:
            advance()
            return ValueNode(value: .word(text(token)), range: token.range)
        case .string:
            advance()
            return ValueNode(value: .string(stringValue(token) ?? ""), range: token.range)
        case .number:
            advance()
            return ValueNode(value: number(token), range: token.range)
        case .percentage:
            advance()
            let raw = text(token)
            return ValueNode(value: .percentage(Double(raw.dropLast()) ?? 0, text: raw), range: token.range)
        case .duration:
            advance()
            let raw = text(token)
            let unit: Double = switch raw.last {
            case "m": 60
            case "h": 3_600
            case "d": 86_400
            default: 1
            }
            return ValueNode(value: .duration((Double(raw.dropLast()) ?? 0) * unit, text: raw), range: token.range)
        case .leftBracket:
            guard allowList else {
                error("lists cannot be nested", token.range)
                let end = skipBalancedBrackets()
                return ValueNode(value: .list([]), range: SourceRange(token.range.start, end))
            }
            return parseList()
        case .invalid:
            advance()
            return nil
        default:
            error("expected a value after ':', found \(describe(token))", token.range)
            return nil
        }
    }

    private mutating func parseList() -> ValueNode? {
        let open = current.range
        advance()
        var elements: [ValueNode] = []
        while true {
            while current.kind == .newline { advance() }
            if current.kind == .rightBracket {
                let close = current.range
                advance()
                return ValueNode(value: .list(elements), range: SourceRange(open.start, close.end))
            }
            if current.kind == .endOfFile || current.kind == .rightBrace || current.kind == .semicolon {
                error("unclosed '[': expected ']'", open, fix: "close the list with ']'")
                return nil
            }
            guard let element = parseValue(allowList: false) else {
                return nil
            }
            elements.append(element)
            while current.kind == .newline { advance() }
            if current.kind == .comma {
                advance()
            } else if current.kind != .rightBracket {
                error("expected ',' or ']' in the list, found \(describe(current))", current.range)
                return nil
            }
        }
    }

    // MARK: Statement ends and recovery

    private mutating func expectStatementEnd(insideBlock: Bool) {
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
    private mutating func skipStatement(insideBlock: Bool = false) {
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
    private mutating func skipBalanced(from open: SourceRange, consumeOpen: Bool = false) -> Int {
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

    private mutating func skipBalancedBrackets() -> Int {
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

    private var current: Token { tokens[position] }

    /// Whether a token is the first of its line.
    private func startsLine(_ token: Token) -> Bool {
        position == 0 || tokens[position - 1].kind == .newline
    }

    /// The blanks a line starts with, counted (a tab as one).
    private func indentation(ofLineAt offset: Int) -> Int {
        var start = min(offset, file.bytes.count)
        while start > 0, file.bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var index = start
        while index < file.bytes.count, file.bytes[index] == UInt8(ascii: " ") || file.bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index - start
    }

    /// Where a forgotten `}` belongs: the blank line after the block's last line,
    /// or the end of that line.
    private func missingBraceLocation(after end: Int) -> Location {
        let line = file.line(at: max(end - 1, 0))
        if line < file.lineCount, file.lineText(line + 1).allSatisfy({ $0 == " " || $0 == "\t" }) {
            let start = file.lineRange(line + 1).lowerBound
            return file.location(SourceRange(start, start))
        }
        let lineEnd = file.lineRange(line).upperBound
        return file.location(SourceRange(lineEnd, lineEnd))
    }

    private func peek(_ offset: Int) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    /// A string token's value with its escapes decoded.
    private func stringValue(_ token: Token) -> String? {
        token.kind == .string ? strings[token.range.start] : nil
    }

    private func text(_ token: Token) -> String {
        String(decoding: file.bytes[token.range.start..<token.range.end], as: UTF8.self)
    }

    private func number(_ token: Token) -> Value {
        let raw = text(token)
        return .number(Double(raw) ?? 0, text: raw)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .word: return "'\(text(token))'"
        case .number, .percentage, .duration: return "the number \(text(token))"
        default: return token.kind.spelling
        }
    }

    private mutating func error(_ message: String, _ range: SourceRange, fix: String? = nil) {
        errors.append(.parseError(message, at: file.location(range), fix: fix))
    }
}
